import { z } from "zod";
import { replicasSetting, serviceSettings, type SecretField } from "../service-settings";

/** cert-manager tags its charts with a `v` (v1.21.2); a version without it names no chart. */
const CERT_MANAGER_VERSION = /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

/** `services.certManager` in the stack config. */
export const certManagerSettings = (_secret: SecretField) =>
  serviceSettings("cert-manager: certificates for every ingress.", {
    chartVersion: z
      .string()
      .regex(CERT_MANAGER_VERSION, "must be an exact cert-manager chart version with its 'v' prefix, such as v1.21.2")
      .optional()
      .meta({ description: "Override the pinned Helm chart version (exact version with the `v` prefix, such as v1.21.2)." }),
    replicas: replicasSetting("Replicas of the controller, webhook and cainjector. Default: 1 in dev, 2 in staging and prod."),
  });

export type CertManagerSettings = z.output<ReturnType<typeof certManagerSettings>>;
export type CertManagerSettingsInput = z.input<ReturnType<typeof certManagerSettings>>;
