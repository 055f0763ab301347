import { LEDGER_LOG_FIELDS as F, LEDGER_LOG_SOURCES } from "../../shared/release-record";

/**
 * The LogsQL (VictoriaLogs) and MetricsQL/PromQL queries of the release ledger's dashboard and alerts
 * (docs/release-ledger.md). LogsQL reads only the fields the pipeline's ledger lines
 * (onboarding/pipeline/release-record-script.ts) and Argo CD's sync events (argocd/sync-events.ts)
 * write; test/platform/release-ledger-dashboard.test.ts checks every field name against them. LogsQL
 * syntax: docs.victoriametrics.com/victorialogs/logsql (`field:=value` exact match, `field:in(...)`,
 * `_time:<duration>`, `| stats by (...) count() if (<filter>) <name>`, `| filter`).
 */

const ledger = `${F.source}:=${LEDGER_LOG_SOURCES.ledger}`;
const sync = `${F.source}:=${LEDGER_LOG_SOURCES.argocd}`;

export const LOGSQL = {
  deployments: `${sync} ${F.kind}:=sync ${F.phase}:=Succeeded | stats by (${F.app}, ${F.environment}) count() deployments`,
  failedSyncs: `${sync} ${F.phase}:in(Failed, Error, Degraded) | stats by (${F.app}, ${F.environment}, ${F.phase}) count() failures`,
  restores: `${sync} ${F.phase}:=Healthy | stats by (${F.app}, ${F.environment}) count() restores`,
  changesByType: `${ledger} ${F.kind}:=release | stats by (${F.changeType}, ${F.environment}) count() changes`,
  scanGateFailures: `${ledger} ${F.kind}:=scan-gate ${F.phase}:=failed | stats by (${F.app}) count() failures`,
} as const;

/**
 * Emergency changes older than their review period with no review line for their pipeline: the
 * release lines of an emergency pipeline and its later review line share `pipeline_id`. Looks back a
 * year; the VictoriaLogs retention (5y in prod) keeps the lines longer.
 */
export const overdueReviewsQuery = (reviewDueDays: number): string =>
  `${ledger} _time:365d ((${F.kind}:=release ${F.changeType}:=emergency !_time:${reviewDueDays}d) or ${F.kind}:=review) ` +
  `| stats by (${F.app}, ${F.pipelineId}) count() if (${F.kind}:=release) emergencies, count() if (${F.kind}:=review) reviews ` +
  `| filter emergencies:>0 reviews:=0`;

/**
 * Kyverno v1.19.0 pkg/metrics/policy_engine.go: kyverno_policy_results (exported with _total),
 * rule_result fail on an admission request = a denial where the policy enforces (the alert-rules.ts
 * source). Exceptions: the platform's PolicyExceptions are plan-time records, so the dashboard lists
 * them and the alerts fire from their expiry dates.
 */
export const PROMQL = {
  kyvernoDenials:
    'sum by (policy_name) (increase(kyverno_policy_results_total{rule_result="fail", rule_execution_cause="admission_request"}[1d]))',
  kyvernoDenialsTotal: 'sum(increase(kyverno_policy_results_total{rule_result="fail", rule_execution_cause="admission_request"}[1h]))',
} as const;

/** End of an exception's expiry day (it holds through that day, policies/exceptions), as a Unix time. */
export const endOfDay = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T23:59:59Z`) / 1000);

/** Exceptions still open now: a sum of `time() <= bool <end>` scalars, 0 without exceptions. */
export const openExceptionsQuery = (exceptions: readonly { expires: string }[]): string =>
  exceptions.length === 0 ? "vector(0)" : `vector(${exceptions.map((e) => `(time() <= bool ${endOfDay(e.expires)})`).join(" + ")})`;
