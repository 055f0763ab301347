/**
 * `npm run evidence -- --stack <name> [--out <dir>] [--stacks-dir <dir>]`
 * Plans the stack offline, evaluates the guardrails and writes the compliance
 * evidence: evidence.md, evidence.html, evidence.json and the platform SBOM
 * platform.cdx.json (CycloneDX 1.6, validated before it is written).
 * Exit codes: 0 written, 1 the SBOM does not validate, 2 usage or invalid config.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PLATFORM_CHARTS } from "../components/platform/chart-catalog";
import { DEFAULT_TOOL_IMAGES } from "../components/onboarding/pipeline/tool-images";
import type { PackageLock } from "../compliance/npm-dependencies";
import { platformSbom, validateSbom } from "../compliance/platform-sbom";
import { renderHtml } from "../compliance/render-html";
import { renderMarkdown } from "../compliance/render-markdown";
import { buildEvidenceReport } from "../compliance/report";
import { SBOM_FILE } from "../compliance/sbom-reference";
import { GUARDRAILS } from "../policies/catalog";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";
import { PassphraseError } from "./passphrase-secrets";
import { evaluatePlanPolicies } from "./policy-evaluation";
import { runOfflinePlan } from "./run-offline-plan";
import { readStackConfig, StackFileError } from "./stack-config-file";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_INVALID_SBOM = 1;

const ROOT = path.resolve(__dirname, "..");

const USAGE = `usage: npm run evidence -- --stack <name> [--out <dir>] [--stacks-dir <dir>]

Builds the compliance evidence of a stack from its offline plan and the guardrail catalog.
  --stack <name>       stack to report on (stacks/Pulumi.<name>.yaml)
  --out <dir>          where to write evidence.{md,html,json} and platform.cdx.json (default: plan-output/evidence/<stack>)
  --stacks-dir <dir>   where the stack files live (default: stacks/)
Exit codes: 0 written, 1 the platform SBOM does not validate, 2 usage or invalid config.`;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

export async function main(argv: readonly string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  const args = readCommandLine(argv, { stack: { type: "string" }, out: { type: "string" }, "stacks-dir": { type: "string" } }, USAGE, io, [
    "stack",
  ]);
  if (typeof args === "number") return args;

  let outcome;
  try {
    const stackConfig = readStackConfig(args["stacks-dir"] ?? path.join(ROOT, "stacks"), args.stack);
    outcome = await runOfflinePlan({ stack: args.stack, stackConfig });
  } catch (error) {
    if (error instanceof StackFileError || error instanceof PassphraseError) {
      io.stderr(`stack '${args.stack}': ${error.message}`);
      return EXIT_USAGE;
    }
    throw error;
  }
  if (outcome.kind === "invalid-config") {
    io.stderr(`stack '${args.stack}': invalid configuration:\n${outcome.problems.map((p) => `  - ${p}`).join("\n")}`);
    return EXIT_USAGE;
  }
  const { plan } = outcome;
  plan.policies.violations = await evaluatePlanPolicies(plan);

  const packageJson = readJson<{ name: string; version: string; dependencies?: Record<string, string> }>(path.join(ROOT, "package.json"));
  const generatedAt = now();
  const sbom = platformSbom({
    platform: { name: packageJson.name, version: packageJson.version },
    charts: PLATFORM_CHARTS,
    toolImages: DEFAULT_TOOL_IMAGES,
    plan,
    packageJson,
    lock: readJson<PackageLock>(path.join(ROOT, "package-lock.json")),
    timestamp: generatedAt,
    serialNumber: `urn:uuid:${randomUUID()}`,
  });
  const errors = await validateSbom(sbom.json);
  if (errors !== null) {
    io.stderr(`the platform SBOM does not validate against CycloneDX 1.6:\n${JSON.stringify(errors, null, 2)}`);
    return EXIT_INVALID_SBOM;
  }

  const report = buildEvidenceReport({ plan, catalog: GUARDRAILS, violations: plan.policies.violations, sbom: sbom.summary, generatedAt });
  const out = args.out ?? path.join(ROOT, "plan-output", "evidence", args.stack);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "evidence.md"), renderMarkdown(report));
  writeFileSync(path.join(out, "evidence.html"), renderHtml(report));
  writeFileSync(path.join(out, "evidence.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(out, SBOM_FILE), `${JSON.stringify(sbom.json, null, 2)}\n`);

  const { met, partial } = report.totals;
  io.stdout(
    `stack '${plan.stack}' (${report.profile}): ${report.controls.length} controls: ${met} met, ${partial} partial, ${report.totals["not covered"]} not covered\n` +
      `platform SBOM: ${sbom.summary.components} components (valid ${sbom.summary.format})\n` +
      `written to ${out}: evidence.md, evidence.html, evidence.json, platform.cdx.json`,
  );
  return EXIT_OK;
}

if (require.main === module) runAsProcess((argv, io) => main(argv, io));
