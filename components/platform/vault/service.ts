import type { ServiceDescription } from "../service-description";
import { VAULT_CHART } from "./chart";
import { vaultMetricsEndpoints } from "./metrics";

export const VAULT_SERVICE: ServiceDescription = {
  service: "vault",
  title: "Vault",
  component: "Vault",
  namespace: "vault",
  chart: VAULT_CHART,
  extraCharts: [],
  crdGroups: [],
  metrics: vaultMetricsEndpoints,
  requires: [{ service: "certManager", for: "TLS certificates" }],
  hosts: ["vault"],
};
