import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseComponentArgs } from "../../validation/issues";
import { VELERO_SERVICE } from "./service";
import { cronSchedule, goDuration } from "./settings";
import { WITHOUT_SYNCED_SECRETS } from "./synced-secrets-selector";

/** Name of the BackupStorageLocation the Velero chart creates (and marks default). */
export const DEFAULT_BACKUP_STORAGE_LOCATION = "default";

export { ESO_MANAGED_LABEL, WITHOUT_SYNCED_SECRETS } from "./synced-secrets-selector";

/**
 * The part of `velero.io/v1` Schedule `spec.template` (a BackupSpec) this
 * project sets. Field names are those of the Schedule CRD.
 */
export interface BackupTemplate {
  includedNamespaces: string[];
  excludedNamespaces?: string[];
  includeClusterResources?: boolean;
  storageLocation: string;
  ttl: string;
  snapshotVolumes: boolean;
  defaultVolumesToFsBackup: boolean;
  labelSelector: { matchExpressions: { key: string; operator: string; values?: string[] }[] };
  metadata?: { labels?: Record<string, string> };
}

/** `velero.io/v1` Schedule `spec`, as far as this project uses it. */
export interface ScheduleSpec {
  schedule: string;
  paused?: boolean;
  skipImmediately?: boolean;
  useOwnerReferencesInBackup?: boolean;
  template: BackupTemplate;
}

export interface BackupScheduleArgs {
  /** Kubernetes name of the Schedule; defaults to the resource name. Backups carry it as a label value, hence at most 63 characters. */
  scheduleName?: string;
  /** Namespaces the backup covers (their resources, and their pod volumes if `includeVolumes`). */
  namespaces: string[];
  /** Cron expression (five fields, or a descriptor such as `@daily`). */
  schedule: string;
  /** Retention of each backup, a Go duration such as `720h`. */
  ttl: string;
  /** Back up pod volume contents with the node agent (kopia file-system backup). */
  includeVolumes: boolean;
  /** Namespace Velero runs in (Schedules must live there); defaults to its description's. */
  veleroNamespace?: pulumi.Input<string>;
  /** BackupStorageLocation to write to; defaults to the chart's `default` location. */
  storageLocation?: string;
  /** Labels for the Schedule and, through `template.metadata`, for every Backup it creates. */
  labels?: Record<string, string>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dnsLabel = z.string().max(63).regex(DNS_LABEL, "must be a DNS-1123 label");

const backupScheduleArgs = z.strictObject({
  scheduleName: dnsLabel,
  namespaces: z
    .array(dnsLabel)
    .min(1, "must list at least one namespace")
    .refine((list) => new Set(list).size === list.length, { message: "must not list a namespace twice" }),
  schedule: cronSchedule,
  ttl: goDuration,
  includeVolumes: z.boolean(),
  veleroNamespace: z.custom<pulumi.Input<string>>((value) => value !== undefined && value !== null && value !== "").optional(),
  storageLocation: dnsLabel.optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

/** The Schedule spec for the arguments: pure, so it can be checked against the CRD in tests. */
export function scheduleSpec(args: BackupScheduleArgs): ScheduleSpec {
  return {
    schedule: args.schedule,
    // A schedule created by a deploy should not fire a backup in the middle of that deploy.
    skipImmediately: true,
    template: {
      includedNamespaces: [...args.namespaces],
      storageLocation: args.storageLocation ?? DEFAULT_BACKUP_STORAGE_LOCATION,
      ttl: args.ttl,
      // No VolumeSnapshotLocation is configured: volume data goes through the node agent (kopia) instead.
      snapshotVolumes: false,
      defaultVolumesToFsBackup: args.includeVolumes,
      labelSelector: { matchExpressions: WITHOUT_SYNCED_SECRETS.matchExpressions.map((requirement) => ({ ...requirement })) },
      ...(args.labels ? { metadata: { labels: { ...args.labels } } } : {}),
    },
  };
}

/**
 * A `velero.io/v1` Schedule. Pass `dependsOn` the Velero release in `opts`:
 * the chart installs the Schedule CRD. Invalid arguments throw before anything is registered.
 */
export function backupSchedule(
  name: string,
  args: BackupScheduleArgs,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  const parsed = parseComponentArgs(`backupSchedule(${name})`, backupScheduleArgs, { ...args, scheduleName: args.scheduleName ?? name });
  return new k8s.apiextensions.CustomResource(
    name,
    {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: {
        name: parsed.scheduleName,
        namespace: parsed.veleroNamespace ?? VELERO_SERVICE.namespace,
        labels: { "app.kubernetes.io/managed-by": "pulumi", ...parsed.labels },
      },
      spec: scheduleSpec(parsed),
    },
    opts,
  );
}
