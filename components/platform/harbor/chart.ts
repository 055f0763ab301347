import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * goharbor/harbor-helm: newest tag v1.19.1 (Harbor 2.15.1, 2026-05-12), read from
 * Chart.yaml at tag v1.19.1 of the repository snapshot of 2026-07-24. A 1.19.2 bump
 * sits on the 1.19.0 release branch but was not tagged there; check before bumping.
 */
export const HARBOR_CHART: ChartPin = { chart: "harbor", version: "1.19.1", repository: "https://helm.goharbor.io" };
