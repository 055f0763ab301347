import type { ChartPin } from "../../kubernetes/chart-pin";

const ARGO_HELM_10_1_1 = { repository: "argoproj/argo-helm", ref: "argo-cd-10.1.1", commit: "af0a9310bacbaa4636018dfe22c801a6d33a5c43" };

/**
 * argo-cd 10.1.1 (Argo CD v3.4.4): the newest chart argoproj/argo-helm shows (tag argo-cd-10.1.1 and its
 * gh-pages index.yaml @ c77d0b1, 2026-07-02). 10.1.2 is only seen vendored by third parties, with the same
 * app version; nothing upstream says what changed, so the pin stays on the version upstream shows. The
 * values the platform sets exist in 10.1.1's values.yaml (redis-ha.* is its redis-ha 4.38.0 subchart).
 */
export const ARGOCD_CHART: ChartPin = {
  chart: "argo-cd",
  version: "10.1.1",
  repository: "https://argoproj.github.io/argo-helm",
  evidence: { kind: "upstream", appVersion: "v3.4.4", source: { ...ARGO_HELM_10_1_1, path: "charts/argo-cd/Chart.yaml" } },
  crds: {
    kind: "templates",
    values: { crds: { install: true, keep: true } },
    keptOnUninstall: true,
    how: "templates/crds/crd-*.yaml render behind crds.install, so every upgrade applies them; crds.keep adds helm.sh/resource-policy: keep.",
    sources: [{ ...ARGO_HELM_10_1_1, path: "charts/argo-cd/templates/crds" }],
  },
};

/** Fixed release name: the chart derives every object name (argocd-server, …) from it. */
export const ARGOCD_RELEASE = "argocd";
