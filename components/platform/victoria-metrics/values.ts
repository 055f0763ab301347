import { preferSpreadAcrossNodes } from "../../kubernetes/scheduling";
import { highlyAvailable, hostFor, tlsAnnotations, type PlatformContext } from "../platform-context";
import { VM_FULLNAME, VM_RELEASE_NAME } from "./chart";
import type { VictoriaMetricsSettings } from "./settings";

export const GRAFANA_HOST_PREFIX = "grafana";
export const GRAFANA_TLS_SECRET = "grafana-tls";
export const GRAFANA_ADMIN_USER_KEY = "admin-user";
export const GRAFANA_ADMIN_PASSWORD_KEY = "admin-password";
/** vmagent scrape interval (chart default); HA dedup must use the same value. */
const SCRAPE_INTERVAL = "20s";

/**
 * Grafana plugins for the stack's "VictoriaMetrics (DS)" and "VictoriaLogs (DS)" datasources (chart values.yaml
 * `defaultDatasources` and _index.md "Grafana datasource for VictoriaLogs"). Grafana downloads them from
 * grafana.com at start-up; pin `name@version` through `values.grafana.plugins` for air-gapped clusters.
 */
export const GRAFANA_PLUGINS = ["victoriametrics-metrics-datasource", "victoriametrics-logs-datasource"];

export interface VictoriaMetricsRefs {
  /** Secret with `admin-user` / `admin-password` for Grafana. */
  grafanaAdminSecret: string;
  /** Secret with `alertmanager.yaml`; the chart's blackhole config when omitted. */
  alertmanagerConfigSecret?: string;
  /** VictoriaLogs base URL for vmalert and the Grafana datasource. */
  victoriaLogsUrl?: string;
  /** Secret with the receivers' credentials, mounted into Alertmanager (alertmanager-config.ts). */
  receiverSecret?: string;
  /** Secret with `GF_DATABASE_PASSWORD`, when Grafana uses an external PostgreSQL. */
  grafanaDatabaseSecret?: string;
}

/** Grafana's pods (grafana chart helpers: name grafana, instance = the stack release). */
const GRAFANA_POD_LABELS = { "app.kubernetes.io/name": "grafana", "app.kubernetes.io/instance": VM_RELEASE_NAME };

/**
 * Grafana's part of the values: one replica on SQLite, or two sharing an external PostgreSQL
 * (Grafana reads GF_<SECTION>_<KEY> environment overrides, so the password comes from a Secret
 * through the chart's `envFromSecret`, never from grafana.ini).
 */
function grafanaDatabaseValues(settings: VictoriaMetricsSettings, refs: VictoriaMetricsRefs, ha: boolean) {
  const database = settings.grafana.database;
  if (database.kind === "embedded")
    return {
      replicas: 1,
      ini: {},
      persistence: ha
        ? { enabled: true, type: "pvc", size: "5Gi", ...(settings.storageClassName ? { storageClassName: settings.storageClassName } : {}) }
        : { enabled: false },
      extra: {},
    };
  if (refs.grafanaDatabaseSecret === undefined)
    throw new Error("victoriaMetricsValues: an external Grafana database needs its password Secret");
  return {
    replicas: 2,
    ini: { database: { type: "postgres", host: database.host, name: database.name, user: database.user, ssl_mode: database.sslMode } },
    // Nothing local to keep: users, sessions and dashboards are in PostgreSQL.
    persistence: { enabled: false },
    extra: {
      envFromSecret: refs.grafanaDatabaseSecret,
      podDisruptionBudget: { maxUnavailable: 1 },
      affinity: preferSpreadAcrossNodes(GRAFANA_POD_LABELS),
    },
  };
}

export interface ProfileDefaults {
  retention: string;
  storageSize: string;
}

export const profileDefaults = (context: PlatformContext): ProfileDefaults =>
  highlyAvailable(context.profile) ? { retention: "90d", storageSize: "50Gi" } : { retention: "7d", storageSize: "10Gi" };

/** Operator pod labels (operator v0.74.1 api/operator/v1beta1 SelectorLabels): name is the kind, instance the CR name. */
const podsOf = (kind: string) => ({ "app.kubernetes.io/name": kind, "app.kubernetes.io/instance": VM_FULLNAME });

const spreadAcrossNodes = (kind: string) => preferSpreadAcrossNodes(podsOf(kind));

const resources = (cpu: string, memory: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

/** Replicated operator component: replicas, a PDB and anti-affinity. */
const replicated = (kind: string, replicaCount: number) => ({
  replicaCount,
  podDisruptionBudget: { maxUnavailable: 1 },
  affinity: spreadAcrossNodes(kind),
});

const pvcSpec = (size: string, storageClassName?: string) => ({
  ...(storageClassName ? { storageClassName } : {}),
  resources: { requests: { storage: size } },
});

/** Helm values of victoria-metrics-k8s-stack 0.91.2 for the profile. Keys checked against the chart's values.yaml. */
export function victoriaMetricsValues(
  context: PlatformContext,
  settings: VictoriaMetricsSettings,
  refs: VictoriaMetricsRefs,
): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const grafanaDb = grafanaDatabaseValues(settings, refs, ha);
  const defaults = profileDefaults(context);
  const retentionPeriod = settings.retention ?? defaults.retention;
  const storageSize = settings.storageSize ?? defaults.storageSize;
  const grafanaHost = hostFor(context, GRAFANA_HOST_PREFIX);

  const storage = ha
    ? {
        vmsingle: { enabled: false },
        vmcluster: {
          enabled: true,
          spec: {
            retentionPeriod,
            replicationFactor: 2,
            // Two vmagent replicas scrape the same targets: dedup to the scrape interval (VictoriaMetrics
            // deduplication docs); without it the operator only sets 1ms for replicationFactor copies.
            vmstorage: {
              ...replicated("vmstorage", 3),
              storage: { volumeClaimTemplate: { spec: pvcSpec(storageSize, settings.storageClassName) } },
              extraArgs: { "dedup.minScrapeInterval": SCRAPE_INTERVAL },
              resources: resources("500m", "1Gi", "4Gi"),
            },
            vmselect: {
              ...replicated("vmselect", 2),
              extraArgs: { "dedup.minScrapeInterval": SCRAPE_INTERVAL },
              resources: resources("250m", "512Mi", "2Gi"),
            },
            vminsert: { ...replicated("vminsert", 2), resources: resources("250m", "256Mi", "1Gi") },
          },
        },
      }
    : {
        vmsingle: {
          enabled: true,
          spec: {
            retentionPeriod,
            replicaCount: 1,
            storage: { accessModes: ["ReadWriteOnce"], ...pvcSpec(storageSize, settings.storageClassName) },
            resources: resources("100m", "256Mi", "1Gi"),
          },
        },
        vmcluster: { enabled: false },
      };

  return {
    fullnameOverride: VM_FULLNAME,
    ...storage,
    vmagent: {
      enabled: true,
      spec: {
        scrapeInterval: SCRAPE_INTERVAL,
        ...(ha ? replicated("vmagent", 2) : { replicaCount: 1 }),
        resources: ha ? resources("250m", "512Mi", "2Gi") : resources("50m", "128Mi", "512Mi"),
      },
    },
    vmalert: {
      enabled: true,
      spec: {
        ...(ha ? replicated("vmalert", 2) : { replicaCount: 1 }),
        resources: ha ? resources("100m", "128Mi", "512Mi") : resources("25m", "64Mi", "256Mi"),
      },
    },
    alertmanager: {
      enabled: true,
      spec: {
        ...(ha ? replicated("vmalertmanager", 2) : { replicaCount: 1 }),
        ...(refs.alertmanagerConfigSecret ? { configSecret: refs.alertmanagerConfigSecret } : {}),
        // Mounted at /etc/vm/secrets/<name>/, where the receivers' *_file options point.
        ...(refs.receiverSecret ? { secrets: [refs.receiverSecret] } : {}),
        resources: resources("25m", "64Mi", "256Mi"),
      },
    },
    // An external VL read URL adds the VictoriaLogs datasource and routes vmalert's LogsQL through an internal vmauth.
    ...(refs.victoriaLogsUrl ? { external: { vl: { read: { url: refs.victoriaLogsUrl } } } } : {}),
    grafana: {
      enabled: true,
      // SQLite allows one replica only; with an external PostgreSQL Grafana runs two (grafanaDatabaseValues).
      replicas: grafanaDb.replicas,
      plugins: GRAFANA_PLUGINS,
      admin: { existingSecret: refs.grafanaAdminSecret, userKey: GRAFANA_ADMIN_USER_KEY, passwordKey: GRAFANA_ADMIN_PASSWORD_KEY },
      "grafana.ini": { server: { root_url: `https://${grafanaHost}` }, ...grafanaDb.ini },
      persistence: grafanaDb.persistence,
      ...grafanaDb.extra,
      resources: ha ? resources("100m", "256Mi", "1Gi") : resources("50m", "128Mi", "512Mi"),
      ingress: {
        enabled: true,
        ingressClassName: context.ingressClassName,
        annotations: tlsAnnotations(context),
        hosts: [grafanaHost],
        path: "/",
        pathType: "Prefix",
        tls: [{ secretName: GRAFANA_TLS_SECRET, hosts: [grafanaHost] }],
      },
    },
  };
}
