import type { ChartPin } from "../../kubernetes/chart-pin";

const HARBOR_HELM_1_19_1 = { repository: "goharbor/harbor-helm", ref: "v1.19.1", commit: "ae011519ef17a47478a3639d7680902c6adcb0a5" };

/**
 * goharbor/harbor-helm: newest tag v1.19.1 (Harbor 2.15.1, 2026-05-12), read from
 * Chart.yaml at tag v1.19.1 of the repository snapshot of 2026-07-24. A 1.19.2 bump
 * sits on the 1.19.0 release branch but was not tagged there; check before bumping.
 */
export const HARBOR_CHART: ChartPin = {
  chart: "harbor",
  version: "1.19.1",
  repository: "https://helm.goharbor.io",
  evidence: { kind: "upstream", appVersion: "2.15.1", source: { ...HARBOR_HELM_1_19_1, path: "Chart.yaml" } },
  // No crds/ directory and no CustomResourceDefinition in templates/ at the tag.
  crds: { kind: "none", checked: { ...HARBOR_HELM_1_19_1, path: "." } },
};
