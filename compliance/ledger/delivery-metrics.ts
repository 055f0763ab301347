import type { LedgerEntry } from "./ledger-model";

/**
 * The four DORA keys over the production entries of a ledger (definitions in docs/release-ledger.md):
 *
 * - deployment: a production release entry whose image digest Argo CD then reported synced
 *   (a sync entry `Succeeded` for the same app and environment listing the digest); it counts at
 *   that sync's time. A release that never synced is a change, not a deployment.
 * - lead time for changes: from the release's source commit time to its deployment.
 * - failed change: a deployment after which, before the next deployment of the same app and
 *   environment, Argo CD reported `Failed`, `Error` or `Degraded` with the deployment's digest among
 *   the app's images (a failed sync of a newer digest is that change's failed attempt, not this one's).
 * - restore: the first `Healthy` or `Succeeded` event of that app and environment after the failure;
 *   time to restore runs from the first failure event to it.
 * Medians, as the DORA reports use; hours with two decimals.
 */
export interface Deployment {
  seq: number;
  app: string;
  environment: string;
  digest: string;
  commitTime: string;
  deployedAt: string;
  failed: boolean;
  failedAt?: string;
  restoredAt?: string;
}

export interface FourKeys {
  deployments: number;
  days: number;
  /** Production deployments per day. */
  deploymentFrequencyPerDay: number;
  leadTimeHoursMedian: number | null;
  failedChanges: number;
  changeFailureRate: number | null;
  restores: number;
  timeToRestoreHoursMedian: number | null;
}

const FAILURE = new Set(["Failed", "Error", "Degraded"]);
const RECOVERY = new Set(["Succeeded", "Healthy"]);
const hours = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 3_600_000;
const round = (n: number): number => Math.round(n * 100) / 100;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Production deployments, in the order they reached production, with their failure and restore. */
export function deploymentsOf(entries: readonly LedgerEntry[]): Deployment[] {
  const syncs = entries.filter((e) => e.kind === "sync" && e.production).sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
  const deployments: Deployment[] = [];
  for (const entry of entries) {
    const record = entry.release?.record;
    if (entry.kind !== "release" || !entry.production || !record?.image) continue;
    const digest = record.image.digest;
    const synced = syncs.find(
      (s) =>
        s.app === entry.app &&
        s.environment === entry.environment &&
        s.sync?.phase === "Succeeded" &&
        s.sync.digests.includes(digest) &&
        Date.parse(s.time) >= Date.parse(entry.time),
    );
    if (synced === undefined) continue;
    deployments.push({
      seq: entry.seq,
      app: entry.app,
      environment: entry.environment,
      digest,
      commitTime: record.source.commitTime,
      deployedAt: synced.time,
      failed: false,
    });
  }
  deployments.sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt));
  for (const deployment of deployments) {
    const next = deployments.find(
      (d) =>
        d.app === deployment.app &&
        d.environment === deployment.environment &&
        Date.parse(d.deployedAt) > Date.parse(deployment.deployedAt),
    );
    const window = syncs.filter(
      (s) =>
        s.app === deployment.app &&
        s.environment === deployment.environment &&
        Date.parse(s.time) > Date.parse(deployment.deployedAt) &&
        (next === undefined || Date.parse(s.time) < Date.parse(next.deployedAt)),
    );
    const failure = window.find((s) => FAILURE.has(s.sync!.phase) && s.sync!.digests.includes(deployment.digest));
    if (failure === undefined) continue;
    deployment.failed = true;
    deployment.failedAt = failure.time;
    const restore = syncs.find(
      (s) =>
        s.app === deployment.app &&
        s.environment === deployment.environment &&
        Date.parse(s.time) > Date.parse(failure.time) &&
        RECOVERY.has(s.sync!.phase),
    );
    if (restore) deployment.restoredAt = restore.time;
  }
  return deployments;
}

/** The four keys for deployments that reached production in [from, to). */
export function fourKeys(entries: readonly LedgerEntry[], from: Date, to: Date): FourKeys {
  const inPeriod = deploymentsOf(entries).filter(
    (d) => Date.parse(d.deployedAt) >= from.getTime() && Date.parse(d.deployedAt) < to.getTime(),
  );
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  const failed = inPeriod.filter((d) => d.failed);
  const restored = failed.filter((d) => d.restoredAt !== undefined);
  const lead = median(inPeriod.map((d) => hours(d.commitTime, d.deployedAt)));
  const restore = median(restored.map((d) => hours(d.failedAt!, d.restoredAt!)));
  return {
    deployments: inPeriod.length,
    days: round(days),
    deploymentFrequencyPerDay: days > 0 ? round(inPeriod.length / days) : 0,
    leadTimeHoursMedian: lead === null ? null : round(lead),
    failedChanges: failed.length,
    changeFailureRate: inPeriod.length > 0 ? round(failed.length / inPeriod.length) : null,
    restores: restored.length,
    timeToRestoreHoursMedian: restore === null ? null : round(restore),
  };
}
