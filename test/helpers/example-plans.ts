// The example stacks (stacks/Pulumi.<stack>.yaml) as `npm run plan` plans them without a
// passphrase, planned once per jest run by the global setup (example-plans-setup.ts). Tests
// that need another config, a passphrase or another command plan for themselves.
import { existsSync, readFileSync } from "node:fs";
import type { CliResult } from "../../cli/plan";
import type { PlanDocument } from "../../plan/plan-document";
import { artifactsDir, EXAMPLE_PLANS_DIR, exitFile, logFile, planFile, runFile } from "./example-plan-files";

/** One `npm run plan -- --stack <stack> --json <jsonFile> --out <outDir>` of an example stack. */
export interface ExampleRun extends CliResult {
  argv: string[];
  stdout: string;
  stderr: string;
  jsonFile: string;
  outDir: string;
}

const WAIT_MS = 50_000; // under jest's hook timeout (60 s), so a stuck planner fails with its log
const POLL_MS = 50;

function plansDir(): string {
  const dir = process.env[EXAMPLE_PLANS_DIR];
  if (dir === undefined)
    throw new Error(`${EXAMPLE_PLANS_DIR} is not set: run the tests through jest.config.js, whose globalSetup plans the stacks`);
  return dir;
}

/** Waits until the stack's run is recorded; fails with the planner's log if it ended or stalled without it. */
async function recorded(stack: string): Promise<string> {
  const dir = plansDir();
  const file = runFile(dir, stack);
  const deadline = Date.now() + WAIT_MS;
  while (!existsSync(file)) {
    const ended = existsSync(exitFile(dir));
    // Checked again after seeing the exit: the planner writes the file before it exits.
    if ((ended && !existsSync(file)) || (!ended && Date.now() > deadline)) {
      const why = ended ? `the planner exited (${readFileSync(exitFile(dir), "utf8")})` : `no result after ${WAIT_MS / 1000} s`;
      throw new Error(`example stack '${stack}' was not planned: ${why}\n${readFileSync(logFile(dir), "utf8")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return file;
}

const runs = new Map<string, Promise<ExampleRun>>();
const plans = new Map<string, Promise<PlanDocument>>();

/** The plan CLI's run on the example stack: exit code, output, and where it wrote the plan and artifacts. */
export function exampleRun(stack: string): Promise<ExampleRun> {
  let run = runs.get(stack);
  if (run === undefined) {
    run = recorded(stack).then((file) => ({
      ...(JSON.parse(readFileSync(file, "utf8")) as Omit<ExampleRun, "jsonFile" | "outDir">),
      jsonFile: planFile(plansDir(), stack),
      outDir: artifactsDir(plansDir(), stack),
    }));
    runs.set(stack, run);
  }
  return run;
}

/**
 * The example stack's plan (`--json`), guardrail violations included. Parsed once per test file
 * (jest gives each file its own modules) and frozen, since the file's tests share it: copy it
 * (structuredClone) to change it.
 */
export function examplePlan(stack: string): Promise<PlanDocument> {
  let plan = plans.get(stack);
  if (plan === undefined) {
    plan = exampleRun(stack).then((run) => {
      if (!existsSync(run.jsonFile)) throw new Error(`example stack '${stack}' wrote no plan (exit ${run.exitCode}):\n${run.stderr}`);
      return deepFreeze(JSON.parse(readFileSync(run.jsonFile, "utf8")) as PlanDocument);
    });
    plans.set(stack, plan);
  }
  return plan;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
