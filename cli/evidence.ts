/**
 * `npm run evidence -- --stack <name> [--out <dir>] [--stacks-dir <dir>] [--drill-results <file>]`
 * Plans the stack offline, evaluates the guardrails and writes the compliance
 * evidence: evidence.md, evidence.html, evidence.json, the platform SBOM
 * platform.cdx.json (CycloneDX 1.6, validated before it is written) and SHA256SUMS.
 * Exit codes: 0 written, 1 the SBOM does not validate, 2 usage or invalid config.
 * With `--ledger` it verifies and summarises a release ledger instead (cli/evidence-ledger.ts).
 */
import { execFileSync } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseDrillResults, type DrillResults } from "../compliance/drill-results";
import { evidenceBundle, type EvidenceBundleInputs } from "../compliance/evidence-bundle";
import { PassphraseError } from "../plan/passphrase-secrets";
import { planStackFile } from "../plan/plan-stack-file";
import { StackFileError } from "../plan/stack-config-file";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";
import { ledgerMain } from "./evidence-ledger";

export { EXIT_OK, EXIT_USAGE } from "./command-line";
export const EXIT_INVALID_SBOM = 1;

const ROOT = path.resolve(__dirname, "..");

const USAGE = `usage: npm run evidence -- --stack <name> [--out <dir>] [--stacks-dir <dir>] [--drill-results <file>]

Builds the compliance evidence of a stack from its offline plan and the guardrail catalog.
  --stack <name>       stack to report on (stacks/Pulumi.<name>.yaml)
  --out <dir>          where to write evidence.{md,html,json} and platform.cdx.json (default: plan-output/evidence/<stack>)
  --stacks-dir <dir>   where the stack files live (default: stacks/)
  --drill-results <f>  restore drill results: a VictoriaMetrics JSON export of the restore_drill_* series
                       (docs/backup-and-restore.md); rates the drills' latest runs besides their configuration
Exit codes: 0 written, 1 the platform SBOM does not validate, 2 usage or invalid config.
Release ledger: npm run evidence -- --ledger <file.jsonl> --from <date> --to <date> --public-key <pem> (--ledger --help).`;

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, "utf8")) as T;

/** The commit the report is built from: GitLab's CI_COMMIT_SHA, else the checkout's HEAD; undefined outside git. */
function gitCommit(): string | undefined {
  const fromCi = process.env.CI_COMMIT_SHA;
  if (fromCi !== undefined && /^[0-9a-f]{40}$/.test(fromCi)) return fromCi;
  try {
    return execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return undefined;
  }
}

export async function main(argv: readonly string[], io: CliIo, now: () => Date = () => new Date()): Promise<number> {
  if (argv.some((a) => a === "--ledger" || a.startsWith("--ledger="))) return ledgerMain(argv, io, now);
  const args = readCommandLine(
    argv,
    { stack: { type: "string" }, out: { type: "string" }, "stacks-dir": { type: "string" }, "drill-results": { type: "string" } },
    USAGE,
    io,
    ["stack"],
  );
  if (typeof args === "number") return args;
  let drillResults: DrillResults | undefined;
  if (args["drill-results"] !== undefined) {
    try {
      drillResults = parseDrillResults(readFileSync(args["drill-results"], "utf8"));
    } catch (error) {
      io.stderr(`--drill-results ${args["drill-results"]}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT_USAGE;
    }
  }

  const stacksDir = args["stacks-dir"] ?? path.join(ROOT, "stacks");
  let outcome;
  try {
    outcome = await planStackFile({ stacksDir, stack: args.stack });
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

  const bundle = await evidenceBundle({
    plan: outcome.plan,
    packageJson: readJson<EvidenceBundleInputs["packageJson"]>(path.join(ROOT, "package.json")),
    lock: readJson<EvidenceBundleInputs["lock"]>(path.join(ROOT, "package-lock.json")),
    generatedAt: now(),
    serialNumber: `urn:uuid:${randomUUID()}`,
    source: {
      ...(gitCommit() !== undefined ? { commit: gitCommit() } : {}),
      stackConfigSha256: createHash("sha256")
        .update(readFileSync(path.join(stacksDir, `Pulumi.${args.stack}.yaml`)))
        .digest("hex"),
    },
    ...(drillResults ? { drillResults } : {}),
  });
  if (bundle.kind === "invalid-sbom") {
    io.stderr(`the platform SBOM does not validate against CycloneDX 1.6:\n${JSON.stringify(bundle.errors, null, 2)}`);
    return EXIT_INVALID_SBOM;
  }

  const out = args.out ?? path.join(ROOT, "plan-output", "evidence", args.stack);
  mkdirSync(out, { recursive: true });
  for (const file of bundle.files) writeFileSync(path.join(out, file.name), file.content);

  const { report, sbom } = bundle;
  const { met, partial } = report.totals;
  io.stdout(
    `stack '${outcome.plan.stack}' (${report.profile}): ${report.controls.length} controls: ${met} met, ${partial} partial, ${report.totals["not covered"]} not covered\n` +
      `platform SBOM: ${sbom.summary.components} components (valid ${sbom.summary.format})\n` +
      `written to ${out}: ${bundle.files.map((f) => f.name).join(", ")}`,
  );
  return EXIT_OK;
}

if (require.main === module) runAsProcess((argv, io) => main(argv, io));
