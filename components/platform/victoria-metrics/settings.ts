import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import { serviceSettings, type SecretField } from "../service-settings";
import { alertingSettings, grafanaSettings } from "./alerting-settings";
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
      "Full Alertmanager configuration (YAML), instead of `alerting`; alerts go nowhere when neither is set.",
    ).optional(),
    alerting: alertingSettings,
    grafana: grafanaSettings(secret),
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

/** Rules that need the profile: alerts must reach someone in prod, and Grafana must be replicated there. */
export function victoriaMetricsProfileProblems(profile: Profile, settings: VictoriaMetricsSettings): { path: string[]; message: string }[] {
  const at = (...key: string[]) => ["services", "victoriaMetrics", ...key];
  const problems: { path: string[]; message: string }[] = [];
  if (settings.alerting.receivers.length > 0 && settings.alertmanagerConfig !== undefined)
    problems.push({ path: at("alerting", "receivers"), message: "set either alerting.receivers or alertmanagerConfig, not both" });
  if (profile !== "prod") return problems;
  if (settings.alerting.receivers.length === 0 && settings.alertmanagerConfig === undefined)
    problems.push({
      path: at("alerting", "receivers"),
      message:
        "required in prod: alerts would go nowhere; add a receiver (slack, pagerduty, email or webhook) and put its secret in Vault (docs/services/observability.md)",
    });
  if (settings.grafana.database.kind !== "postgres")
    problems.push({
      path: at("grafana", "database", "kind"),
      message: "prod runs two Grafana replicas, which need a shared database: set kind 'postgres' with host, user and a secret password",
    });
  return problems;
}
