import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * Newest argo-cd chart whose values.yaml could be read (app v3.4.4): the published
 * argo-cd-10.1.2.tgz vendored in entigolabs/entigo-infralib@68fb49a (2026-08-07);
 * argoproj/argo-helm's newest stored snapshot (2026-07-02) is at 10.1.1.
 */
export const ARGOCD_CHART: ChartPin = { chart: "argo-cd", version: "10.1.2", repository: "https://argoproj.github.io/argo-helm" };

/** Fixed release name: the chart derives every object name (argocd-server, …) from it. */
export const ARGOCD_RELEASE = "argocd";
