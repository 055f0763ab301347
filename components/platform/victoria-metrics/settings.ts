import { z } from "zod";
import { serviceSettings, type SecretField } from "../service-settings";
import { retentionPeriod, storageClassName, storageQuantity } from "./storage-fields";

/** `services.victoriaMetrics` in the stack config. */
export const victoriaMetricsSettings = (secret: SecretField) =>
  serviceSettings("VictoriaMetrics k8s stack: metrics, alerting, Grafana.", {
    retention: retentionPeriod.optional().meta({
      description: "How long metrics are kept (h/d/w/y suffix, no suffix = months); defaults to 7d in dev and 90d in staging/prod.",
    }),
    storageSize: storageQuantity
      .optional()
      .meta({ description: "Metrics volume size (per vmstorage node in staging/prod); defaults to 10Gi in dev and 50Gi in staging/prod." }),
    storageClassName: storageClassName
      .optional()
      .meta({ description: "StorageClass of the metrics and Grafana volumes; the cluster default when omitted." }),
    alertmanagerConfig: secret(
      "services.victoriaMetrics.alertmanagerConfig",
      "Full Alertmanager configuration (YAML, with receivers and their credentials); alerts go nowhere when omitted.",
    ).optional(),
    alerts: z
      .strictObject({
        backupMaxAgeHours: z
          .number()
          .int("must be a whole number of hours")
          .min(1, "must be at least 1 hour")
          .default(26)
          .meta({ description: "Alert when a Velero schedule has had no successful backup for this many hours." }),
        certificateExpiryDays: z
          .number()
          .int("must be a whole number of days")
          .min(1, "must be at least 1 day")
          .default(14)
          .meta({ description: "Alert when a cert-manager certificate expires within this many days." }),
      })
      .prefault({})
      .meta({ description: "Thresholds of the platform alert rules." }),
  });

export type VictoriaMetricsSettings = z.output<ReturnType<typeof victoriaMetricsSettings>>;
