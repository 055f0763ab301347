import type { ChartPin } from "../kubernetes/helm-release";
import { ARGOCD_CHART } from "./argocd/chart";
import { CERT_MANAGER_CHART } from "./cert-manager/chart";
import { EXTERNAL_SECRETS_CHART } from "./external-secrets/chart";
import { HARBOR_CHART } from "./harbor/chart";
import { KYVERNO_CHART } from "./kyverno/chart";
import { VAULT_CHART } from "./vault/chart";
import { SEAWEEDFS_CHART, VELERO_CHART } from "./velero/chart";
import { VL_COLLECTOR_CHART, VL_SINGLE_CHART } from "./victoria-logs/chart";
import { VM_STACK_CHART } from "./victoria-metrics/chart";

/**
 * Every Helm chart the platform can install, exactly pinned (each pin cites its source next to it).
 * Pins live in data-only `chart.ts` modules: the CrossGuard pack reads this catalog and must not load
 * the components (nor the Kubernetes SDK) into the policy analyzer.
 */
export const PLATFORM_CHARTS: readonly ChartPin[] = [
  CERT_MANAGER_CHART,
  EXTERNAL_SECRETS_CHART,
  HARBOR_CHART,
  ARGOCD_CHART,
  KYVERNO_CHART,
  VAULT_CHART,
  VM_STACK_CHART,
  VL_SINGLE_CHART,
  VL_COLLECTOR_CHART,
  VELERO_CHART,
  SEAWEEDFS_CHART,
];

/**
 * Which chart installs the CRDs of an API group: custom resources of that group
 * must wait for the chart's release (test/stacks/platform-plans.test.ts checks
 * every custom resource in the dev and prod plans).
 */
export const CRD_SOURCES: Readonly<Record<string, string>> = {
  "cert-manager.io": CERT_MANAGER_CHART.chart,
  "acme.cert-manager.io": CERT_MANAGER_CHART.chart,
  "external-secrets.io": EXTERNAL_SECRETS_CHART.chart,
  "generators.external-secrets.io": EXTERNAL_SECRETS_CHART.chart,
  "argoproj.io": ARGOCD_CHART.chart,
  "kyverno.io": KYVERNO_CHART.chart,
  "policies.kyverno.io": KYVERNO_CHART.chart,
  "operator.victoriametrics.com": VM_STACK_CHART.chart,
  "velero.io": VELERO_CHART.chart,
};
