import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { main, type CliResult } from "../../cli/plan";

/** A minimal valid dev config, as `delivery-platform:<key>` entries of a stack file. */
export function devConfig(): Record<string, unknown> {
  return {
    "delivery-platform:environment": "dev",
    "delivery-platform:domain": "platform.example.test",
    "delivery-platform:cluster": { context: "kind-test" },
    "delivery-platform:environments": [{ name: "dev" }, { name: "staging" }],
    "delivery-platform:gitlab": { url: "https://gitlab.example.test", parentGroup: "apps" },
    "delivery-platform:apps": [
      { name: "alpha", team: "one", environments: ["dev"] },
      { name: "beta", team: "two", environments: ["dev", "staging"] },
    ],
    // Tenant stacks of the tests are named `tenant` and onboard `orders`.
    "delivery-platform:tenants": [{ stack: "tenant", apps: ["orders"] }],
  };
}

/** Writes `Pulumi.<stack>.yaml` files into a fresh directory and returns it. */
export function writeStacks(stacks: Record<string, { config: Record<string, unknown>; encryptionsalt?: string }>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stacks-"));
  for (const [name, document] of Object.entries(stacks)) {
    writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), stringify(document));
  }
  return dir;
}

export interface CliRun extends CliResult {
  stdout: string;
  stderr: string;
}

/** Runs the plan CLI in-process, capturing what it prints. */
export async function runPlanCli(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const result = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { ...result, stdout: out.join("\n"), stderr: err.join("\n") };
}
