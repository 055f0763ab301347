import { fourKeys, type FourKeys } from "./delivery-metrics";
import type { LedgerEntry } from "./ledger-model";
import type { LedgerProblem } from "./ledger-file";

/**
 * What `npm run evidence -- --ledger` reports for a period: every change (release entry) with its
 * approval joined from the merge request, approver independence, emergencies and their reviews,
 * and the four keys. DORA RTS 2024/1774 Art. 17: changes recorded, approved by someone independent of
 * who made them, emergency changes reviewed after the fact.
 */

export type Independence = "independent" | "approver-is-author-or-committer" | "no-approval-recorded";
export type ReviewState = "done" | "done-late" | "open" | "overdue";

export interface ChangeSummary {
  seq: number;
  time: string;
  kind: "app" | "platform";
  app: string;
  environment: string;
  production: boolean;
  changeType: "standard" | "emergency";
  commit: string;
  digest: string | null;
  mergeRequest: { iid: number; title: string; author: string; approvers: string[] } | null;
  independence: Independence;
  /** Approvers who are also the author or a committer of the change. */
  selfApprovers: string[];
  pipelineUrl: string;
}

export interface EmergencySummary {
  seq: number;
  app: string;
  environment: string;
  reviewDue: string;
  reviewIssue: string | null;
  reviewDocument?: string;
  review: ReviewState;
  reviewedAt?: string;
}

export interface LedgerSummary {
  from: string;
  to: string;
  verified: boolean;
  problems: LedgerProblem[];
  changes: ChangeSummary[];
  flagged: { seq: number; why: string }[];
  emergencies: EmergencySummary[];
  fourKeys: FourKeys;
}

const identity = (person: string): string => {
  // 'Name <email>' (CI_COMMIT_AUTHOR) and GitLab usernames both occur; compare e-mail or name, case-insensitively.
  const email = /<([^>]+)>/.exec(person)?.[1];
  return (email ?? person).trim().toLowerCase();
};

export function summariseLedger(
  entries: readonly LedgerEntry[],
  problems: LedgerProblem[],
  from: Date,
  to: Date,
  now: Date,
): LedgerSummary {
  const inPeriod = (time: string) => Date.parse(time) >= from.getTime() && Date.parse(time) < to.getTime();
  const approvals = new Map(entries.filter((e) => e.kind === "approval").map((e) => [e.approval!.commit, e.approval!]));
  const reviews = new Map(entries.filter((e) => e.kind === "review").map((e) => [`${e.app}\u0000${e.review!.pipeline}`, e.review!]));

  const changes: ChangeSummary[] = [];
  const flagged: LedgerSummary["flagged"] = [];
  const emergencies: EmergencySummary[] = [];
  // One emergency per pipeline, however many environments it deployed to.
  const emergencyPipelines = new Set<string>();
  for (const entry of entries) {
    const record = entry.release?.record;
    if (entry.kind !== "release" || record === undefined || !inPeriod(entry.time)) continue;
    const approval = approvals.get(record.source.commit);
    // The record's own fields win where the writer knew them (platform changes: the protected environment's approvers).
    const approvers = approval?.approvers ?? record.mergeRequest.approvers ?? [];
    const makers = new Set(
      [record.source.author, approval?.author, record.mergeRequest.author, ...(approval?.committers ?? [])]
        .filter((p): p is string => !!p)
        .map(identity),
    );
    const selfApprovers = approvers.filter((a) => makers.has(identity(a)));
    const independence: Independence =
      approvers.length === 0 ? "no-approval-recorded" : selfApprovers.length > 0 ? "approver-is-author-or-committer" : "independent";
    changes.push({
      seq: entry.seq,
      time: entry.time,
      kind: record.kind,
      app: entry.app,
      environment: entry.environment,
      production: entry.production,
      changeType: record.changeType,
      commit: record.source.commit,
      digest: record.image?.digest ?? null,
      mergeRequest: approval
        ? { iid: approval.iid, title: approval.title, author: approval.author, approvers: approval.approvers }
        : record.mergeRequest.iid !== null
          ? { iid: record.mergeRequest.iid, title: record.mergeRequest.title ?? "", author: record.mergeRequest.author ?? "", approvers }
          : null,
      independence,
      selfApprovers,
      pipelineUrl: record.pipeline.url,
    });
    if (independence === "approver-is-author-or-committer")
      flagged.push({
        seq: entry.seq,
        why: `${entry.app}/${entry.environment}: approved by its author or a committer (${selfApprovers.join(", ")})`,
      });
    else if (independence === "no-approval-recorded" && entry.production && record.changeType === "standard")
      flagged.push({ seq: entry.seq, why: `${entry.app}/${entry.environment}: production change without a recorded approval` });

    if (record.changeType === "emergency" && record.emergency && !emergencyPipelines.has(`${entry.app}\u0000${record.pipeline.id}`)) {
      emergencyPipelines.add(`${entry.app}\u0000${record.pipeline.id}`);
      const review = reviews.get(`${entry.app}\u0000${record.pipeline.id}`);
      const due = Date.parse(`${record.emergency.reviewDue}T23:59:59Z`);
      const state: ReviewState = review
        ? Date.parse(review.closedAt) <= due
          ? "done"
          : "done-late"
        : now.getTime() > due
          ? "overdue"
          : "open";
      emergencies.push({
        seq: entry.seq,
        app: entry.app,
        environment: entry.environment,
        reviewDue: record.emergency.reviewDue,
        reviewIssue: record.emergency.reviewIssue,
        ...(review ? { reviewDocument: review.document } : {}),
        review: state,
        ...(review ? { reviewedAt: review.closedAt } : {}),
      });
      if (state === "overdue" || state === "done-late")
        flagged.push({
          seq: entry.seq,
          why: `${entry.app}/${entry.environment}: emergency change, retroactive review ${state} (due ${record.emergency.reviewDue})`,
        });
    }
  }
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    verified: problems.length === 0,
    problems,
    changes,
    flagged,
    emergencies,
    fourKeys: fourKeys(entries, from, to),
  };
}

export function renderLedgerSummary(summary: LedgerSummary): string {
  const k = summary.fourKeys;
  const lines = [
    `# Release ledger ${summary.from.slice(0, 10)} to ${summary.to.slice(0, 10)}`,
    "",
    summary.verified
      ? "Hash chain and signatures: verified."
      : `Hash chain and signatures: NOT verified (${summary.problems.length} problem(s)).`,
    ...summary.problems.map((p) => `- line ${p.line}: ${p.problem}`),
    "",
    "## Changes",
    "",
    "| seq | time | app | environment | type | commit | merge request | approvers | independence |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...summary.changes.map(
      (c) =>
        `| ${c.seq} | ${c.time} | ${c.app} | ${c.environment}${c.production ? " (production)" : ""} | ${c.changeType} | ${c.commit.slice(0, 12)} | ${c.mergeRequest ? `!${c.mergeRequest.iid} ${c.mergeRequest.title}` : "-"} | ${c.mergeRequest?.approvers.join(", ") || "-"} | ${c.independence} |`,
    ),
    "",
    "## Flagged",
    "",
    ...(summary.flagged.length === 0 ? ["None."] : summary.flagged.map((f) => `- seq ${f.seq}: ${f.why}`)),
    "",
    "## Emergency changes",
    "",
    ...(summary.emergencies.length === 0
      ? ["None."]
      : summary.emergencies.map(
          (e) =>
            `- seq ${e.seq} ${e.app}/${e.environment}: review ${e.review} (due ${e.reviewDue}${e.reviewIssue ? `, ${e.reviewIssue}` : ""})`,
        )),
    "",
    "## DORA four keys (production)",
    "",
    `- deployments: ${k.deployments} in ${k.days} days (${k.deploymentFrequencyPerDay} per day)`,
    `- lead time for changes (median): ${k.leadTimeHoursMedian ?? "n/a"} h`,
    `- change failure rate: ${k.changeFailureRate ?? "n/a"} (${k.failedChanges} failed)`,
    `- time to restore (median): ${k.timeToRestoreHoursMedian ?? "n/a"} h (${k.restores} restored)`,
    "",
  ];
  return lines.join("\n");
}
