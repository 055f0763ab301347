// Plans every example stack (stacks/Pulumi.<stack>.yaml) once per jest run with the plan CLI's
// `main`, in one process: `node --import tsx test/helpers/plan-example-stacks.ts <dir>`, started by
// example-plans-setup.ts. Each run is recorded whatever its exit code; tests judge the result.
import { renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/plan";
import { listStacks, readStackConfig } from "../../plan/stack-config-file";
import { PLATFORM_STACK_KEY } from "../../stacks/tenant/config";
import { artifactsDir, planFile, runFile } from "./example-plan-files";

const STACKS = path.resolve(__dirname, "../../stacks");

/** The stack a tenant stack reads its platform from (`organization/project/<stack>`), if it is one. */
const platformOf = (stack: string) => readStackConfig(STACKS, stack, undefined).config[PLATFORM_STACK_KEY]?.split("/").pop();

async function planExampleStacks(dir: string): Promise<void> {
  // Platform stacks first: a tenant stack then reads its platform's plan instead of planning that stack again.
  const stacks = listStacks(STACKS).sort((a, b) => Number(platformOf(a) !== undefined) - Number(platformOf(b) !== undefined));
  for (const stack of stacks) {
    const argv = ["--stack", stack, "--json", planFile(dir, stack), "--out", artifactsDir(dir, stack)];
    const platform = platformOf(stack);
    if (platform !== undefined && stacks.includes(platform)) argv.push("--platform-plan", planFile(dir, platform));
    const stdout: string[] = [];
    const stderr: string[] = [];
    const result = await main(argv, { stdout: (t) => stdout.push(t), stderr: (t) => stderr.push(t) });
    const record = { argv, ...result, stdout: stdout.join("\n"), stderr: stderr.join("\n") };
    // Written under another name and renamed, so a reader never sees half a file.
    writeFileSync(`${runFile(dir, stack)}.tmp`, JSON.stringify(record));
    renameSync(`${runFile(dir, stack)}.tmp`, runFile(dir, stack));
  }
}

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error("usage: plan-example-stacks.ts <output dir>");
planExampleStacks(dir).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
