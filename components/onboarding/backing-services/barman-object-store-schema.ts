import { z } from "zod";

/**
 * The project's own schema of the Barman Cloud plugin's `ObjectStore` fields the platform writes.
 * CloudNativePG's own kinds (Cluster, ScheduledBackup) are validated with @kubernetes-models/cloudnative-pg
 * in the tests; no npm package models `barmancloud.cnpg.io` (the one under `github.com/cloudnative-pg/barman-cloud`
 * in that package is the Go library's types, not this CRD). Every field cites:
 *   cloudnative-pg/charts @ plugin-barman-cloud-v0.7.0 (83bd9c59514cb7ff3692049d85ba604dcb458700),
 *   charts/plugin-barman-cloud/templates/crds/crds.yaml, objectstores.barmancloud.cnpg.io, version v1 (plugin v0.13.0).
 * Strict objects: a field the platform did not mean to write fails, as the API server would prune it.
 */

const quantity = z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/);
const name = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
  .max(63);
/** spec.configuration.s3Credentials.{accessKeyId,secretAccessKey} and endpointCA: SecretKeySelector {name, key}. */
const secretKey = z.strictObject({ name, key: z.string().min(1) });
/** spec.configuration.{wal,data}.compression enum. */
const compression = z.enum(["bzip2", "gzip", "lz4", "snappy", "xz", "zstd"]);

export const barmanObjectStore = z.strictObject({
  apiVersion: z.literal("barmancloud.cnpg.io/v1"),
  kind: z.literal("ObjectStore"),
  metadata: z.strictObject({ name, namespace: name, labels: z.record(z.string(), z.string()).optional() }),
  spec: z.strictObject({
    // spec.retentionPolicy: pattern ^[1-9][0-9]*[dwm]$.
    retentionPolicy: z.string().regex(/^[1-9][0-9]*[dwm]$/),
    configuration: z.strictObject({
      // spec.configuration.destinationPath (required), endpointURL, endpointCA.
      destinationPath: z.string().regex(/^s3:\/\/[^/]+\/.+/),
      endpointURL: z.url().optional(),
      endpointCA: secretKey.optional(),
      s3Credentials: z.strictObject({ accessKeyId: secretKey, secretAccessKey: secretKey }),
      wal: z.strictObject({ compression }),
      data: z.strictObject({ compression }),
    }),
    // spec.instanceSidecarConfiguration.resources (a ResourceRequirements).
    instanceSidecarConfiguration: z
      .strictObject({
        resources: z.strictObject({
          requests: z.strictObject({ cpu: quantity, memory: quantity }),
          limits: z.strictObject({ cpu: quantity, memory: quantity }),
        }),
      })
      .optional(),
  }),
});
