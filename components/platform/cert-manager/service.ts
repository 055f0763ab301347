import type { ServiceDescription } from "../service-description";
import { CERT_MANAGER_CHART } from "./chart";
import { certManagerMetricsEndpoints } from "./metrics";

export const CERT_MANAGER_SERVICE: ServiceDescription = {
  service: "certManager",
  title: "cert-manager",
  component: "CertManager",
  namespace: "cert-manager",
  chart: CERT_MANAGER_CHART,
  extraCharts: [],
  crdGroups: ["cert-manager.io", "acme.cert-manager.io"],
  metrics: (_, namespace) => certManagerMetricsEndpoints(namespace),
  requires: [],
};
