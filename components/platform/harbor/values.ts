import { preferSpreadAcrossNodes } from "../../kubernetes/scheduling";
import { highlyAvailable, hostFor, type PlatformContext } from "../platform-context";
import type { HarborSettings } from "./settings";

/** Helm release name; the chart then names everything `harbor-<component>`. */
export const HARBOR_RELEASE = "harbor";

/** Names of the Kubernetes Secrets the chart reads instead of plain-text values. */
export interface HarborSecretRefs {
  /** Key `HARBOR_ADMIN_PASSWORD`. */
  adminPassword: string;
  /** Key `secretKey` (16 characters). */
  secretKey: string;
  /** Keys `REGISTRY_PASSWD` and `REGISTRY_HTPASSWD` (core/jobservice to registry basic auth). */
  registryCredentials: string;
  /** Key `password`; only with an external database. */
  database?: string;
  /** Keys `REDIS_PASSWORD` (and `REDIS_USERNAME`); only with an external Redis that has a password. */
  redis?: string;
  /** Keys `REGISTRY_STORAGE_S3_ACCESSKEY` and `REGISTRY_STORAGE_S3_SECRETKEY`; only with S3 storage. */
  s3?: string;
  /** The ingress certificate's Secret; filled by the Certificate the component awaits (ingress-certificate.ts). */
  tls: string;
}

/** Registry user the chart's core and jobservice authenticate to the registry with (the password is in a Secret). */
export const REGISTRY_USER = "harbor_registry_user";

interface Resources {
  requests: { cpu: string; memory: string };
  limits: { memory: string };
}
const resources = (cpu: string, memory: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

/** Per-component sizing: dev is as small as Harbor runs comfortably, HA leaves room for real traffic. */
const SIZING = {
  dev: {
    core: resources("50m", "128Mi", "512Mi"),
    portal: resources("10m", "32Mi", "128Mi"),
    jobservice: resources("50m", "64Mi", "256Mi"),
    registry: resources("50m", "64Mi", "512Mi"),
    registryController: resources("10m", "32Mi", "128Mi"),
    trivy: resources("100m", "256Mi", "1Gi"),
    exporter: resources("10m", "32Mi", "128Mi"),
    database: resources("50m", "128Mi", "512Mi"),
    redis: resources("20m", "32Mi", "128Mi"),
  },
  ha: {
    core: resources("200m", "256Mi", "1Gi"),
    portal: resources("50m", "64Mi", "256Mi"),
    jobservice: resources("100m", "128Mi", "512Mi"),
    registry: resources("200m", "256Mi", "1Gi"),
    registryController: resources("50m", "64Mi", "256Mi"),
    trivy: resources("200m", "512Mi", "2Gi"),
    exporter: resources("50m", "64Mi", "256Mi"),
  },
} as const;

/** Harbor pods carry `release`, `app` and `component` labels. */
const spreadOverNodes = (component: string) => preferSpreadAcrossNodes({ release: HARBOR_RELEASE, app: "harbor", component });

/** Replicas, PDB and anti-affinity of a stateless component in HA profiles. */
const replicated = (component: string) => ({
  replicas: 2,
  podDisruptionBudget: { enabled: true, minAvailable: 1 },
  affinity: spreadOverNodes(component),
});

// The internal database and Redis are dev-only (harborProfileProblems), hence dev sizing.
function databaseValues(settings: HarborSettings, refs: HarborSecretRefs) {
  const db = settings.database;
  if (db.kind === "internal") return { type: "internal", internal: { resources: SIZING.dev.database } };
  return {
    type: "external",
    external: {
      host: db.host,
      port: String(db.port),
      username: db.username,
      coreDatabase: db.coreDatabase,
      sslmode: db.sslmode,
      existingSecret: refs.database,
    },
  };
}

function redisValues(settings: HarborSettings, refs: HarborSecretRefs) {
  const redis = settings.redis;
  if (redis.kind === "internal") return { type: "internal", internal: { resources: SIZING.dev.redis } };
  return {
    type: "external",
    external: {
      addr: redis.addr,
      ...(redis.sentinelMasterSet === undefined ? {} : { sentinelMasterSet: redis.sentinelMasterSet }),
      tlsOptions: { enable: redis.tls },
      ...(refs.redis === undefined ? {} : { existingSecret: refs.redis }),
    },
  };
}

function imageStorageValues(settings: HarborSettings, refs: HarborSecretRefs) {
  const storage = settings.storage;
  if (storage.kind === "filesystem") return { type: "filesystem" };
  return {
    type: "s3",
    // Clients are redirected to presigned bucket URLs; a custom endpoint is usually not reachable by them.
    disableredirect: storage.endpoint !== undefined,
    s3: {
      bucket: storage.bucket,
      region: storage.region,
      ...(storage.endpoint === undefined ? {} : { regionendpoint: storage.endpoint }),
      ...(storage.rootDirectory === undefined ? {} : { rootdirectory: storage.rootDirectory }),
      existingSecret: refs.s3,
    },
  };
}

/** Claims the chart creates; in HA only Trivy's cache is in-cluster (the rest is external). */
function volumeClaims(settings: HarborSettings, ha: boolean) {
  const claim = (size: string) => ({ size, ...(settings.storageClass === undefined ? {} : { storageClass: settings.storageClass }) });
  return {
    registry: claim("5Gi"),
    jobservice: { jobLog: claim("1Gi") },
    database: claim("1Gi"),
    redis: claim("1Gi"),
    trivy: claim(ha ? "5Gi" : "2Gi"),
  };
}

/**
 * Helm values for the goharbor `harbor` chart. Pure: no resources, no secrets —
 * every credential is referenced by Secret name from `refs`.
 */
export function harborValues(context: PlatformContext, settings: HarborSettings, refs: HarborSecretRefs): Record<string, unknown> {
  const host = hostFor(context, "harbor");
  const ha = highlyAvailable(context.profile);
  const size = ha ? SIZING.ha : SIZING.dev;
  const scale = (component: string) => (ha ? replicated(component) : { replicas: 1 });

  return {
    expose: {
      type: "ingress",
      tls: { enabled: true, certSource: "secret", secret: { secretName: refs.tls } },
      ingress: {
        hosts: { core: host },
        className: context.ingressClassName,
        // No cert-manager annotation: the component's own Certificate fills the Secret before the release
        // starts; the chart's annotations (nginx body-size and ssl-redirect) stay.
        annotations: {},
      },
    },
    externalURL: `https://${host}`,
    // Without it the chart renders core's `ca-download` volume with no source when certSource is "secret".
    caSecretName: refs.tls,

    existingSecretAdminPassword: refs.adminPassword,
    existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
    existingSecretSecretKey: refs.secretKey,

    persistence: {
      enabled: true,
      // PVCs the chart creates outlive `helm uninstall`; Pulumi does not own them.
      resourcePolicy: "keep",
      persistentVolumeClaim: volumeClaims(settings, ha),
      imageChartStorage: imageStorageValues(settings, refs),
    },
    // A ReadWriteOnce registry volume cannot be attached to old and new pod at once.
    updateStrategy: { type: settings.storage.kind === "filesystem" ? "Recreate" : "RollingUpdate" },
    database: databaseValues(settings, refs),
    redis: redisValues(settings, refs),

    portal: { ...scale("portal"), resources: size.portal },
    core: { ...scale("core"), resources: size.core },
    // Several jobservice replicas cannot share a ReadWriteOnce log volume: HA logs jobs to the database.
    jobservice: { ...scale("jobservice"), resources: size.jobservice, jobLoggers: ha ? ["database"] : ["file"] },
    registry: {
      ...scale("registry"),
      registry: { resources: size.registry },
      controller: { resources: size.registryController },
      credentials: { username: REGISTRY_USER, existingSecret: refs.registryCredentials },
    },
    trivy: { enabled: true, ...scale("trivy"), resources: size.trivy },
    // One exporter is enough: it reads the database, and two would report every series twice.
    exporter: { replicas: 1, resources: size.exporter },

    // Scrape configs are generated by the observability component, not by the chart.
    metrics: { enabled: true, serviceMonitor: { enabled: false } },
  };
}
