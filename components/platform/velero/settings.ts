import { z } from "zod";
import { cronProblem } from "../../shared/cron-expression";
import { restoreDrillSettings } from "../restore-drills/settings";
import { serviceSettings, type SecretField } from "../service-settings";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Velero parses schedules with robfig/cron `ParseStandard`: five fields or a descriptor, optionally
 * prefixed by a time zone. Descriptors pass as they are; five fields are checked field by field.
 */
const DESCRIPTOR = /^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|@every\s+(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+)$/;
const TIME_ZONE_PREFIX = /^(CRON_)?TZ=\S+\s+/;

/** A Go `time.Duration`, the format of Velero's `ttl`. */
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** A Kubernetes resource quantity for storage, such as 10Gi. */
const STORAGE_QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

export const cronSchedule = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = DESCRIPTOR.test(value) ? undefined : cronProblem(value.replace(TIME_ZONE_PREFIX, ""), "minute-first");
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: `${problem} (or a descriptor such as @daily)` });
  });

export const goDuration = z.string().regex(GO_DURATION, "must be a Go duration such as 72h or 720h0m0s");

/** `services.velero` in the stack config. */
export const veleroSettings = (secret: SecretField) =>
  serviceSettings("Velero: backup and disaster recovery.", {
    storage: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("in-cluster").meta({ description: "A small S3-compatible store inside the cluster (dev profile)." }),
          size: z
            .string()
            .regex(STORAGE_QUANTITY, "must be a storage quantity such as 10Gi")
            .default("10Gi")
            .meta({ description: "Size of the in-cluster store's volume (a protected PVC)." }),
          storageClassName: z
            .string()
            .regex(DNS_LABEL, "must be a StorageClass name (DNS-1123 label)")
            .optional()
            .meta({ description: "StorageClass of the in-cluster store's volume; the cluster default when omitted." }),
        }),
        z.strictObject({
          kind: z.literal("s3").meta({ description: "External S3-compatible object storage (required in prod)." }),
          bucket: z
            .string()
            .max(63)
            .regex(DNS_LABEL, "must be a bucket name (DNS-1123 label)")
            .meta({ description: "Bucket that holds the backups." }),
          prefix: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "must be an object key prefix such as clusters/prod (no leading '/')")
            .optional()
            .meta({ description: "Key prefix inside the bucket, for buckets shared between clusters." }),
          region: z.string().min(1).meta({ description: "Bucket region." }),
          endpoint: z
            .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
            .optional()
            .meta({ description: "S3 endpoint for non-AWS stores (MinIO, Ceph, Garage...)." }),
          s3ForcePathStyle: z
            .boolean()
            .default(false)
            .meta({ description: "Path-style bucket addressing; most non-AWS stores (Ceph RGW, Garage, SeaweedFS) need true." }),
          encryption: z
            .discriminatedUnion("kind", [
              z.strictObject({
                kind: z.literal("sse-s3").meta({ description: "Server-side encryption with the store's keys (AES256)." }),
              }),
              z.strictObject({
                kind: z.literal("sse-kms").meta({ description: "Server-side encryption with a KMS key (aws:kms)." }),
                kmsKeyId: z.string().min(1, "must name a KMS key (id, ARN or alias)").meta({ description: "The KMS key." }),
              }),
              z.strictObject({
                kind: z.literal("none").meta({ description: "No server-side encryption (stores without SSE); refused in prod." }),
              }),
            ])
            .prefault({ kind: "sse-s3" })
            .meta({
              description:
                "Server-side encryption of the backup objects (manifests, including Secrets not synced from Vault); volume data is also encrypted client-side by kopia.",
            }),
          accessKeyId: secret("services.velero.storage.accessKeyId", "Access key id for the bucket."),
          secretAccessKey: secret("services.velero.storage.secretAccessKey", "Secret access key for the bucket."),
        }),
      ])
      .prefault({ kind: "in-cluster" })
      .meta({ description: "Where Velero stores backups." }),
    backups: z
      .strictObject({
        schedule: cronSchedule
          .optional()
          .meta({ description: "Cron schedule of every platform backup; by default each namespace gets its own nightly slot." }),
        ttl: goDuration
          .optional()
          .meta({ description: "Retention of platform backups (Go duration); defaults to 72h in dev and 720h in staging/prod." }),
      })
      .prefault({})
      .meta({ description: "Schedules that back up the platform's own namespaces (vault, harbor, argocd)." }),
    drills: restoreDrillSettings,
    awsPluginVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+$/, "must be an exact image tag such as v1.14.2")
      .optional()
      .meta({ description: "Override the velero-plugin-for-aws image tag (must match the Velero minor version)." }),
  });

export type VeleroSettings = z.output<ReturnType<typeof veleroSettings>>;
