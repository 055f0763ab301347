import { z } from "zod";
import { argoRolloutsSettings } from "./argo-rollouts/settings";
import { argocdSettings } from "./argocd/settings";
import { certManagerSettings } from "./cert-manager/settings";
import { cloudnativePgSettings } from "./cloudnative-pg/settings";
import { externalSecretsSettings } from "./external-secrets/settings";
import { harborSettings } from "./harbor/settings";
import { identitySettings } from "./identity/settings";
import { kyvernoSettings } from "./kyverno/settings";
import type { SecretField } from "./service-settings";
import { trivyOperatorSettings } from "./trivy-operator/settings";
import { vaultSettings } from "./vault/settings";
import { veleroSettings } from "./velero/settings";
import { victoriaLogsSettings } from "./victoria-logs/settings";
import { victoriaMetricsSettings } from "./victoria-metrics/settings";

/** `services` in the stack config: every platform service's `services.<name>` settings. */
export const servicesSettings = (secret: SecretField) =>
  z
    .strictObject({
      certManager: certManagerSettings(secret),
      externalSecrets: externalSecretsSettings(secret),
      harbor: harborSettings(secret),
      argocd: argocdSettings(secret),
      kyverno: kyvernoSettings(secret),
      vault: vaultSettings(secret),
      victoriaMetrics: victoriaMetricsSettings(secret),
      victoriaLogs: victoriaLogsSettings(secret),
      velero: veleroSettings(secret),
      identity: identitySettings(secret),
      trivyOperator: trivyOperatorSettings(secret),
      cloudnativePg: cloudnativePgSettings(),
      argoRollouts: argoRolloutsSettings(secret),
    })
    .prefault({})
    .meta({ description: "Per-service toggles and overrides." });

export type ServicesSettings = z.output<ReturnType<typeof servicesSettings>>;
