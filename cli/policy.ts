/**
 * `npm run policy -- --plan <plan.json> [--profile dev|staging|prod]`
 * Evaluates the guardrail pack over a plan written by `npm run plan -- --json`.
 * Exit codes: 0 no mandatory violation, 1 a mandatory policy is violated, 2 usage or an invalid plan file.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { planArgument } from "./plan-argument";
import { evaluatePlanPolicies, planPolicyConfig, planProfile } from "../plan/policy-evaluation";
import { renderPolicyViolations } from "../plan/print-policy-violations";
import { enginePackConfig } from "../policies/scoped-policies";
import { guardrailById, PROFILES, type Profile } from "../policies/catalog";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_POLICY_VIOLATION = 1;

const USAGE = `usage: npm run policy -- --plan <plan.json> [--profile dev|staging|prod] [--pack-config <file>]

Evaluates the guardrail policy pack (policies/) over a plan written by
\`npm run plan -- --stack <name> --json <plan.json>\`.
  --plan <file>       the machine-readable plan
  --profile <name>    enforcement levels to apply everywhere (default: the plan's profile, and in app
                      namespaces their environment's tier)
  --pack-config <file>
                      also write this stack's policy pack config (levels per environment, waivers of
                      open exceptions) for \`pulumi preview --policy-pack policies --policy-pack-config <file>\`
Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 usage or invalid plan.`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = readCommandLine(
    argv,
    { plan: { type: "string" }, profile: { type: "string" }, "pack-config": { type: "string" } },
    USAGE,
    io,
    ["plan"],
  );
  if (typeof args === "number") return args;
  if (args.profile !== undefined && !(PROFILES as readonly string[]).includes(args.profile)) {
    io.stderr(`--profile must be one of ${PROFILES.join(", ")} (got '${args.profile}')`);
    return EXIT_USAGE;
  }

  const plan = planArgument(args.plan, io);
  if (plan === EXIT_USAGE) return plan;
  const profile = (args.profile as Profile | undefined) ?? planProfile(plan);
  if (profile === undefined) {
    io.stderr(`the plan has no 'profile' output; pass --profile ${PROFILES.join("|")}`);
    return EXIT_USAGE;
  }

  // Without --profile each namespace keeps its environment's tier; with it, every namespace gets that profile's levels.
  const override = args.profile as Profile | undefined;
  const violations = await evaluatePlanPolicies(plan, override);
  if (args["pack-config"] !== undefined) {
    mkdirSync(path.dirname(path.resolve(args["pack-config"])), { recursive: true });
    writeFileSync(args["pack-config"], `${JSON.stringify(enginePackConfig(planPolicyConfig(plan, override)), null, 2)}\n`);
  }
  if (violations.length > 0) io.stdout(renderPolicyViolations(violations, plan.resources, (id) => guardrailById(id).fix));
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  io.stdout(
    `\n${violations.length} policy violations (${mandatory} mandatory) in stack '${plan.stack}' with the ${profile} profile's enforcement levels${override === undefined ? ", in app namespaces their environment's" : " everywhere"}`,
  );
  return mandatory > 0 ? EXIT_POLICY_VIOLATION : EXIT_OK;
}

if (require.main === module) runAsProcess(main);
