import type { ServiceDescription } from "../service-description";
import { ARGOCD_CHART } from "./chart";
import { argocdMetricsEndpoints } from "./metrics";

export const ARGOCD_SERVICE: ServiceDescription = {
  service: "argocd",
  title: "Argo CD",
  component: "ArgoCd",
  namespace: "argocd",
  chart: ARGOCD_CHART,
  extraCharts: [],
  crdGroups: ["argoproj.io"],
  metrics: (_, namespace) => argocdMetricsEndpoints(namespace),
  requires: [{ service: "certManager", for: "TLS certificates" }],
  hosts: ["argocd"],
};
