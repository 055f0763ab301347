import { highlyAvailable, type PlatformContext } from "../platform-context";
import { DEFAULT_BACKUP_STORAGE_LOCATION } from "./schedule";
import { defaultBackupTtl } from "./platform-schedules";
import type { VeleroSettings } from "./settings";

/**
 * velero-plugin-for-aws pairs with one Velero minor: v1.14.x with Velero 1.18.x, per the
 * compatibility table in the plugin README at tag v1.14.2 (github.com/velero-io/velero-plugin-for-aws,
 * tag 2026-06-16, go.mod requires velero v1.18.0). The chart's own example still shows v1.13.1 (Velero 1.17).
 */
export const AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws";
export const AWS_PLUGIN_VERSION = "v1.14.2";

/** Where the backup storage location points; resolved from settings or the dev store. */
export interface BackupStorageRef {
  bucket: string;
  region: string;
  prefix?: string;
  /** S3 URL for non-AWS stores. */
  endpoint?: string;
  s3ForcePathStyle: boolean;
  /** Server-side encryption of the objects (external buckets); the dev store has none. */
  encryption?: { kind: "sse-s3" } | { kind: "sse-kms"; kmsKeyId: string } | { kind: "none" };
}

/**
 * BackupStorageLocation `config` keys of velero-plugin-for-aws v1.14.x (README "backupStorageLocation
 * config", object_store.go constants serverSideEncryptionKey / kmsKeyIdKey): `serverSideEncryption`
 * names the algorithm (AES256); with `kmsKeyId` the plugin encrypts with aws:kms under that key.
 */
export function encryptionConfig(encryption: BackupStorageRef["encryption"]): Record<string, string> {
  if (encryption === undefined || encryption.kind === "none") return {};
  return encryption.kind === "sse-kms" ? { kmsKeyId: encryption.kmsKeyId } : { serverSideEncryption: "AES256" };
}

export interface VeleroValuesRefs {
  /** Secret in the Velero namespace whose key `cloud` holds an AWS credentials file. */
  credentialsSecretName: string;
  storage: BackupStorageRef;
}

/** Helm values for the velero chart 12.1.x. Pure: no secrets, only a reference to the credentials Secret. */
export function veleroValues(context: PlatformContext, settings: VeleroSettings, refs: VeleroValuesRefs): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const { storage } = refs;
  return {
    initContainers: [
      {
        name: "velero-plugin-for-aws",
        image: `${AWS_PLUGIN_IMAGE}:${settings.awsPluginVersion ?? AWS_PLUGIN_VERSION}`,
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
      },
    ],
    credentials: { useSecret: true, existingSecret: refs.credentialsSecretName },
    configuration: {
      backupStorageLocation: [
        {
          name: DEFAULT_BACKUP_STORAGE_LOCATION,
          provider: "aws",
          bucket: storage.bucket,
          ...(storage.prefix ? { prefix: storage.prefix } : {}),
          default: true,
          accessMode: "ReadWrite",
          config: {
            region: storage.region,
            // The chart quotes every config value; the plugin reads them as strings.
            ...(storage.s3ForcePathStyle ? { s3ForcePathStyle: "true" } : {}),
            ...(storage.endpoint ? { s3Url: storage.endpoint } : {}),
            ...encryptionConfig(storage.encryption),
          },
        },
      ],
      // Volumes are backed up by the node agent, not by provider snapshots.
      volumeSnapshotLocation: [],
      uploaderType: "kopia",
      defaultBackupTTL: defaultBackupTtl(context.profile),
      logFormat: "json",
    },
    backupsEnabled: true,
    snapshotsEnabled: false,
    deployNodeAgent: true,
    metrics: {
      enabled: true,
      // Scrape configs come from the observability component.
      serviceMonitor: { enabled: false },
      nodeAgentPodMonitor: { enabled: false },
      prometheusRule: { enabled: false },
    },
    // The chart runs exactly one Velero server (replicas: 1, Recreate): a PDB would only block node drains.
    podDisruptionBudget: { enabled: false },
    resources: ha
      ? { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "1Gi" } }
      : { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } },
    nodeAgent: {
      resources: ha
        ? { requests: { cpu: "500m", memory: "512Mi" }, limits: { memory: "2Gi" } }
        : { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "1Gi" } },
    },
  };
}
