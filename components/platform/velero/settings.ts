import { z } from "zod";
import { serviceSettings, type SecretField } from "../service-settings";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** `services.velero` in the stack config. */
export const veleroSettings = (secret: SecretField) =>
  serviceSettings("Velero: backup and disaster recovery.", {
    storage: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("in-cluster").meta({ description: "A small S3-compatible store inside the cluster (dev profile)." }),
        }),
        z.strictObject({
          kind: z.literal("s3").meta({ description: "External S3-compatible object storage (required in prod)." }),
          bucket: z
            .string()
            .max(63)
            .regex(DNS_LABEL, "must be a bucket name (DNS-1123 label)")
            .meta({ description: "Bucket that holds the backups." }),
          region: z.string().min(1).meta({ description: "Bucket region." }),
          endpoint: z
            .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
            .optional()
            .meta({ description: "S3 endpoint for non-AWS stores (MinIO, Ceph, Garage...)." }),
          accessKeyId: secret("services.velero.storage.accessKeyId", "Access key id for the bucket."),
          secretAccessKey: secret("services.velero.storage.secretAccessKey", "Secret access key for the bucket."),
        }),
      ])
      .prefault({ kind: "in-cluster" })
      .meta({ description: "Where Velero stores backups." }),
  });
