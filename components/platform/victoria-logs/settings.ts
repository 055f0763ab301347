import { z } from "zod";
import { EXACT_VERSION, serviceSettings, type SecretField } from "../service-settings";
import { retentionPeriod, storageClassName, storageQuantity } from "../victoria-metrics/storage-fields";

/** `services.victoriaLogs` in the stack config. */
export const victoriaLogsSettings = (_secret: SecretField) =>
  serviceSettings("VictoriaLogs and a log collector.", {
    retention: retentionPeriod.optional().meta({
      description:
        "How long logs are kept (h/d/w/y suffix, no suffix = months), for the whole instance (VictoriaLogs has no per-stream retention outside Enterprise); defaults to 7d in dev, 30d in staging and 5y in prod, where the release ledger's lines and Argo CD's sync events are change records (docs/release-ledger.md).",
    }),
    storageSize: storageQuantity
      .optional()
      .meta({ description: "Size of the VictoriaLogs volume; defaults to 10Gi in dev and 50Gi in staging/prod." }),
    storageClassName: storageClassName
      .optional()
      .meta({ description: "StorageClass of the VictoriaLogs volume; the cluster default when omitted." }),
    collector: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: "Ship every container's logs to VictoriaLogs (a DaemonSet)." }),
        chartVersion: z
          .string()
          .regex(EXACT_VERSION, "must be an exact chart version such as 1.2.3 (ranges are not allowed)")
          .optional()
          .meta({ description: "Override the pinned victoria-logs-collector chart version (exact version only)." }),
        values: z
          .record(z.string(), z.unknown())
          .optional()
          .meta({ description: "Extra Helm values for the collector chart. Never put secrets here." }),
      })
      .prefault({})
      .meta({ description: "The log collector (victoria-logs-collector chart)." }),
  });

export type VictoriaLogsSettings = z.output<ReturnType<typeof victoriaLogsSettings>>;
