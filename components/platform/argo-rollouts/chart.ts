import type { ChartPin } from "../../kubernetes/chart-pin";

const ARGO_ROLLOUTS_2_41_0 = {
  repository: "argoproj/argo-helm",
  ref: "argo-rollouts-2.41.0",
  commit: "8796aeaa82428f96c3a20293f75a1a805f99d32b",
};

export const ARGO_ROLLOUTS_RELEASE = "argo-rollouts";

/**
 * argo-rollouts chart 2.41.0 (app v1.9.0): newest argo-rollouts tag of github.com/argoproj/argo-helm
 * (read from the stored snapshot, 2026-06-05); values keys checked in charts/argo-rollouts/values.yaml there.
 */
export const ARGO_ROLLOUTS_CHART: ChartPin = {
  chart: "argo-rollouts",
  version: "2.41.0",
  repository: "https://argoproj.github.io/argo-helm",
  evidence: { kind: "upstream", appVersion: "v1.9.0", source: { ...ARGO_ROLLOUTS_2_41_0, path: "charts/argo-rollouts/Chart.yaml" } },
  crds: {
    kind: "templates",
    values: { installCRDs: true, keepCRDs: true },
    keptOnUninstall: true,
    how:
      "The five CRDs (Rollout, AnalysisRun, AnalysisTemplate, ClusterAnalysisTemplate, Experiment) are templates behind " +
      "installCRDs, so every upgrade applies them; keepCRDs adds helm.sh/resource-policy: keep, which leaves them (and every " +
      "Rollout) on uninstall.",
    sources: [{ ...ARGO_ROLLOUTS_2_41_0, path: "charts/argo-rollouts/templates/crds" }],
  },
};
