import type { ServiceDescription } from "../service-description";
import { BARMAN_CLOUD_CHART, CLOUDNATIVE_PG_CHART, VALKEY_CHART } from "./chart";

/** The operator, its Barman Cloud plugin and their webhooks run here (the chart's documented namespace). */
export const CLOUDNATIVE_PG_NAMESPACE = "cnpg-system";

export const CLOUDNATIVE_PG_SERVICE: ServiceDescription = {
  service: "cloudnativePg",
  title: "CloudNativePG",
  component: "CloudNativePg",
  namespace: CLOUDNATIVE_PG_NAMESPACE,
  chart: CLOUDNATIVE_PG_CHART,
  // The Barman Cloud plugin (object-store backups) beside the operator; Valkey, which app onboarding installs per environment.
  extraCharts: [BARMAN_CLOUD_CHART, VALKEY_CHART],
  crdGroups: ["postgresql.cnpg.io", "barmancloud.cnpg.io"],
  metrics: () => [],
  requires: [{ service: "certManager", for: "TLS certificates" }],
};
