import { z } from "zod";
import { replicasSetting, serviceSettings, type SecretField } from "../service-settings";

/** The chart is versioned without a `v` (2.11.0); a `v`-prefixed version names no chart. */
const CHART_VERSION = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `services.externalSecrets` in the stack config. */
export const externalSecretsSettings = (_secret: SecretField) =>
  serviceSettings("External Secrets Operator: syncs Vault secrets into namespaces.", {
    chartVersion: z
      .string()
      .regex(CHART_VERSION, "must be an exact chart version without a 'v' prefix, such as 2.11.0")
      .optional()
      .meta({ description: "Override the pinned Helm chart version (exact version, such as 2.11.0)." }),
    replicas: replicasSetting("Replicas of the controller, webhook and cert-controller. Default: 1 in dev, 2 in staging and prod."),
  });

export type ExternalSecretsSettings = z.output<ReturnType<typeof externalSecretsSettings>>;
export type ExternalSecretsSettingsInput = z.input<ReturnType<typeof externalSecretsSettings>>;
