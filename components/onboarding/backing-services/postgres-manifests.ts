import type { AppNames } from "../app-names";
import type { PostgresSpec } from "./spec";
import { PG_HBA_REJECT_PLAINTEXT } from "./pg-hba";
import { BARMAN_SIDECAR_RESOURCES, postgresInstances } from "./sizing";

export { PG_HBA_REJECT_PLAINTEXT };

/** The Barman Cloud plugin's name, as Cluster.spec.plugins[].name and the backups' pluginConfiguration name it (plugin docs usage.md). */
export const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";
/** Keys of the bucket credentials Secret (an ExternalSecret fills them from Vault). */
export const BACKUP_CREDENTIAL_KEYS = { accessKeyId: "ACCESS_KEY_ID", secretAccessKey: "ACCESS_SECRET_KEY" } as const;

/** What the platform decides for every database: the image (through the registry's proxy cache) and the backup bucket. */
export interface PostgresPlatform {
  imageName: string;
  backup: {
    /** Bucket name; each database writes below its own prefix (AppNames.backingServices.postgres.backupPrefixes). */
    bucket: string;
    /** S3 endpoint for non-AWS stores (SeaweedFS, MinIO). */
    endpointURL?: string;
    /** A Secret in the app namespace with the store's CA certificate, for a private CA. */
    endpointCA?: { name: string; key: string };
  };
}

export interface PostgresTarget {
  names: AppNames;
  environment: { name: string; production: boolean };
  namespace: string;
  labels: Record<string, string>;
}

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
};

/** Labels of the database's pods (inheritedMetadata): the app's, and a name of their own, so the app's Service never selects them. */
export const postgresPodLabels = (names: AppNames, labels: Record<string, string>): Record<string, string> => ({
  ...labels,
  "app.kubernetes.io/name": names.backingServices.postgres.cluster,
});

const resources = (r: { cpu: string; memory: string }) => ({
  requests: { cpu: r.cpu, memory: r.memory },
  limits: { cpu: r.cpu, memory: r.memory },
});

/** `s3://<bucket>/<prefix>`: the one place in the bucket this database's credentials may write. */
export const backupDestination = (platform: PostgresPlatform, names: AppNames, environment: string): string =>
  `s3://${platform.backup.bucket}/${names.backingServices.postgres.backupPrefixes[environment]!}`;

/**
 * The CloudNativePG Cluster of one environment. HA in production: three instances (at least two)
 * with required anti-affinity, so no node holds two of them; the operator fails over to a replica.
 * WAL is archived continuously by the Barman Cloud plugin (point-in-time recovery); the superuser
 * stays disabled, the app gets the `<cluster>-app` owner credentials.
 */
export function postgresCluster(postgres: PostgresSpec, platform: PostgresPlatform, target: PostgresTarget): Manifest {
  const { names, environment } = target;
  const pg = names.backingServices.postgres;
  const volume = (size: string) => ({ size, ...(postgres.storageClass ? { storageClass: postgres.storageClass } : {}) });
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Cluster",
    metadata: { name: pg.cluster, namespace: target.namespace, labels: postgresPodLabels(names, target.labels) },
    spec: {
      instances: postgresInstances(postgres, environment.production),
      imageName: platform.imageName,
      enableSuperuserAccess: false,
      primaryUpdateStrategy: "unsupervised",
      inheritedMetadata: { labels: postgresPodLabels(names, target.labels) },
      storage: volume(postgres.storage),
      ...(postgres.walStorage ? { walStorage: volume(postgres.walStorage) } : {}),
      resources: resources(postgres.resources),
      affinity: {
        enablePodAntiAffinity: true,
        podAntiAffinityType: environment.production ? "required" : "preferred",
        topologyKey: "kubernetes.io/hostname",
      },
      postgresql: {
        parameters: { ssl_min_protocol_version: "TLSv1.3" },
        pg_hba: [...PG_HBA_REJECT_PLAINTEXT],
      },
      bootstrap: { initdb: { database: postgres.database, owner: postgres.database, dataChecksums: true } },
      plugins: [{ name: BARMAN_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: pg.objectStore } }],
    },
  };
}

/**
 * The Barman Cloud ObjectStore: where base backups and WAL go (the database's prefix only),
 * how long they are kept (`retentionDays` as the plugin's recovery window) and the sidecar's
 * resources (counted in the quota).
 */
export function postgresObjectStore(postgres: PostgresSpec, platform: PostgresPlatform, target: PostgresTarget): Manifest {
  const { names, environment } = target;
  const pg = names.backingServices.postgres;
  const credential = (key: string) => ({ name: pg.backupCredentials, key });
  return {
    apiVersion: "barmancloud.cnpg.io/v1",
    kind: "ObjectStore",
    metadata: { name: pg.objectStore, namespace: target.namespace, labels: target.labels },
    spec: {
      retentionPolicy: `${postgres.backup.retentionDays}d`,
      configuration: {
        destinationPath: backupDestination(platform, names, environment.name),
        ...(platform.backup.endpointURL ? { endpointURL: platform.backup.endpointURL } : {}),
        ...(platform.backup.endpointCA ? { endpointCA: platform.backup.endpointCA } : {}),
        s3Credentials: {
          accessKeyId: credential(BACKUP_CREDENTIAL_KEYS.accessKeyId),
          secretAccessKey: credential(BACKUP_CREDENTIAL_KEYS.secretAccessKey),
        },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
      instanceSidecarConfiguration: { resources: resources(BARMAN_SIDECAR_RESOURCES) },
    },
  };
}

/** Base backups on the spec's schedule (six fields, seconds first), one right after creation; each Backup is owned by the schedule. */
export function postgresScheduledBackup(postgres: PostgresSpec, target: PostgresTarget): Manifest {
  const pg = target.names.backingServices.postgres;
  return {
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "ScheduledBackup",
    metadata: { name: pg.scheduledBackup, namespace: target.namespace, labels: target.labels },
    spec: {
      schedule: postgres.backup.schedule,
      cluster: { name: pg.cluster },
      method: "plugin",
      pluginConfiguration: { name: BARMAN_PLUGIN },
      backupOwnerReference: "self",
      immediate: true,
    },
  };
}

/** The drill's source in `externalClusters`: the production cluster's backups, read through an ObjectStore in the drill namespace. */
const DRILL_SOURCE = "origin";

/**
 * A recovery drill of one environment's database (docs/backing-services.md, "Recovery drill"):
 * in the scratch namespace `<app>-drill-<env>`, an ObjectStore pointing at the same prefix and a
 * one-instance Cluster bootstrapped from it (`bootstrap.recovery`, to `targetTime` when given:
 * point in time). The drill Cluster archives no WAL (no `plugins`), so it never writes into the
 * origin's backups. Rendered for `kubectl apply` by the drill runbook, never by `pulumi up`.
 */
export function postgresDrillManifests(
  postgres: PostgresSpec,
  platform: PostgresPlatform,
  target: PostgresTarget,
  targetTime?: string,
): Manifest[] {
  const { names, environment } = target;
  const pg = names.backingServices.postgres;
  const namespace = pg.drillNamespaces[environment.name]!;
  const drillTarget = { ...target, namespace };
  const objectStore = postgresObjectStore(postgres, platform, drillTarget);
  const origin = postgresCluster(postgres, platform, target);
  const cluster: Manifest = {
    ...origin,
    metadata: { ...origin.metadata, namespace },
    spec: {
      ...Object.fromEntries(Object.entries(origin.spec).filter(([key]) => key !== "plugins" && key !== "bootstrap")),
      instances: 1,
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: "preferred", topologyKey: "kubernetes.io/hostname" },
      bootstrap: {
        recovery: {
          source: DRILL_SOURCE,
          database: postgres.database,
          owner: postgres.database,
          ...(targetTime ? { recoveryTarget: { targetTime } } : {}),
        },
      },
      externalClusters: [
        { name: DRILL_SOURCE, plugin: { name: BARMAN_PLUGIN, parameters: { barmanObjectName: pg.objectStore, serverName: pg.cluster } } },
      ],
    },
  };
  return [objectStore, cluster];
}
