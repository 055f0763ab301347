/**
 * `npm run release-record -- --stack <name> --status <CI_JOB_STATUS> [--production] [--out <dir>] [--logs-url <url>]`
 * Writes the release record of a platform change (compliance/ledger/platform-record.ts): the
 * repository CI's `up:*` jobs run it in after_script, so a failed `pulumi up` is recorded too. The
 * record (validated against compliance/schemas/release-record.schema.json) is kept as the job's
 * evidence artifact and, with --logs-url, sent as a JSON line to VictoriaLogs.
 * Exit codes: 0 written, 1 not sent to VictoriaLogs, 2 usage or a missing CI variable.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { JSONLINE_INGEST_PATH } from "../components/shared/release-record";
import { PlatformRecordError, platformLogLine, platformReleaseRecord } from "../compliance/ledger/platform-record";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

const USAGE = `usage: npm run release-record -- --stack <name> --status <success|failed|canceled> [--production] [--out <dir>] [--logs-url <url>]

Writes the release record of a pulumi up (a platform change) from the GitLab CI job's variables.
  --stack <name>      the stack that was deployed
  --status <status>   the up job's CI_JOB_STATUS
  --production        the stack is a production one (prod profile)
  --out <dir>         where release-record-<stack>.json goes (default: evidence)
  --logs-url <url>    VictoriaLogs base URL: also POST the record's JSON line to /insert/jsonline
Exit codes: 0 written, 1 not sent to VictoriaLogs, 2 usage or a missing CI variable.`;

export async function main(argv: readonly string[], io: CliIo, env = process.env, now = () => new Date()): Promise<number> {
  const args = readCommandLine(
    argv,
    {
      stack: { type: "string" },
      status: { type: "string" },
      production: { type: "boolean" },
      out: { type: "string" },
      "logs-url": { type: "string" },
    },
    USAGE,
    io,
    ["stack", "status"],
  );
  if (typeof args === "number") return args;
  if (!["success", "failed", "canceled"].includes(args.status)) {
    io.stderr(`--status must be success, failed or canceled\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const changeType = env.CHANGE_TYPE === "emergency" ? "emergency" : "standard";
  let record;
  try {
    record = platformReleaseRecord({ stack: args.stack, status: args.status as "success", changeType, env, now: now() });
  } catch (error) {
    if (error instanceof PlatformRecordError) {
      io.stderr(error.message);
      return EXIT_USAGE;
    }
    throw error;
  }
  const out = args.out ?? "evidence";
  mkdirSync(out, { recursive: true });
  const file = path.join(out, `release-record-${args.stack}.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  io.stdout(`release record of ${args.stack} (${record.guardrails.policyPack}) written to ${file}`);
  const logsUrl = args["logs-url"];
  if (logsUrl) {
    const response = await fetch(`${logsUrl.replace(/\/+$/, "")}${JSONLINE_INGEST_PATH}`, {
      method: "POST",
      headers: { "Content-Type": "application/stream+json" },
      body: `${platformLogLine(record, args.production === true)}\n`,
    }).catch((error: unknown) => ({ ok: false, status: String(error) }) as const);
    if (!response.ok) {
      io.stderr(`VictoriaLogs did not take the record: ${response.status}`);
      return 1;
    }
  }
  return EXIT_OK;
}

if (require.main === module) runAsProcess((argv, io) => main(argv, io));
