import type { CraReport } from "./settings";

/** One report a CRA Art. 14 case still owes: the platform alerts from `startsAt` and pages once `dueAt` passes. */
export interface CraDeadline {
  case: string;
  kind: CraReport["kind"];
  stage: "early-warning" | "notification" | "final-report";
  /** Epoch seconds. */
  startsAt: number;
  dueAt: number;
  /** The runbook with the report template. */
  runbook: string;
}

const HOUR = 3600;
const DAY = 24 * HOUR;
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** One calendar month later (Art. 14(4)(c): "within one month"), the day clamped to the end of a shorter month. */
function oneMonthAfter(epochSeconds: number): number {
  const date = new Date(epochSeconds * 1000);
  const target = new Date(
    Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1, date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return Math.floor(target.getTime() / 1000);
}

const RUNBOOKS: Record<CraReport["kind"], string> = {
  "actively-exploited-vulnerability": "docs/runbooks/cra-actively-exploited-vulnerability.md",
  "severe-incident": "docs/runbooks/cra-severe-incident.md",
};

/**
 * The reports each open case still owes, with their deadlines (Regulation (EU) 2024/2847 Art. 14):
 * early warning within 24 h of awareness (14(2)(a), 14(4)(a)); notification within 72 h of awareness
 * (14(2)(b), 14(4)(b)); final report no later than 14 days after a corrective or mitigating measure is
 * available for a vulnerability (14(2)(c)), within one month of the notification for an incident (14(4)(c)).
 * A vulnerability's final-report clock starts only once `mitigationAvailableAt` is recorded; an incident's
 * once the notification was sent (until then the 72 h clock runs). A case with `finalReportSentAt` is closed.
 */
export function craDeadlines(reports: readonly CraReport[]): CraDeadline[] {
  return reports.flatMap((report) => {
    if (report.finalReportSentAt !== undefined) return [];
    const aware = seconds(report.awareAt);
    const base = { case: report.id, kind: report.kind, runbook: RUNBOOKS[report.kind] };
    const owed: CraDeadline[] = [];
    if (report.earlyWarningSentAt === undefined) owed.push({ ...base, stage: "early-warning", startsAt: aware, dueAt: aware + 24 * HOUR });
    if (report.notificationSentAt === undefined) owed.push({ ...base, stage: "notification", startsAt: aware, dueAt: aware + 72 * HOUR });
    if (report.kind === "actively-exploited-vulnerability" && report.mitigationAvailableAt !== undefined) {
      const available = seconds(report.mitigationAvailableAt);
      owed.push({ ...base, stage: "final-report", startsAt: available, dueAt: available + 14 * DAY });
    }
    if (report.kind === "severe-incident" && report.notificationSentAt !== undefined) {
      const notified = seconds(report.notificationSentAt);
      owed.push({ ...base, stage: "final-report", startsAt: notified, dueAt: oneMonthAfter(notified) });
    }
    return owed;
  });
}
