import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * Newest release confirmed on 2026-11-26: VictoriaMetrics/helm-charts tag victoria-metrics-k8s-stack-0.91.2
 * (2026-08-22; gh-pages index.yaml lists nothing newer). It bundles victoria-metrics-operator 0.67.2
 * (operator v0.74.1, CRDs in a plain crds/ dir) and grafana 12.7.3 (Chart.lock).
 */
export const VM_STACK_CHART: ChartPin = {
  chart: "victoria-metrics-k8s-stack",
  version: "0.91.2",
  repository: "https://victoriametrics.github.io/helm-charts/",
};

export const VM_RELEASE_NAME = "victoria-metrics";
/**
 * The stack's `fullnameOverride`: operator objects are named `<kind>-<fullname>` (vmsingle-vm,
 * vmselect-vm, vmalertmanager-vm...; chart tests/vmsingle_test.yaml), so fixing it fixes the URLs.
 */
export const VM_FULLNAME = "vm";
