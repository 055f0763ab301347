/**
 * `npm run plan -- --stack <name> [--json <file>] [--out <dir>]`
 * Exit codes: 0 ok, 1 a mandatory policy is violated, 2 invalid config or usage.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";
import { PassphraseError } from "./passphrase-secrets";
import { planDocumentSchema } from "./plan-document";
import { evaluatePlanPolicies } from "./policy-evaluation";
import { planArtifacts, writeArtifacts } from "./render-artifacts";
import { renderResourceTree } from "./resource-tree";
import { runOfflinePlan } from "./run-offline-plan";
import { readStackConfig, stackFilePath, StackFileError, type StackConfig } from "./stack-config-file";
import { PLATFORM_STACK_KEY } from "../stacks/tenant/config";

export { EXIT_OK, EXIT_USAGE, type CliIo } from "./command-line";
export const EXIT_POLICY_VIOLATION = 1;

const USAGE = `usage: npm run plan -- --stack <name> [--json <file>] [--out <dir>] [--stacks-dir <dir>] [--platform-plan <file>]

Runs the program offline under Pulumi's mock runtime with the stack's config.
  --stack <name>       stack to plan (stacks/Pulumi.<name>.yaml)
  --json <file>        write the machine-readable plan
  --out <dir>          write rendered artifacts (Kubernetes YAML, Helm values, provider resources)
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
    },
    USAGE,
    io,
    ["stack"],
  );
  if (typeof args === "number") return usageError(args);

  try {
    const stacksDir = args["stacks-dir"] ?? DEFAULT_STACKS_DIR;
    const stackConfig = readStackConfig(stacksDir, args.stack);
    const stackReferences = await referencedStackOutputs(stackConfig, stacksDir, args["platform-plan"]);
    const outcome = await runOfflinePlan({ stack: args.stack, stackConfig, stackReferences });
    const resourcesRegistered = outcome.capture.registrations.length;
    if (outcome.kind === "invalid-config") {
      io.stderr(
        `stack '${args.stack}': invalid configuration (nothing was planned):\n${outcome.problems.map((p) => `  - ${p}`).join("\n")}`,
      );
      return { exitCode: EXIT_USAGE, resourcesRegistered };
    }
    const { plan } = outcome;
    plan.policies.violations = await evaluatePlanPolicies(plan);
    io.stdout(renderResourceTree(plan));
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
    const mandatory = plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory");
    return { exitCode: mandatory.length > 0 ? EXIT_POLICY_VIOLATION : EXIT_OK, resourcesRegistered };
  } catch (error) {
    if (error instanceof StackFileError || error instanceof PassphraseError) {
      io.stderr(`stack '${args.stack}': ${error.message}`);
      return usageError();
    }
    throw error;
  }
}

/**
 * A tenant stack reads the platform stack's outputs. Offline they come from a
 * plan file, or from planning the platform's stack file when this repository has it
 * (`organization/project/<stack>` → `Pulumi.<stack>.yaml`).
 */
export async function referencedStackOutputs(
  stackConfig: StackConfig,
  stacksDir: string,
  platformPlanFile?: string,
): Promise<Record<string, Record<string, unknown>>> {
  const platformStack = stackConfig.config[PLATFORM_STACK_KEY];
  if (platformStack === undefined) return {};
  if (platformPlanFile !== undefined) {
    if (!existsSync(platformPlanFile)) throw new StackFileError(`--platform-plan: no file ${platformPlanFile}`);
    const parsed = JSON.parse(readFileSync(platformPlanFile, "utf8")) as unknown;
    const document = planDocumentSchema.safeParse(parsed);
    if (document.success) return { [platformStack]: document.data.outputs };
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
      throw new StackFileError(`--platform-plan: ${platformPlanFile} is neither a plan (--json) nor a JSON object of stack outputs`);
    return { [platformStack]: parsed as Record<string, unknown> };
  }
  const referenced = platformStack.split("/").pop() ?? platformStack;
  if (!existsSync(stackFilePath(stacksDir, referenced))) {
    throw new StackFileError(
      `references platform stack '${platformStack}', but there is no ${stackFilePath(stacksDir, referenced)} to plan; pass --platform-plan <plan.json>`,
    );
  }
  const outcome = await runOfflinePlan({ stack: referenced, stackConfig: readStackConfig(stacksDir, referenced) });
  if (outcome.kind !== "planned") {
    throw new StackFileError(
      `the referenced platform stack '${referenced}' has an invalid configuration:\n  - ${outcome.problems.join("\n  - ")}`,
    );
  }
  return { [platformStack]: outcome.plan.outputs };
}

if (require.main === module) runAsProcess(async (argv, io) => (await main(argv, io)).exitCode);
