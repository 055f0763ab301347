/**
 * `npm run evidence -- --ledger <file.jsonl> --from <date> --to <date> --public-key <pem> [...]`
 * Verifies a release ledger export (hash chain, DSSE signatures, schemas) and summarises the period:
 * every change, approver independence, emergencies and their reviews, the four DORA keys.
 * Exit codes: 0 verified (flags are findings in the report), 1 the ledger does not verify, 2 usage.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { publicKeys } from "../compliance/ledger/dsse";
import { verifyLedger } from "../compliance/ledger/ledger-file";
import { renderLedgerSummary, summariseLedger } from "../compliance/ledger/ledger-summary";
import { EXIT_OK, EXIT_USAGE, readCommandLine, type CliIo } from "./command-line";

export const EXIT_UNVERIFIED = 1;

export const LEDGER_USAGE = `usage: npm run evidence -- --ledger <file.jsonl> --from <YYYY-MM-DD> --to <YYYY-MM-DD> --public-key <file.pem> [--public-key ...] [--json <file>] [--now <ISO time>]

Verifies a release ledger export (each line a DSSE envelope, hash-chained to the line before) and summarises
the changes of [from, to): approver independence, emergency reviews, the four DORA keys.
  --ledger <file>       the ledger file (ledger/releases.jsonl of the config repository's ledger branch)
  --public-key <file>   PEM public key(s) of the transit keys that signed it (vault read transit/keys/<app>)
  --json <file>         also write the summary as JSON
  --now <time>          the time reviews are judged overdue against (default: now)
Exit codes: 0 verified, 1 the chain, a signature or a schema does not verify, 2 usage.`;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function ledgerMain(argv: readonly string[], io: CliIo, now: () => Date = () => new Date()): number {
  const args = readCommandLine(
    argv,
    {
      ledger: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      "public-key": { type: "string", multiple: true },
      json: { type: "string" },
      now: { type: "string" },
    },
    LEDGER_USAGE,
    io,
    ["ledger", "from", "to"],
  );
  if (typeof args === "number") return args;
  for (const key of ["from", "to"] as const)
    if (!DATE.test(args[key]) || Number.isNaN(Date.parse(args[key]))) {
      io.stderr(`--${key} must be a date such as 2026-01-31\n\n${LEDGER_USAGE}`);
      return EXIT_USAGE;
    }
  const keyFiles = args["public-key"] ?? [];
  if (keyFiles.length === 0) {
    io.stderr(`--public-key is required: signatures cannot be checked without the transit public key\n\n${LEDGER_USAGE}`);
    return EXIT_USAGE;
  }
  let content: string;
  let keys;
  try {
    content = readFileSync(args.ledger, "utf8");
    keys = publicKeys(keyFiles.map((f) => readFileSync(f, "utf8")));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${LEDGER_USAGE}`);
    return EXIT_USAGE;
  }
  const at = args.now !== undefined ? new Date(args.now) : now();
  const verified = verifyLedger(content, keys);
  const summary = summariseLedger(
    verified.entries,
    verified.problems,
    new Date(`${args.from}T00:00:00Z`),
    new Date(`${args.to}T00:00:00Z`),
    at,
  );
  io.stdout(renderLedgerSummary(summary));
  if (args.json !== undefined) writeFileSync(args.json, `${JSON.stringify(summary, null, 2)}\n`);
  if (!summary.verified) {
    io.stderr(`the ledger does not verify: ${verified.problems.length} problem(s)`);
    return EXIT_UNVERIFIED;
  }
  return EXIT_OK;
}
