import { SERVICE_NAMES, type ServiceName } from "../shared/service-names";
import { ARGO_ROLLOUTS_SERVICE } from "./argo-rollouts/service";
import { ARGOCD_SERVICE } from "./argocd/service";
import { CERT_MANAGER_SERVICE } from "./cert-manager/service";
import { CLOUDNATIVE_PG_SERVICE } from "./cloudnative-pg/service";
import { EXTERNAL_SECRETS_SERVICE } from "./external-secrets/service";
import { HARBOR_SERVICE } from "./harbor/service";
import { IDENTITY_SERVICE } from "./identity/service";
import { KYVERNO_SERVICE } from "./kyverno/service";
import type { ServiceDescription } from "./service-description";
import { TRIVY_OPERATOR_SERVICE } from "./trivy-operator/service";
import { VAULT_SERVICE } from "./vault/service";
import { VELERO_SERVICE } from "./velero/service";
import { VICTORIA_LOGS_SERVICE } from "./victoria-logs/service";
import { VICTORIA_METRICS_SERVICE } from "./victoria-metrics/service";

/** Every platform service's own description, by its `services.<name>` key. */
export const SERVICE_DESCRIPTIONS: Readonly<Record<ServiceName, ServiceDescription>> = {
  certManager: CERT_MANAGER_SERVICE,
  externalSecrets: EXTERNAL_SECRETS_SERVICE,
  harbor: HARBOR_SERVICE,
  argocd: ARGOCD_SERVICE,
  kyverno: KYVERNO_SERVICE,
  vault: VAULT_SERVICE,
  victoriaMetrics: VICTORIA_METRICS_SERVICE,
  victoriaLogs: VICTORIA_LOGS_SERVICE,
  velero: VELERO_SERVICE,
  identity: IDENTITY_SERVICE,
  trivyOperator: TRIVY_OPERATOR_SERVICE,
  cloudnativePg: CLOUDNATIVE_PG_SERVICE,
  argoRollouts: ARGO_ROLLOUTS_SERVICE,
};

/** The descriptions in `SERVICE_NAMES` order. */
export const SERVICES: readonly ServiceDescription[] = SERVICE_NAMES.map((service) => SERVICE_DESCRIPTIONS[service]);

/** The namespace each service runs in (test/stacks/platform-plans.test.ts checks the plans agree). */
export const SERVICE_NAMESPACES: Readonly<Record<ServiceName, string>> = Object.fromEntries(
  SERVICES.map((description) => [description.service, description.namespace]),
) as Record<ServiceName, string>;

/** First labels of every host a platform service answers on (`<label>.<domain>`), enabled or not. */
export const PLATFORM_HOST_LABELS: readonly string[] = SERVICES.flatMap((description) => description.hosts ?? []);
