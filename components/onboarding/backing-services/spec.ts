import { z } from "zod";

/**
 * `services` of an app spec: the backing services the platform runs for it, per environment, in the
 * app's own namespaces (so they count against its quota and sit behind its network policies).
 * PostgreSQL through the CloudNativePG operator, a Valkey cache through the valkey-io chart
 * (docs/backing-services.md says why these and how backups, credentials and drills work).
 */

const CPU = /^\d+(\.\d+)?m?$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/;
const cpu = z.string().regex(CPU, "must be a CPU quantity such as 500m or 2");
const memory = z.string().regex(MEMORY, "must be a memory quantity such as 512Mi or 4Gi");
const DNS_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** PostgreSQL identifiers the platform creates (database, owner): lower case, no quoting needed, at most 63 bytes. */
const PG_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

const computeResources = (defaults: { cpu: string; memory: string }) =>
  z
    .strictObject({
      cpu: cpu.default(defaults.cpu).meta({ description: "CPU per pod; requests equal limits (Guaranteed QoS)." }),
      memory: memory.default(defaults.memory).meta({ description: "Memory per pod; requests equal limits." }),
    })
    .prefault({});

/** Environments a service runs in; undefined = every environment of the app. */
const serviceEnvironments = z
  .array(z.string().min(1))
  .min(1, "must list at least one environment (or leave it out: every environment of the app)")
  .refine((envs) => new Set(envs).size === envs.length, { message: "must not list an environment twice" })
  .optional()
  .meta({ description: "Environments the service runs in (default: every environment of the app); each must be one of the app's." });

export const postgresSpec = z
  .strictObject({
    environments: serviceEnvironments,
    instances: z.int().min(1).max(9).optional().meta({
      description:
        "PostgreSQL instances (one primary, the rest streaming replicas on other nodes). Default 1 outside production, 3 in production; production needs at least 2.",
    }),
    storage: memory.default("5Gi").meta({ description: "Volume per instance (PVC); counts against `resources.quota.storage`." }),
    walStorage: memory
      .optional()
      .meta({ description: "Separate WAL volume per instance (counts against the storage quota too); default: WAL on the data volume." }),
    storageClass: z
      .string()
      .regex(DNS_LABEL)
      .max(63)
      .optional()
      .meta({ description: "StorageClass of the volumes (default: the cluster's)." }),
    database: z
      .string()
      .regex(PG_IDENTIFIER, "must be a lower-case PostgreSQL identifier (letters, digits, '_')")
      .default("app")
      .meta({ description: "Database the operator creates; its owner has the same name." }),
    resources: computeResources({ cpu: "500m", memory: "1Gi" }).meta({ description: "Per instance pod." }),
    backup: z
      .strictObject({
        retentionDays: z
          .int()
          .min(1)
          .max(3650)
          .default(30)
          .meta({ description: "Base backups and WAL older than the newest backup this many days back are deleted (recovery window)." }),
        schedule: z
          .string()
          .regex(/^(\S+\s+){5}\S+$/, "must have six fields, seconds first (CloudNativePG's ScheduledBackup), such as '0 0 3 * * *'")
          .default("0 0 3 * * *")
          .meta({ description: "Base backups: six-field cron, seconds first (ScheduledBackup.spec.schedule)." }),
      })
      .prefault({})
      .meta({
        description:
          "Backups to the platform's object store through the Barman Cloud plugin, with continuous WAL archiving (point-in-time recovery).",
      }),
  })
  .meta({ description: "A PostgreSQL cluster (CloudNativePG) per environment." });

export const cacheSpec = z
  .strictObject({
    environments: serviceEnvironments,
    replicas: z
      .int()
      .min(0)
      .max(5)
      .optional()
      .meta({ description: "Read replicas beside the primary (default 0 outside production, 2 in production)." }),
    resources: computeResources({ cpu: "250m", memory: "256Mi" }).meta({ description: "Per Valkey pod." }),
    storage: memory.optional().meta({
      description: "Persist the data set on a volume of this size per pod (counts against the storage quota); default: memory only.",
    }),
  })
  .meta({
    description: "A Valkey cache (Redis-compatible) per environment: ACL auth and TLS always on, reachable only inside the namespace.",
  });

export const backingServicesSpec = z
  .strictObject({
    postgres: postgresSpec.optional(),
    cache: cacheSpec.optional(),
  })
  .prefault({})
  .meta({ description: "Backing services the platform runs in the app's namespaces (docs/backing-services.md)." });

export type BackingServicesSpec = z.output<typeof backingServicesSpec>;
export type PostgresSpec = z.output<typeof postgresSpec>;
export type CacheSpec = z.output<typeof cacheSpec>;
