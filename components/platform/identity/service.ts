import type { ServiceDescription } from "../service-description";
import { KEYCLOAKX_CHART } from "./chart";
import { identityMetricsEndpoints } from "./metrics";

/** Single sign-on for every platform tool: Keycloak in-cluster, or an external OIDC issuer (docs/identity.md). */
export const IDENTITY_SERVICE: ServiceDescription = {
  service: "identity",
  title: "Keycloak",
  component: "Identity",
  namespace: "identity",
  chart: KEYCLOAKX_CHART,
  extraCharts: [],
  crdGroups: [],
  metrics: (_, namespace) => identityMetricsEndpoints(namespace),
  requires: [{ service: "certManager", for: "TLS certificates" }],
  hosts: ["sso"],
};
