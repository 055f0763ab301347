import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { LEDGER_ENTRY_PAYLOAD_TYPE, LEDGER_GENESIS, RELEASE_RECORD_PREDICATE_TYPE } from "../../components/shared/release-record";
import { preAuthEncoding, sha256Hex } from "../../compliance/ledger/dsse";
import type { LedgerEntry, ReleaseRecord } from "../../compliance/ledger/ledger-model";

/** A test transit key: ECDSA P-256 like Vault's `ecdsa-p256` transit keys, signing sha256 with ASN.1 (DER) output. */
export function testKey(): { privateKey: KeyObject; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/** What Vault transit returns for `sign/<key>/sha2-256 input=<base64>`. */
export const transitSignature = (key: KeyObject, data: Buffer): string => `vault:v1:${sign("sha256", data, key).toString("base64")}`;

type EntryBody = Omit<LedgerEntry, "seq" | "prev">;

/** Serialises entries as the pipeline does: DSSE envelopes, one a line, each hash-chained to the line before. */
export function writeLedger(bodies: readonly EntryBody[], key: KeyObject): string {
  let prev = LEDGER_GENESIS;
  const lines = bodies.map((body, index) => {
    const payload = Buffer.from(JSON.stringify({ seq: index + 1, prev, ...body }));
    const sig = transitSignature(key, preAuthEncoding(LEDGER_ENTRY_PAYLOAD_TYPE, payload)).replace(/^vault:v\d+:/, "");
    const line = JSON.stringify({
      payloadType: LEDGER_ENTRY_PAYLOAD_TYPE,
      payload: payload.toString("base64"),
      signatures: [{ keyid: "shop", sig }],
    });
    prev = sha256Hex(line);
    return line;
  });
  return `${lines.join("\n")}\n`;
}

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, "0")}`;
const commit = (n: number) => n.toString(16).padStart(40, "a");

export function record(overrides: Partial<ReleaseRecord> & { n: number; commitTime: string; author?: string }): ReleaseRecord {
  const { n, commitTime, author, ...rest } = overrides;
  return {
    kind: "app",
    app: "shop",
    environments: ["dev", "prod"],
    changeType: "standard",
    image: { repository: "harbor.example.test/shop/shop", digest: digest(n) },
    source: { project: "web/shop", commit: commit(n), ref: "main", commitTime, author: author ?? "Alice <alice@example.test>" },
    mergeRequest: { iid: null, title: null, author: null, approvers: null, approverIsAuthorOrCommitter: null },
    pipeline: {
      id: String(1000 + n),
      url: `https://gitlab.example.test/web/shop/-/pipelines/${1000 + n}`,
      templateVersion: "delivery-platform/app-pipeline@1.0.0",
    },
    scan: { scanner: "trivy", critical: 0, high: 0, medium: 1, low: 2, unknown: 0, dbUpdatedAt: "2026-03-01T00:00:00Z" },
    sbom: { digest: digest(100 + n) },
    signature: { digest: digest(200 + n) },
    attestations: [],
    guardrails: { scanGate: "passed", productionScanGate: "passed" },
    sync: null,
    emergency: null,
    recordedAt: commitTime,
    ...rest,
  };
}

export const release = (time: string, r: ReleaseRecord, environment = "prod"): EntryBody => ({
  kind: "release",
  time,
  app: r.app,
  environment,
  production: environment === "prod",
  release: { predicateType: RELEASE_RECORD_PREDICATE_TYPE, record: r },
});

export const sync = (time: string, phase: NonNullable<LedgerEntry["sync"]>["phase"], n: number): EntryBody => ({
  kind: "sync",
  time,
  app: "shop",
  environment: "prod",
  production: true,
  sync: { phase, revision: commit(500 + n), digests: [digest(n)] },
});

export const approval = (time: string, n: number, author: string, approvers: string[], committers: string[] = []): EntryBody => ({
  kind: "approval",
  time,
  app: "shop",
  environment: "prod",
  production: true,
  approval: { commit: commit(n), iid: n, title: `change ${n}`, author, committers, approvers, mergedAt: time },
});

export { digest, commit };
