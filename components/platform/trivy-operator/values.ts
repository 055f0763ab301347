import { highlyAvailable, type PlatformContext } from "../platform-context";
import type { TrivyOperatorSettings } from "./settings";

/** The operator's namespace (service.ts), where a pull secret for private images must live. */
const TRIVY_OPERATOR_NAMESPACE = "trivy-system";

/**
 * Helm values for trivy-operator 0.34.x (keys from deploy/helm/values.yaml at v0.32.0). Only the vulnerability
 * scanner runs: config audit, RBAC, infra, compliance and secret scanning belong to Kyverno and the pipeline
 * here, and each would add report kinds nobody reads. Continuous rescans: a report older than
 * `rescanInterval` (scannerReportTTL) is deleted and its workload scanned again with a fresh database.
 */
export function trivyOperatorValues(context: PlatformContext, settings: TrivyOperatorSettings): Record<string, unknown> {
  return {
    // Every namespace: the inventory covers what runs anywhere on the cluster.
    targetNamespaces: "",
    operator: {
      vulnerabilityScannerEnabled: true,
      vulnerabilityScannerScanOnlyCurrentRevisions: true,
      scannerReportTTL: settings.rescanInterval,
      scanJobsConcurrentLimit: highlyAvailable(context.profile) ? 10 : 3,
      // One series per finding (trivy_vulnerability_id): the deadline rules key on vuln_id.
      metricsVulnIdEnabled: true,
      metricsFindingsEnabled: true,
      sbomGenerationEnabled: false,
      configAuditScannerEnabled: false,
      rbacAssessmentScannerEnabled: false,
      infraAssessmentScannerEnabled: false,
      clusterComplianceEnabled: false,
      exposedSecretScannerEnabled: false,
      // Least privilege: the chart's default grants get/create/update on every Secret of the cluster (to reuse
      // workloads' imagePullSecrets, templates/rbac/clusterrole.yaml). Off: scans pull with one Secret of the
      // operator's namespace only (pkg/vulnerabilityreport/controller/workload.go), if one is configured.
      accessGlobalSecretsAndServiceAccount: false,
      ...(settings.registryPullSecret
        ? { privateRegistryScanSecretsNames: { [TRIVY_OPERATOR_NAMESPACE]: settings.registryPullSecret } }
        : {}),
    },
    // VictoriaMetrics scrapes the metrics Service through its own VMServiceScrape (metrics.ts).
    serviceMonitor: { enabled: false },
    trivy: { mode: "Standalone", ignoreUnfixed: false },
  };
}
