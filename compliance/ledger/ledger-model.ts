import type { ChangeType, LedgerEntryKind } from "../../components/shared/release-record";

/** The release record predicate (compliance/schemas/release-record.schema.json), as the summary reads it. */
export interface ReleaseRecord {
  kind: "app" | "platform";
  app: string;
  environments: string[];
  changeType: ChangeType;
  image: { repository: string; digest: string } | null;
  source: { project: string; commit: string; ref: string; commitTime: string; author: string; triggeredBy?: string };
  mergeRequest: {
    iid: number | null;
    title: string | null;
    author: string | null;
    approvers: string[] | null;
    approverIsAuthorOrCommitter: boolean | null;
  };
  pipeline: { id: string; url: string; templateVersion: string };
  scan: {
    scanner: string;
    critical: number;
    high: number;
    medium: number;
    low: number;
    unknown: number;
    dbUpdatedAt: string | null;
  } | null;
  sbom: { digest: string } | null;
  signature: { digest: string } | null;
  attestations: { predicateType: string; digest: string }[];
  guardrails: { scanGate: Verdict; productionScanGate?: Verdict; policyPack?: Verdict };
  sync: { phase: string; revision: string; time: string } | null;
  emergency: { onCallGroup: string; reviewDue: string; reviewIssue: string | null } | null;
  recordedAt: string;
}

export type Verdict = "passed" | "failed" | "not-run";

/** One ledger line's payload (compliance/schemas/ledger-entry.schema.json). */
export interface LedgerEntry {
  seq: number;
  prev: string;
  kind: LedgerEntryKind;
  time: string;
  app: string;
  environment: string;
  production: boolean;
  release?: { predicateType: string; record: ReleaseRecord };
  approval?: { commit: string; iid: number; title: string; author: string; committers: string[]; approvers: string[]; mergedAt: string };
  sync?: { phase: "Succeeded" | "Failed" | "Error" | "Degraded" | "Healthy"; revision: string; digests: string[] };
  review?: { pipeline: string; document: string; closedAt: string };
}
