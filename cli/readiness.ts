/**
 * `npm run readiness -- --plan <plan.json>`
 * What would break on the first `pulumi up` of a production platform although every schema accepts
 * the config (plan/first-up-readiness.ts): each finding names the check, the resource and the effect.
 * Exit codes: 0 nothing found, 1 findings, 2 usage or an invalid plan file.
 */
import { firstUpReadiness } from "../plan/first-up-readiness";
import { planArgument } from "./plan-argument";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_FINDINGS = 1;

const USAGE = `usage: npm run readiness -- --plan <plan.json>

Checks a plan written by \`npm run plan -- --stack <name> --json <plan.json>\` for what breaks on the first
\`pulumi up\` in production: Vault TLS and clients, the seal's identity, raft snapshots, Harbor's certificate
and scan timing, proxy caches, robot rotation, Alertmanager receivers, VictoriaLogs and Grafana replicas.
  --plan <file>   the machine-readable plan
Exit codes: 0 nothing found, 1 findings, 2 usage or invalid input.`;

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(argv, { plan: { type: "string" } }, USAGE, io, ["plan"]);
  if (typeof args === "number") return args;
  const plan = planArgument(args.plan, io);
  if (plan === EXIT_USAGE) return plan;
  const findings = firstUpReadiness(plan);
  for (const finding of findings) io.stdout(`[${finding.check}]\n  resource: ${finding.urn}\n  problem:  ${finding.message}\n`);
  io.stdout(`${findings.length} first-up readiness findings in stack '${plan.stack}'`);
  return findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

if (require.main === module) runAsProcess(main);
