import type { ServiceDescription } from "../service-description";
import { HARBOR_CHART } from "./chart";
import { harborMetricsEndpoints } from "./metrics";

export const HARBOR_SERVICE: ServiceDescription = {
  service: "harbor",
  title: "Harbor",
  component: "Harbor",
  namespace: "harbor",
  chart: HARBOR_CHART,
  extraCharts: [],
  crdGroups: [],
  metrics: (_, namespace) => harborMetricsEndpoints(namespace),
  requires: [{ service: "certManager", for: "TLS certificates" }],
  hosts: ["harbor"],
};
