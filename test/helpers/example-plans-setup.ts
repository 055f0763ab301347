// jest globalSetup: starts planning the example stacks in a background process (plan-example-stacks.ts)
// and returns at once. Tests that need a plan wait for it (example-plans.ts); the others do not, and
// with one test worker the planning runs on a core the tests leave idle.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXAMPLE_PLANS_DIR, exitFile, logFile } from "./example-plan-files";
import { planning } from "./example-plans-process";

const ROOT = path.resolve(__dirname, "../..");

export default function setup(): void {
  const dir = mkdtempSync(path.join(tmpdir(), "example-plans-"));
  // The example plans are the ones without a passphrase (secure values planned as placeholders),
  // whatever the developer's shell holds; test/plan/secrets.test.ts covers decryption.
  const env = { ...process.env };
  delete env.PULUMI_CONFIG_PASSPHRASE;
  delete env.PULUMI_CONFIG_PASSPHRASE_FILE;
  const log = openSync(logFile(dir), "w");
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "plan-example-stacks.ts"), dir], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", log],
  });
  closeSync(log);
  child.on("exit", (code, signal) => writeFileSync(exitFile(dir), JSON.stringify({ code, signal })));
  process.env[EXAMPLE_PLANS_DIR] = dir;
  planning.set({ child, dir });
}
