/**
 * `npm run access -- --plan <plan.json> [--json <file>]`
 * The access graph of a plan (access/): every principal, asset and edge, and the isolation rules.
 * Exit codes: 0 no rule broken (accepted risks are printed), 1 a rule is broken (each printed as a
 * path principal → edge → asset), 2 usage, an invalid plan file or invalid accepted-risk settings.
 */
import { writeFileSync } from "node:fs";
import { buildAccessGraph } from "../access/access-graph";
import { AccessSettingsError } from "../access/accepted-risks";
import { formatFinding } from "../access/paths";
import { accessReport } from "../access/report";
import { evaluateRules } from "../access/rules";
import { UnsupportedExpressionError } from "../access/ci/rules-expression";
import { planArgument } from "./plan-argument";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_RULE_BROKEN = 1;

const USAGE = `usage: npm run access -- --plan <plan.json> [--json <file>]

Computes the access graph of a plan written by \`npm run plan -- --stack <name> --json <plan.json>\`:
principals, assets and the edges between them, and checks the isolation rules.
  --plan <file>   the machine-readable plan
  --json <file>   also write the graph and the findings as JSON
Exit codes: 0 no rule broken, 1 a rule is broken (printed as paths), 2 usage or invalid input.`;

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const args = readCommandLine(argv, { plan: { type: "string" }, json: { type: "string" } }, USAGE, io, ["plan"]);
  if (typeof args === "number") return args;
  const plan = planArgument(args.plan, io);
  if (plan === EXIT_USAGE) return plan;
  let built;
  try {
    built = await buildAccessGraph(plan);
  } catch (error) {
    if (error instanceof AccessSettingsError) {
      io.stderr(`'${args.plan}': invalid access settings:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
      return EXIT_USAGE;
    }
    if (error instanceof UnsupportedExpressionError) {
      io.stderr(`'${args.plan}': ${error.message} (the access graph evaluates $VAR, ==, !=, =~, !~, &&, || and parentheses)`);
      return EXIT_USAGE;
    }
    throw error;
  }
  const findings = evaluateRules(built.graph, built.tenantApps);
  const broken = findings.filter((f) => f.accepted === undefined);
  for (const finding of findings) io.stdout(`${formatFinding(built.graph, finding)}\n`);
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(accessReport(built, findings), null, 2)}\n`);
  const report = accessReport(built, []);
  io.stdout(
    `access graph of stack '${built.stack}': ${report.counts.principals} principals, ${report.counts.assets} assets, ${report.counts.identities} identities, ${report.counts.edges} edges; ` +
      `GitLab ${built.settings.tier}${built.settings.tierAssumed ? " (assumed: the plan has approval rules)" : ""}\n` +
      `${broken.length} broken rule paths, ${findings.length - broken.length} accepted risks`,
  );
  return broken.length > 0 ? EXIT_RULE_BROKEN : EXIT_OK;
}

if (require.main === module) runAsProcess(main);
