import { z } from "zod";
import type { SecretField } from "../service-settings";
import { cronSchedule } from "../velero/settings";

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._/-]*[A-Za-z0-9]$/;

const prefix = z
  .string()
  .regex(PREFIX, "must be an object key prefix such as vault-snapshots/prod (no leading or trailing '/')")
  .default("vault-snapshots")
  .meta({ description: "Key prefix the snapshots are written under; retention deletes only below it." });

/** `services.vault.snapshots`: scheduled raft snapshots (Vault OSS has no automated snapshots). */
export const raftSnapshotSettings = (secret: SecretField) =>
  z
    .strictObject({
      enabled: z
        .boolean()
        .default(true)
        .meta({ description: "Take raft snapshots on a schedule (outside dev; dev mode keeps nothing). Must stay on in prod." }),
      schedule: cronSchedule.default("0 */6 * * *").meta({ description: "CronJob schedule (five fields, UTC)." }),
      retentionDays: z
        .number()
        .int("must be a whole number of days")
        .min(1, "must be at least 1 day")
        .max(3650, "must be at most 3650 days")
        .default(30)
        .meta({ description: "Snapshots older than this are deleted from the bucket after each upload." }),
      storage: z
        .discriminatedUnion("kind", [
          z
            .strictObject({
              kind: z.literal("velero").meta({ description: "The bucket of `services.velero.storage` (kind s3), under its own prefix." }),
              prefix,
              // Credentials per purpose: Velero's keys reach every backup; these should reach only the prefix.
              accessKeyId: secret(
                "services.vault.snapshots.storage.accessKeyId",
                "Access key id of the snapshot uploader, allowed to write and delete below the prefix only (required outside dev).",
              ).optional(),
              secretAccessKey: secret("services.vault.snapshots.storage.secretAccessKey", "Its secret access key.").optional(),
            })
            .meta({ description: "Velero's backup bucket, under its own prefix." }),
          z
            .strictObject({
              kind: z.literal("s3").meta({ description: "A bucket of its own." }),
              bucket: z.string().regex(BUCKET, "must be an S3 bucket name").meta({ description: "Bucket the snapshots go to." }),
              region: z.string().min(1, "must not be empty").meta({ description: "Bucket region." }),
              endpoint: z
                .url({ protocol: /^https$/, message: "must be an https URL" })
                .optional()
                .meta({ description: "S3 endpoint for non-AWS stores." }),
              forcePathStyle: z.boolean().default(false).meta({ description: "Path-style addressing (most non-AWS stores)." }),
              prefix,
              accessKeyId: secret(
                "services.vault.snapshots.storage.accessKeyId",
                "Access key id allowed to write and delete below the prefix.",
              ),
              secretAccessKey: secret("services.vault.snapshots.storage.secretAccessKey", "Its secret access key."),
            })
            .meta({ description: "A dedicated S3-compatible bucket." }),
        ])
        .prefault({ kind: "velero" })
        .meta({ description: "Where snapshots are uploaded." }),
    })
    .prefault({})
    .meta({ description: "Raft snapshots to object storage: a CronJob with its own least-privilege Vault role." });

export type RaftSnapshotSettings = z.output<ReturnType<typeof raftSnapshotSettings>>;
