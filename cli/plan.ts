/**
 * `npm run plan -- --stack <name> [--json <file>] [--out <dir>] [--compare <baseline>]`
 * Exit codes: 0 ok, 1 a mandatory policy is violated or (with --compare) a protected resource
 * would be replaced or deleted, 2 invalid config or usage.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { compareArgument } from "./compare-argument";
import { exceptionSummary } from "../plan/exception-summary";
import { guardrailById } from "../policies/catalog";
import { PassphraseError } from "../plan/passphrase-secrets";
import { planProfile } from "../plan/policy-evaluation";
import { renderPolicyViolations } from "../plan/print-policy-violations";
import { renderStackOutputs } from "../plan/print-stack-outputs";
import { planStackFile } from "../plan/plan-stack-file";
import { planArtifacts, writeArtifacts } from "../plan/render-artifacts";
import { renderResourceTree } from "../plan/resource-tree";
import { StackFileError } from "../plan/stack-config-file";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE, type CliIo } from "./command-line";
export const EXIT_POLICY_VIOLATION = 1;

const USAGE = `usage: npm run plan -- --stack <name> [--json <file>] [--out <dir>] [--compare <file>] [--stacks-dir <dir>] [--platform-plan <file>]

Runs the program offline under Pulumi's mock runtime with the stack's config.
  --stack <name>       stack to plan (stacks/Pulumi.<name>.yaml)
  --json <file>        write the machine-readable plan
  --out <dir>          write rendered artifacts (Kubernetes YAML, Helm values, provider resources)
  --compare <file>     show what pulumi up would change against a baseline: an earlier plan JSON (--json)
                       or a checkpoint (pulumi stack export); exit 1 if a protected resource would be
                       replaced or deleted (docs/change-review.md)
  --stacks-dir <dir>   where the stack files live (default: stacks/)
  --platform-plan <file>
                       tenant stacks: the referenced platform stack's outputs, as a plan JSON (--json) or
                       a JSON object of outputs; default: plan <stacks-dir>/Pulumi.<platform stack>.yaml first
Secure values are decrypted when PULUMI_CONFIG_PASSPHRASE(_FILE) is set; either way they stay secret.`;

const DEFAULT_STACKS_DIR = path.resolve(__dirname, "..", "stacks");

export interface CliResult {
  exitCode: number;
  /** Resources the program registered (0 when config or usage was rejected). */
  resourcesRegistered: number;
}

const usageError = (exitCode = EXIT_USAGE): CliResult => ({ exitCode, resourcesRegistered: 0 });

export async function main(argv: readonly string[], io: CliIo): Promise<CliResult> {
  const args = readCommandLine(
    argv,
    {
      stack: { type: "string" },
      json: { type: "string" },
      out: { type: "string" },
      "stacks-dir": { type: "string" },
      "platform-plan": { type: "string" },
      compare: { type: "string" },
    },
    USAGE,
    io,
    ["stack"],
  );
  if (typeof args === "number") return usageError(args);

  let outcome;
  try {
    outcome = await planStackFile({
      stacksDir: args["stacks-dir"] ?? DEFAULT_STACKS_DIR,
      stack: args.stack,
      platformPlanFile: args["platform-plan"],
    });
  } catch (error) {
    if (error instanceof StackFileError || error instanceof PassphraseError) {
      io.stderr(`stack '${args.stack}': ${error.message}`);
      return usageError();
    }
    throw error;
  }
  const resourcesRegistered = outcome.capture.registrations.length;
  if (outcome.kind === "invalid-config") {
    io.stderr(`stack '${args.stack}': invalid configuration (nothing was planned):\n${outcome.problems.map((p) => `  - ${p}`).join("\n")}`);
    return { exitCode: EXIT_USAGE, resourcesRegistered };
  }
  const { plan, stackConfig } = outcome;
  if (args.compare !== undefined) {
    const compared = compareArgument(plan, args.compare, io);
    if (compared === undefined) return { exitCode: EXIT_USAGE, resourcesRegistered };
    plan.changes = compared.changes;
    io.stdout(compared.text);
  } else io.stdout(renderResourceTree(plan));
  const exceptions = exceptionSummary(plan);
  if (exceptions.lines.length > 0) io.stdout(`\n${exceptions.lines.join("\n")}`);
  for (const warning of exceptions.warnings) io.stderr(warning);
  if (stackConfig.secretKeys.length > 0 && !stackConfig.decrypted) {
    io.stdout("\nnote: secure config values were not decrypted (no PULUMI_CONFIG_PASSPHRASE); they were planned as secrets.");
  }
  if (args.json) {
    mkdirSync(path.dirname(path.resolve(args.json)), { recursive: true });
    writeFileSync(args.json, `${JSON.stringify(plan, null, 2)}\n`);
    io.stdout(`\nplan written to ${args.json}`);
  }
  if (args.out) {
    const artifacts = planArtifacts(plan);
    writeArtifacts(args.out, artifacts);
    io.stdout(`\n${artifacts.length} artifacts written to ${args.out}`);
  }
  const { violations } = plan.policies;
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
  const profile = planProfile(plan);
  io.stdout(
    `\nPolicy violations: ${violations.length} (${mandatory.length} mandatory)${profile ? `, with the ${profile} profile's enforcement levels` : ""}` +
      (violations.length > 0 ? `\n${renderPolicyViolations(violations, plan.resources, (id) => guardrailById(id).fix)}` : ""),
  );
  io.stdout(`\n${renderStackOutputs(plan)}`);
  if (mandatory.length > 0)
    io.stderr(
      `stack '${args.stack}': ${mandatory.length} mandatory policy violations (listed above): the plan fails (exit ${EXIT_POLICY_VIOLATION})`,
    );
  // With --compare, a protected resource that would be replaced or deleted blocks too (listed in the change tree).
  const blocked = plan.changes?.blocked.length ?? 0;
  return { exitCode: mandatory.length > 0 || blocked > 0 ? EXIT_POLICY_VIOLATION : EXIT_OK, resourcesRegistered };
}

if (require.main === module) runAsProcess(async (argv, io) => (await main(argv, io)).exitCode);
