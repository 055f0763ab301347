import type { Profile } from "../../shared/profiles";
import type { ServiceName } from "../../shared/service-names";
import type { AlertRule } from "./operator-resources";
import { SERVICE_DESCRIPTIONS } from "../service-catalog";
import { platformScrapeTargets } from "./scrape-targets";

export interface AlertThresholds {
  backupMaxAgeHours: number;
  certificateExpiryDays: number;
}

export interface ServiceAlerts {
  service: ServiceName;
  rules: AlertRule[];
}

type Severity = "critical" | "warning";

const alert = (name: string, expr: string, forDuration: string, severity: Severity, summary: string): AlertRule => ({
  alert: name,
  expr,
  for: forDuration,
  labels: { severity },
  annotations: { summary },
});

/** Services whose outage blocks the cluster or every deploy page someone. */
const CRITICAL_WHEN_DOWN: ReadonlySet<ServiceName> = new Set(["kyverno", "vault"]);

/**
 * Platform health rules per service. Metric names come from each project's source (cited per rule);
 * scraped metrics get `namespace` and `service` labels from the operator's relabeling
 * (VictoriaMetrics/operator v0.74.1 factory/vmscrapes/servicescrape.go), so clashing labels such as
 * a certificate's own `namespace` arrive as `exported_namespace`.
 */
function serviceRules(service: ServiceName, thresholds: AlertThresholds): AlertRule[] {
  switch (service) {
    case "harbor":
      // goharbor/harbor src/pkg/exporter/health_collector.go: harbor_health and harbor_up{component}.
      return [
        alert("HarborUnhealthy", "harbor_health == 0", "5m", "critical", "Harbor reports itself unhealthy"),
        alert("HarborComponentDown", "harbor_up == 0", "5m", "warning", "Harbor component {{ $labels.component }} is down"),
      ];
    case "argocd":
      // argoproj/argo-cd controller/metrics/metrics.go and docs/operator-manual/metrics.md (phase: Error, Failed...).
      return [
        alert(
          "ArgoCdAppSyncFailed",
          'sum by (name, project) (increase(argocd_app_sync_total{phase=~"Error|Failed"}[10m])) > 0',
          "0m",
          "warning",
          "Argo CD application {{ $labels.name }} failed to sync",
        ),
        alert(
          "ArgoCdAppDegraded",
          'sum by (name, project) (argocd_app_info{health_status="Degraded"}) > 0',
          "15m",
          "warning",
          "Argo CD application {{ $labels.name }} is degraded",
        ),
        alert(
          "ArgoCdAppOutOfSync",
          'sum by (name, project) (argocd_app_info{sync_status="OutOfSync"}) > 0',
          "30m",
          "warning",
          "Argo CD application {{ $labels.name }} has been out of sync for 30 minutes",
        ),
      ];
    case "kyverno":
      // kyverno v1.19.0 pkg/metrics/policy_engine.go: counter kyverno_policy_results (exported with _total),
      // rule_result pass|fail|warn|error|skip, rule_execution_cause admission_request|background_scan.
      return [
        alert(
          "KyvernoPolicyViolations",
          'sum by (policy_name, rule_name) (increase(kyverno_policy_results_total{rule_result="fail"}[15m])) > 0',
          "0m",
          "warning",
          "Kyverno policy {{ $labels.policy_name }} (rule {{ $labels.rule_name }}) reports violations",
        ),
        alert(
          "KyvernoAdmissionErrors",
          'sum by (policy_name, rule_name) (increase(kyverno_policy_results_total{rule_result="error", rule_execution_cause="admission_request"}[15m])) > 0',
          "0m",
          "warning",
          "Kyverno rule {{ $labels.policy_name }}/{{ $labels.rule_name }} errors on admission requests",
        ),
      ];
    case "vault":
      // Vault telemetry reference (developer.hashicorp.com/vault/docs/internals/telemetry/metrics/core-system):
      // gauge vault.core.unsealed, exported as vault_core_unsealed with disable_hostname = true.
      return [alert("VaultSealed", "vault_core_unsealed == 0", "1m", "critical", "Vault pod {{ $labels.pod }} is sealed")];
    case "velero":
      // vmware-tanzu/velero pkg/metrics/metrics.go: velero_backup_failure_total and
      // velero_backup_last_successful_timestamp, both labelled by schedule.
      return [
        alert(
          "VeleroBackupFailed",
          "sum by (schedule) (increase(velero_backup_failure_total[1h])) > 0",
          "0m",
          "warning",
          "Velero backup of schedule {{ $labels.schedule }} failed",
        ),
        alert(
          "VeleroNoRecentBackup",
          `time() - velero_backup_last_successful_timestamp{schedule!=""} > ${thresholds.backupMaxAgeHours * 3600}`,
          "15m",
          "critical",
          `Velero schedule {{ $labels.schedule }} has had no successful backup for ${thresholds.backupMaxAgeHours}h`,
        ),
      ];
    case "certManager":
      // cert-manager v1.21.1 pkg/metrics/metrics.go: certificate_expiration_timestamp_seconds and
      // certificate_ready_status{condition}, with the certmanager_ namespace.
      return [
        alert(
          "CertificateExpiringSoon",
          `(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < ${thresholds.certificateExpiryDays * 86400}`,
          "1h",
          "warning",
          `Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} expires within ${thresholds.certificateExpiryDays} days`,
        ),
        alert(
          "CertificateNotReady",
          'certmanager_certificate_ready_status{condition="False"} == 1',
          "15m",
          "warning",
          "Certificate {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready",
        ),
      ];
    default:
      return [];
  }
}

/** Alert rules for every enabled platform service: its health rules plus a down alert for its scrape targets. */
export function platformAlerts(
  profile: Profile,
  namespaces: Partial<Record<ServiceName, string>>,
  thresholds: AlertThresholds,
): ServiceAlerts[] {
  return (Object.entries(namespaces) as [ServiceName, string][])
    .map(([service, namespace]) => {
      const scraped = platformScrapeTargets(profile, { [service]: namespace }).length > 0;
      const down = scraped
        ? [
            alert(
              `${SERVICE_DESCRIPTIONS[service].component}TargetDown`,
              `up{namespace="${namespace}"} == 0`,
              "10m",
              CRITICAL_WHEN_DOWN.has(service) ? "critical" : "warning",
              `${SERVICE_DESCRIPTIONS[service].component} metrics target {{ $labels.service }}/{{ $labels.pod }} is down`,
            ),
          ]
        : [];
      return { service, rules: [...down, ...serviceRules(service, thresholds)] };
    })
    .filter((entry) => entry.rules.length > 0);
}
