import { z } from "zod";
import { cronExpression } from "../../shared/cron-expression";
import type { Profile } from "../../shared/profiles";
import { highlyAvailable } from "../platform-context";
import { serviceSettings, type SecretField } from "../service-settings";

const HOSTNAME = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/;
/** `host:port`, or a comma-separated list of them for Redis Sentinel. */
const REDIS_ADDR = /^[A-Za-z0-9][-A-Za-z0-9.]*:\d{1,5}(,[A-Za-z0-9][-A-Za-z0-9.]*:\d{1,5})*$/;
const S3_BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

const harborCron = (description: string, fallback: string) =>
  // Harbor's job service schedules with robfig/cron, six fields, seconds first ('0 0 2 * * 6').
  cronExpression("seconds-first").default(fallback).meta({ description });

/** `services.harbor` in the stack config. */
export const harborSettings = (secret: SecretField) =>
  serviceSettings("Harbor: registry, Trivy scanning, signatures.", {
    adminPassword: secret(
      "services.harbor.adminPassword",
      "Initial admin password; generated when omitted. Harbor reads it only on first start: change it in Harbor first, then here.",
    ).optional(),
    database: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("internal").meta({ description: "The chart's single-pod PostgreSQL (dev only: not highly available)." }),
        }),
        z.strictObject({
          kind: z.literal("external").meta({ description: "An external, highly available PostgreSQL (required in staging and prod)." }),
          host: z.string().regex(HOSTNAME, "must be a host name or IP address").meta({ description: "PostgreSQL host." }),
          port: z.number().int().min(1).max(65535).default(5432).meta({ description: "PostgreSQL port." }),
          username: z.string().min(1, "must not be empty").meta({ description: "PostgreSQL user Harbor connects as." }),
          password: secret("services.harbor.database.password", "Password of the PostgreSQL user."),
          coreDatabase: z
            .string()
            .min(1, "must not be empty")
            .default("registry")
            .meta({ description: "Database Harbor uses; create it (empty) before the first install." }),
          sslmode: z
            .enum(["disable", "require", "verify-ca", "verify-full"])
            .default("require")
            .meta({ description: "libpq sslmode; verify-* needs the server CA in Harbor's trust store." }),
        }),
      ])
      .prefault({ kind: "internal" })
      .meta({ description: "Where Harbor keeps its metadata." }),
    redis: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("internal").meta({ description: "The chart's single-pod Redis (dev only: not highly available)." }),
        }),
        z
          .strictObject({
            kind: z.literal("external").meta({ description: "An external, highly available Redis (required in staging and prod)." }),
            addr: z
              .string()
              .regex(REDIS_ADDR, "must be host:port, or a comma-separated list of Sentinel host:port pairs")
              .meta({ description: "Redis address `host:port` (Sentinel: comma-separated list)." }),
            sentinelMasterSet: z.string().min(1).optional().meta({ description: "Sentinel master set name; set only with Sentinel." }),
            username: z.string().min(1).optional().meta({ description: "Redis ACL user, if ACLs are enabled." }),
            password: secret("services.harbor.redis.password", "Redis password.").optional(),
            tls: z.boolean().default(false).meta({ description: "Connect to Redis over TLS." }),
          })
          // The chart only sends credentials when there is a password.
          .refine((redis) => redis.username === undefined || redis.password !== undefined, {
            path: ["password"],
            message: "required when username is set",
          }),
      ])
      .prefault({ kind: "internal" })
      .meta({ description: "Harbor's cache and job queue." }),
    storage: z
      .discriminatedUnion("kind", [
        z.strictObject({
          kind: z.literal("filesystem").meta({ description: "A ReadWriteOnce PVC (dev only: one registry replica)." }),
        }),
        z.strictObject({
          kind: z
            .literal("s3")
            .meta({ description: "S3-compatible object storage shared by all registry replicas (required in staging and prod)." }),
          bucket: z.string().regex(S3_BUCKET, "must be an S3 bucket name").meta({ description: "Bucket that holds image layers." }),
          region: z.string().min(1, "must not be empty").meta({ description: "Bucket region." }),
          endpoint: z
            .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
            .optional()
            .meta({ description: "S3 endpoint for non-AWS stores (MinIO, Ceph, Garage...)." }),
          rootDirectory: z
            .string()
            .startsWith("/", "must start with '/'")
            .optional()
            .meta({ description: "Key prefix inside the bucket." }),
          accessKeyId: secret("services.harbor.storage.accessKeyId", "Access key id for the bucket."),
          secretAccessKey: secret("services.harbor.storage.secretAccessKey", "Secret access key for the bucket."),
        }),
      ])
      .prefault({ kind: "filesystem" })
      .meta({ description: "Where Harbor stores image layers." }),
    storageClass: z.string().min(1).optional().meta({ description: "StorageClass of Harbor's PVCs; the cluster default when omitted." }),
    robotNamePrefix: z
      .string()
      .regex(/^\S{1,32}$/, "must be 1-32 characters without spaces")
      .default("robot$")
      .meta({ description: "Prefix of robot account names (Harbor's default `robot$`; `$` needs escaping in GitLab CI variables)." }),
    schedules: z
      .strictObject({
        garbageCollection: harborCron("When garbage collection runs (deletes untagged artifacts).", "0 0 2 * * 6"),
        scanAll: harborCron("When Trivy rescans every artifact.", "0 0 3 * * *"),
        auditLogPurge: harborCron("When audit log entries older than `auditLogRetentionHours` are purged.", "0 0 4 * * *"),
      })
      .prefault({})
      .meta({ description: "Harbor's system job schedules." }),
    auditLogRetentionHours: z.int().min(24, "must be at least 24 (hours)").optional().meta({
      description:
        "Hours Harbor keeps audit log entries (create, delete, pull) before the purge job removes them; default 8760 (a year) in staging and prod, 720 in dev.",
    }),
    dockerHub: z
      .strictObject({
        username: z.string().min(1, "must not be empty").meta({ description: "Docker Hub user." }),
        accessToken: secret("services.harbor.dockerHub.accessToken", "Docker Hub access token (read-only scope is enough)."),
      })
      .optional()
      .meta({ description: "Docker Hub credentials for the proxy cache; anonymous pulls are rate-limited." }),
  });

export type HarborSettings = z.output<ReturnType<typeof harborSettings>>;

export interface SettingsProblem {
  /** Path below `services.harbor`. */
  path: (string | number)[];
  message: string;
}

/**
 * Highly available profiles run several Harbor replicas, which the chart
 * supports only with external PostgreSQL, external Redis and shared storage.
 * Used by the component and meant for the stack config's cross-field rules.
 */
export function harborProfileProblems(
  profile: Profile,
  settings: Pick<HarborSettings, "database" | "redis" | "storage">,
): SettingsProblem[] {
  if (!highlyAvailable(profile)) return [];
  const needs = `${profile} runs several Harbor replicas, which need`;
  const problems: SettingsProblem[] = [];
  if (settings.database.kind !== "external")
    problems.push({
      path: ["database", "kind"],
      message: `${needs} an external PostgreSQL: set kind 'external' with host, username and a secret password`,
    });
  if (settings.redis.kind !== "external")
    problems.push({ path: ["redis", "kind"], message: `${needs} an external Redis: set kind 'external' with addr` });
  if (settings.storage.kind !== "s3")
    problems.push({
      path: ["storage", "kind"],
      message: `${needs} shared image storage: set kind 's3' with bucket, region and secret credentials`,
    });
  return problems;
}
