import type { AlertRule } from "../victoria-metrics/operator-resources";
import type { PolicyExceptionRecord } from "./dashboard";
import { endOfDay, overdueReviewsQuery } from "./queries";

/**
 * The release ledger's alert rules (docs/release-ledger.md), where a threshold has a meaning:
 * - EmergencyChangeReviewOverdue (LogsQL, vmalert's VictoriaLogs datasource: a VMRule group of type
 *   `vlogs`, which the k8s-stack chart routes to VictoriaLogs through `external.vl`): an emergency
 *   older than its review period without a review line. One alert per app and pipeline.
 * - PolicyExceptionExpiresSoon / PolicyExceptionExpired (PromQL on time()): from each exception
 *   record's expiry, a week ahead and after it; the plan itself fails on an expired one in prod, so
 *   these catch the days between the last `pulumi up` and the next.
 */
export const EXCEPTION_WARNING_DAYS = 7;

export function emergencyReviewRules(reviewDueDays: number): AlertRule[] {
  return [
    {
      alert: "EmergencyChangeReviewOverdue",
      expr: overdueReviewsQuery(reviewDueDays),
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: `Emergency change of {{ $labels.app }} (pipeline {{ $labels.pipeline_id }}) has had no retroactive review for ${reviewDueDays} days`,
      },
    },
  ];
}

export function exceptionExpiryRules(exceptions: readonly PolicyExceptionRecord[]): AlertRule[] {
  return exceptions.flatMap((e) => {
    const end = endOfDay(e.expires);
    const labels = { severity: "warning", exception: e.id, guardrail: e.guardrail };
    return [
      {
        alert: "PolicyExceptionExpiresSoon",
        expr: `vector(time()) > ${end - EXCEPTION_WARNING_DAYS * 86_400} and vector(time()) <= ${end}`,
        for: "0m",
        labels,
        annotations: { summary: `Policy exception ${e.id} (${e.guardrail}, owner ${e.owner}) expires on ${e.expires}` },
      },
      {
        alert: "PolicyExceptionExpired",
        expr: `vector(time()) > ${end}`,
        for: "0m",
        labels: { ...labels, severity: "critical" },
        annotations: {
          summary: `Policy exception ${e.id} (${e.guardrail}) expired on ${e.expires}: renew the record or remove the exempted resource`,
        },
      },
    ];
  });
}
