import { preferSpreadAcrossNodes } from "../../kubernetes/scheduling";
import { highlyAvailable, type PlatformContext } from "../platform-context";
import { VL_HTTP_PORT, VL_RELEASE_NAME, VL_SERVICE_NAME } from "./chart";
import type { VictoriaLogsSettings } from "./settings";

export interface ProfileDefaults {
  retention: string;
  storageSize: string;
}

/** Independent VictoriaLogs replicas outside dev, each holding every log line (the collector writes to all). */
export const victoriaLogsReplicas = (context: Pick<PlatformContext, "profile">): number => (highlyAvailable(context.profile) ? 2 : 1);

/**
 * One ingestion URL per replica, through the chart's headless Service (server.service.clusterIP:
 * None, StatefulSet serviceName = the fullname): `victoria-logs-<i>.victoria-logs.<ns>.svc`. The
 * collector replicates to every remoteWrite entry ("If multiple remoteWrite entries are defined,
 * logs are replicated to all the specified destinations", victoria-logs-collector 0.3.7 docs) and
 * buffers on disk for a replica that is down.
 */
export const victoriaLogsIngestUrls = (context: Pick<PlatformContext, "profile">, namespace: string): string[] =>
  Array.from(
    { length: victoriaLogsReplicas(context) },
    (_, i) => `http://${VL_SERVICE_NAME}-${i}.${VL_SERVICE_NAME}.${namespace}.svc:${VL_HTTP_PORT}`,
  );

/**
 * prod keeps 5 years: the release ledger's log lines and Argo CD's sync events (docs/release-ledger.md)
 * are change records, and neither DORA (Regulation 2022/2554) nor its ICT risk RTS (2024/1774) sets a
 * period for them; 5 years is the record-keeping period EU financial supervision commonly asks for
 * (MiFID II Art. 16(6) with Delegated Regulation 2017/565 Art. 72). VictoriaLogs' retention is
 * instance-wide (`-retentionPeriod`; per-stream retention filters are an Enterprise feature), so every
 * container log is kept as long: size `storageSize` for it or lower `retention`, the config repository's
 * ledger and the Harbor attestations being the primary records.
 */
export const profileDefaults = (context: PlatformContext): ProfileDefaults => {
  if (context.profile === "prod") return { retention: "5y", storageSize: "50Gi" };
  return highlyAvailable(context.profile) ? { retention: "30d", storageSize: "50Gi" } : { retention: "7d", storageSize: "10Gi" };
};

const resources = (cpu: string, memory: string, memoryLimit: string) => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/**
 * victoria-logs-single 0.13.9 values (keys from its values.yaml). Outside dev it runs two replicas:
 * each is an independent store, and the collector writes every line to both (victoriaLogsIngestUrls),
 * so the audit trail (Vault's audit device logs to stdout) survives the loss of a node or a volume.
 * Readers use the headless Service, whose DNS answers with the ready replicas only.
 */
export function victoriaLogsServerValues(context: PlatformContext, settings: VictoriaLogsSettings): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const defaults = profileDefaults(context);
  return {
    server: {
      fullnameOverride: VL_SERVICE_NAME,
      mode: "statefulSet",
      replicaCount: victoriaLogsReplicas(context),
      ...(ha
        ? {
            affinity: preferSpreadAcrossNodes({
              "app.kubernetes.io/name": "victoria-logs-single",
              "app.kubernetes.io/instance": VL_RELEASE_NAME,
            }),
          }
        : {}),
      retentionPeriod: settings.retention ?? defaults.retention,
      persistentVolume: {
        enabled: true,
        size: settings.storageSize ?? defaults.storageSize,
        ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}),
      },
      resources: ha ? resources("500m", "1Gi", "4Gi") : resources("50m", "128Mi", "512Mi"),
      // Scraped by the VictoriaMetrics component's VMServiceScrape; the chart's own would need the CRD first.
      vmServiceScrape: { enabled: false },
    },
    // The collector chart ships logs; the bundled Vector subchart stays off.
    vector: { enabled: false },
    // One replica at a time may be drained; the other keeps every log line.
    ...(ha ? { podDisruptionBudget: { enabled: true, maxUnavailable: 1 } } : {}),
  };
}

/** victoria-logs-collector 0.3.7 values: a vlagent DaemonSet writing container logs to VictoriaLogs. */
export function victoriaLogsCollectorValues(context: PlatformContext, refs: { urls: readonly string[] }): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  return {
    // Without a path vlagent uses /insert/native (values.yaml remoteWrite comment); one entry per replica.
    remoteWrite: refs.urls.map((url) => ({ url })),
    resources: ha ? resources("100m", "128Mi", "512Mi") : resources("25m", "64Mi", "256Mi"),
  };
}
