import { preferSpreadAcrossNodes } from "../../kubernetes/scheduling";
import { highlyAvailable, type PlatformContext } from "../platform-context";
import { EXTERNAL_SECRETS_RELEASE, EXTERNAL_SECRETS_SERVICE_ACCOUNT } from "./chart";
import type { ExternalSecretsSettings } from "./settings";

/** Pod selector labels of each Deployment (chart helpers `external-secrets*.selectorLabels`). */
const selectorLabels = (name: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": EXTERNAL_SECRETS_RELEASE,
});

// Starting points (the chart sets no resources); tune with `services.externalSecrets.values`.
const LIGHT = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } };
const PRODUCTION = { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } };

/**
 * Helm values for the external-secrets chart: CRDs from the chart's templates,
 * a fixed service account name for the Vault role to bind, and the metrics
 * Services of all three Deployments (port `metrics`).
 */
export function externalSecretsValues(
  context: PlatformContext,
  settings: Pick<ExternalSecretsSettings, "replicas">,
): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const replicas = settings.replicas ?? (ha ? 2 : 1);
  const resources = ha ? PRODUCTION : LIGHT;
  const component = (name: string) => ({
    replicaCount: replicas,
    podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 },
    resources,
    ...(replicas > 1 ? { affinity: preferSpreadAcrossNodes(selectorLabels(name)) } : {}),
  });
  return {
    ...component("external-secrets"),
    // Several controller replicas must elect a leader or they reconcile the same secrets concurrently.
    leaderElect: replicas > 1,
    serviceAccount: { create: true, name: EXTERNAL_SECRETS_SERVICE_ACCOUNT },
    metrics: { service: { enabled: true } },
    serviceMonitor: { enabled: false },
    webhook: { ...component("external-secrets-webhook"), metrics: { service: { enabled: true } } },
    certController: { ...component("external-secrets-cert-controller"), metrics: { service: { enabled: true } } },
  };
}
