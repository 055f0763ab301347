import type { AlertRule } from "../victoria-metrics/operator-resources";
import type { ResolvedDrillSettings } from "./settings";
import { DRILL_METRICS } from "./script";
import type { DrillTarget } from "./restore-spec";

/**
 * Alerts on the drill results. Plain PromQL (parsed by @prometheus-io/lezer-promql in the tests).
 * The runner pushes one sample per run, so queries look back over a window with `last_over_time`
 * and `absent_over_time` instead of relying on the 5-minute staleness of scraped series.
 *
 * - RestoreDrillFailed: the latest run of a drill failed (restore phase, readiness, HTTP check).
 * - RestoreDrillOverdue: no successful run within `maxAgeHours`, one rule per configured drill, so a
 *   drill that never ran, or whose CronJob was deleted, alerts too.
 * - RestoreDrillBackupStale: the backup a drill restored was older than `backupMaxAgeHours`.
 * - VeleroRestoreFailed: Velero's own counter (scraped from Velero; vmware-tanzu/velero
 *   pkg/metrics/metrics.go restore_failed_total / restore_partial_failure_total, labelled by the
 *   backup's schedule), independent of the push.
 */
export function drillAlertRules(drills: readonly DrillTarget[], settings: ResolvedDrillSettings): AlertRule[] {
  const window = `${settings.maxAgeHours}h`;
  const rules: AlertRule[] = [
    {
      alert: "RestoreDrillFailed",
      expr: `last_over_time(${DRILL_METRICS.success}[${window}]) == 0`,
      for: "0m",
      labels: { severity: "critical" },
      annotations: {
        summary: "Restore drill {{ $labels.drill }} failed: the latest backup of {{ $labels.schedule }} did not restore cleanly",
      },
    },
    {
      alert: "RestoreDrillBackupStale",
      expr: `last_over_time(${DRILL_METRICS.backupAge}[${window}]) > ${settings.backupMaxAgeHours * 3600}`,
      for: "0m",
      labels: { severity: "warning" },
      annotations: {
        summary: `Restore drill {{ $labels.drill }} restored a backup older than ${settings.backupMaxAgeHours}h`,
      },
    },
    {
      alert: "VeleroRestoreFailed",
      expr: "sum by (schedule) (increase(velero_restore_failed_total[1h]) + increase(velero_restore_partial_failure_total[1h])) > 0",
      for: "0m",
      labels: { severity: "warning" },
      annotations: { summary: "A Velero restore from schedule {{ $labels.schedule }} failed or partially failed" },
    },
  ];
  for (const drill of drills)
    rules.push({
      alert: "RestoreDrillOverdue",
      expr: `absent_over_time(${DRILL_METRICS.lastSuccess}{drill="${drill.name}"}[${window}])`,
      // A drill running late within the hour does not page.
      for: "1h",
      labels: { severity: "warning", drill: drill.name },
      annotations: { summary: `Restore drill ${drill.name} has not succeeded for ${settings.maxAgeHours}h` },
    });
  return rules;
}
