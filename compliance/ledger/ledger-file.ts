import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { KeyObject } from "node:crypto";
import { LEDGER_ENTRY_PAYLOAD_TYPE, LEDGER_GENESIS, RELEASE_RECORD_PREDICATE_TYPE } from "../../components/shared/release-record";
import entrySchema from "../schemas/ledger-entry.schema.json";
import recordSchema from "../schemas/release-record.schema.json";
import { type DsseEnvelope, sha256Hex, verifyEnvelope } from "./dsse";
import type { LedgerEntry } from "./ledger-model";

/**
 * Reads a ledger export (JSON lines, one DSSE envelope a line) and checks it: each line's payload is a
 * ledger entry (compliance/schemas/ledger-entry.schema.json) whose `seq` follows the previous one and
 * whose `prev` is the SHA-256 of the previous line's bytes, signed by one of the given keys; release
 * entries carry a release record valid against compliance/schemas/release-record.schema.json.
 * Removing, reordering or editing a line breaks the chain at the line after it, or that line's signature.
 */

// strictRequired off: the if/then branches require properties declared at the top level.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
export const validateReleaseRecord = ajv.compile(recordSchema);
const validateEntry = ajv.compile(entrySchema);

export interface LedgerProblem {
  line: number;
  problem: string;
}

export interface VerifiedLedger {
  entries: LedgerEntry[];
  problems: LedgerProblem[];
  /** Lines whose signature no given key verifies (also in problems). */
  unsigned: number;
}

const schemaErrors = (errors: typeof validateEntry.errors): string =>
  (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? "is invalid"}`).join("; ");

export function verifyLedger(content: string, keys: readonly KeyObject[]): VerifiedLedger {
  const lines = content.split("\n").filter((line, i, all) => line !== "" || i < all.length - 1);
  const entries: LedgerEntry[] = [];
  const problems: LedgerProblem[] = [];
  let unsigned = 0;
  let prev = LEDGER_GENESIS;
  lines.forEach((line, index) => {
    const number = index + 1;
    const expectedPrev = prev;
    prev = sha256Hex(line);
    let envelope: DsseEnvelope;
    try {
      envelope = JSON.parse(line) as DsseEnvelope;
    } catch {
      problems.push({ line: number, problem: "not JSON" });
      return;
    }
    if (envelope.payloadType !== LEDGER_ENTRY_PAYLOAD_TYPE || typeof envelope.payload !== "string" || !Array.isArray(envelope.signatures)) {
      problems.push({ line: number, problem: `not a DSSE envelope of ${LEDGER_ENTRY_PAYLOAD_TYPE}` });
      return;
    }
    if (!verifyEnvelope(envelope, keys)) {
      unsigned += 1;
      problems.push({ line: number, problem: "no signature verifies with the given public key(s)" });
    }
    let entry: unknown;
    try {
      entry = JSON.parse(Buffer.from(envelope.payload, "base64").toString("utf8"));
    } catch {
      problems.push({ line: number, problem: "payload is not JSON" });
      return;
    }
    if (!validateEntry(entry)) {
      problems.push({ line: number, problem: `entry: ${schemaErrors(validateEntry.errors)}` });
      return;
    }
    const typed = entry as unknown as LedgerEntry;
    if (typed.seq !== number)
      problems.push({ line: number, problem: `seq ${typed.seq}, expected ${number} (a line was removed or inserted)` });
    if (typed.prev !== expectedPrev)
      problems.push({
        line: number,
        problem: `prev ${typed.prev.slice(0, 12)}... is not the SHA-256 of line ${number - 1} (the chain is broken)`,
      });
    if (typed.kind === "release") {
      if (typed.release?.predicateType !== RELEASE_RECORD_PREDICATE_TYPE)
        problems.push({ line: number, problem: "release of another predicate type" });
      else if (!validateReleaseRecord(typed.release.record))
        problems.push({ line: number, problem: `release record: ${schemaErrors(validateReleaseRecord.errors)}` });
    }
    entries.push(typed);
  });
  return { entries, problems, unsigned };
}
