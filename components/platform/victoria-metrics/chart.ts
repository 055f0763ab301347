import type { ChartPin } from "../../kubernetes/chart-pin";

const VM_STACK_0_91_2 = {
  repository: "VictoriaMetrics/helm-charts",
  ref: "victoria-metrics-k8s-stack-0.91.2",
  commit: "6fdd548d76d7ab1d4c04dec3ac93eae62dd94d20",
};
const VM_OPERATOR_0_67_2 = {
  repository: "VictoriaMetrics/helm-charts",
  ref: "victoria-metrics-operator-0.67.2",
  commit: "352b45529e60c87aa8a0c6d2a383837bf18e4dc6",
};

/**
 * Newest release confirmed on 2026-11-26: VictoriaMetrics/helm-charts tag victoria-metrics-k8s-stack-0.91.2
 * (2026-08-22; gh-pages index.yaml lists nothing newer). It bundles victoria-metrics-operator 0.67.2
 * (operator appVersion v0.74.0) and grafana 12.7.3 (Chart.lock).
 */
export const VM_STACK_CHART: ChartPin = {
  chart: "victoria-metrics-k8s-stack",
  version: "0.91.2",
  repository: "https://victoriametrics.github.io/helm-charts/",
  evidence: {
    kind: "upstream",
    appVersion: "v1.150.0",
    source: { ...VM_STACK_0_91_2, path: "charts/victoria-metrics-k8s-stack/Chart.yaml" },
  },
  crds: {
    kind: "upgrade-hook",
    values: {
      "victoria-metrics-operator": {
        crds: {
          // Full schemas: the templated alternative (plain: false) renders spec-less CRDs (helm-charts 0f6a51d, #2419).
          plain: true,
          upgrade: {
            enabled: true,
            // The CRDs were created by Helm's crds/ step, which owns their fields: a plain server-side apply conflicts.
            forceConflicts: true,
            // The chart defaults to busybox:latest. 1.38.0: docker-library/official-images library/busybox @ aea914b.
            // renovate: datasource=docker depName=busybox
            busybox: { image: { tag: "1.38.0" } },
          },
        },
      },
    },
    keptOnUninstall: true,
    how:
      "The operator subchart keeps the full CRDs in a plain crds/ directory (crds.plain), which Helm applies on install " +
      "only; crds.upgrade runs a pre-install/pre-upgrade/pre-rollback hook Job that unpacks the same CRDs (busybox) and " +
      "applies them with `kubectl apply --server-side --force-conflicts` (kubectl image tagged with the cluster's " +
      "Kubernetes version). Helm never deletes crds/.",
    sources: [
      { ...VM_OPERATOR_0_67_2, path: "charts/victoria-metrics-operator/charts/crds/crds/crd.yaml" },
      { ...VM_OPERATOR_0_67_2, path: "charts/victoria-metrics-operator/charts/crds/templates/job.yaml" },
      { ...VM_STACK_0_91_2, path: "charts/victoria-metrics-k8s-stack/Chart.lock" },
    ],
  },
};

export const VM_RELEASE_NAME = "victoria-metrics";
/**
 * The stack's `fullnameOverride`: operator objects are named `<kind>-<fullname>` (vmsingle-vm,
 * vmselect-vm, vmalertmanager-vm...; chart tests/vmsingle_test.yaml), so fixing it fixes the URLs.
 */
export const VM_FULLNAME = "vm";
