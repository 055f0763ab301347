import type { ServiceDescription } from "../service-description";
import { ARGO_ROLLOUTS_CHART } from "./chart";
import { argoRolloutsMetricsEndpoints } from "./metrics";

export const ARGO_ROLLOUTS_SERVICE: ServiceDescription = {
  service: "argoRollouts",
  title: "Argo Rollouts",
  component: "ArgoRollouts",
  namespace: "argo-rollouts",
  chart: ARGO_ROLLOUTS_CHART,
  extraCharts: [],
  // argoproj.io is Argo CD's group in CRD_SOURCES; the platform creates no Rollout objects itself
  // (they live in the apps' config repositories, which Argo CD applies after both releases).
  crdGroups: [],
  metrics: (_, namespace) => argoRolloutsMetricsEndpoints(namespace),
  requires: [],
};
