import { highlyAvailable, type PlatformContext } from "../platform-context";
import { VL_SERVICE_NAME } from "./chart";
import type { VictoriaLogsSettings } from "./settings";

export interface ProfileDefaults {
  retention: string;
  storageSize: string;
}

export const profileDefaults = (context: PlatformContext): ProfileDefaults =>
  highlyAvailable(context.profile) ? { retention: "30d", storageSize: "50Gi" } : { retention: "7d", storageSize: "10Gi" };

const resources = (cpu: string, memory: string, memoryLimit: string) => ({ requests: { cpu, memory }, limits: { memory: memoryLimit } });

/**
 * victoria-logs-single 0.13.9 values (keys from its values.yaml). The chart runs one stateful node:
 * more replicas would be independent stores, so staging/prod get more retention, disk and memory
 * instead; replicated logs need the victoria-logs-cluster chart.
 */
export function victoriaLogsServerValues(context: PlatformContext, settings: VictoriaLogsSettings): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const defaults = profileDefaults(context);
  return {
    server: {
      fullnameOverride: VL_SERVICE_NAME,
      mode: "statefulSet",
      replicaCount: 1,
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
  };
}

/** victoria-logs-collector 0.3.7 values: a vlagent DaemonSet writing container logs to VictoriaLogs. */
export function victoriaLogsCollectorValues(context: PlatformContext, refs: { url: string }): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  return {
    // Without a path vlagent uses /insert/native (values.yaml remoteWrite comment).
    remoteWrite: [{ url: refs.url }],
    resources: ha ? resources("100m", "128Mi", "512Mi") : resources("25m", "64Mi", "256Mi"),
  };
}
