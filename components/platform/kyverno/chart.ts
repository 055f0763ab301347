import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * Kyverno's chart. Pinned to 3.9.1 (Kyverno v1.19.1), the newest release
 * confirmed on 2026-11-26: github.com/Siemens-Healthineers/K2s/pull/3120 (merged
 * 2026-09-13, "Helm chart 3.9.1"). Values keys checked against
 * charts/kyverno/values.yaml at tag kyverno-chart-3.9.0; 3.9.1 is a patch release.
 */
export const KYVERNO_CHART: ChartPin = {
  chart: "kyverno",
  version: "3.9.1",
  repository: "https://kyverno.github.io/kyverno/",
};

/** The Helm release name; the chart derives object names and labels from it. */
export const KYVERNO_RELEASE = "kyverno";
