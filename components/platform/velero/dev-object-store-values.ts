/** Key the seaweedfs chart reads the S3 identities file from (`s3.existingConfigSecret`). */
export const S3_CONFIG_KEY = "seaweedfs_s3_config";

/** S3 port of the all-in-one server (chart default `s3.port`). */
export const S3_PORT = 8333;

/** Metrics port name of the all-in-one Service (chart templates/all-in-one/all-in-one-service.yml). */
export const STORE_METRICS_PORT = "server-metrics";

export interface DevObjectStoreValuesRefs {
  /** Secret holding the S3 identities under `seaweedfs_s3_config`. */
  configSecretName: string;
  /** PVC the all-in-one server keeps its data on (owned and protected by Pulumi). */
  claimName: string;
  bucket: string;
}

/**
 * Helm values for the seaweedfs chart 4.44.x in all-in-one mode: one pod running master,
 * volume, filer and S3 gateway. Pure: credentials stay in the referenced Secret.
 */
export function devObjectStoreValues(refs: DevObjectStoreValuesRefs): Record<string, unknown> {
  return {
    // The split-out components are for clusters; all-in-one replaces them.
    master: { enabled: false },
    volume: { enabled: false },
    filer: { enabled: false },
    s3: { enabled: false },
    allInOne: {
      enabled: true,
      replicas: 1,
      updateStrategy: { type: "Recreate" },
      s3: {
        enabled: true,
        enableAuth: true,
        existingConfigSecret: refs.configSecretName,
        // Created by the chart's post-install/post-upgrade hook Job (`weed shell s3.bucket.create`), skipped when present.
        createBuckets: [{ name: refs.bucket, anonymousRead: false }],
      },
      data: { type: "existingClaim", claimName: refs.claimName },
      metricsPort: 9324,
      resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "1Gi" } },
    },
  };
}

/** The S3 identities file: one identity for Velero, with the rights the chart gives its own admin identity. */
export function s3IdentitiesConfig(accessKey: string, secretKey: string): string {
  return JSON.stringify({
    identities: [{ name: "velero", credentials: [{ accessKey, secretKey }], actions: ["Admin", "Read", "Write"] }],
  });
}
