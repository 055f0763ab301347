import type { ServiceDescription } from "../service-description";
import { EXTERNAL_SECRETS_CHART } from "./chart";
import { externalSecretsMetricsEndpoints } from "./metrics";

export const EXTERNAL_SECRETS_SERVICE: ServiceDescription = {
  service: "externalSecrets",
  title: "External Secrets",
  component: "ExternalSecrets",
  namespace: "external-secrets",
  chart: EXTERNAL_SECRETS_CHART,
  extraCharts: [],
  crdGroups: ["external-secrets.io", "generators.external-secrets.io"],
  metrics: (_, namespace) => externalSecretsMetricsEndpoints(namespace),
  // Its only ClusterSecretStore reads from Vault.
  requires: [{ service: "vault", for: "the secrets it syncs" }],
};
