/**
 * `npm run policy -- --plan <plan.json> [--profile dev|staging|prod]`
 * Evaluates the guardrail pack over a plan written by `npm run plan -- --json`.
 * Exit codes: 0 no mandatory violation, 1 a mandatory policy is violated, 2 usage or an invalid plan file.
 */
import { planArgument } from "./plan-argument";
import { evaluatePlanPolicies, planProfile } from "../plan/policy-evaluation";
import { renderPolicyViolations } from "../plan/print-policy-violations";
import { guardrailById, PROFILES, type Profile } from "../policies/catalog";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_POLICY_VIOLATION = 1;

const USAGE = `usage: npm run policy -- --plan <plan.json> [--profile dev|staging|prod]

Evaluates the guardrail policy pack (policies/) over a plan written by
\`npm run plan -- --stack <name> --json <plan.json>\`.
  --plan <file>       the machine-readable plan
  --profile <name>    enforcement levels to apply (default: the plan's 'profile' output)
Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 usage or invalid plan.`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = readCommandLine(argv, { plan: { type: "string" }, profile: { type: "string" } }, USAGE, io, ["plan"]);
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

  const violations = await evaluatePlanPolicies(plan, profile);
  if (violations.length > 0) io.stdout(renderPolicyViolations(violations, plan.resources, (id) => guardrailById(id).fix));
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  io.stdout(
    `\n${violations.length} policy violations (${mandatory} mandatory) in stack '${plan.stack}' with the ${profile} profile's enforcement levels`,
  );
  return mandatory > 0 ? EXIT_POLICY_VIOLATION : EXIT_OK;
}

if (require.main === module) runAsProcess(main);
