import { highlyAvailable } from "../platform-context";
import type { Profile } from "../../shared/profiles";
import type { BackupScheduleArgs } from "./schedule";

/** Platform services (their `services.<name>` keys) whose namespaces Velero backs up. */
export const PLATFORM_BACKUP_TARGETS = ["vault", "harbor", "argocd", "victoriaLogs"] as const;
export type PlatformBackupTarget = (typeof PLATFORM_BACKUP_TARGETS)[number];

interface TargetPolicy {
  /** Cron per profile class; nightly slots are staggered so backups do not compete for the node agent. */
  cron: { light: string; highlyAvailable: string };
  includeVolumes: boolean;
}

const POLICIES: Record<PlatformBackupTarget, TargetPolicy> = {
  // Raft data lives on the Vault pods' volumes and changes with every secret write.
  vault: { cron: { light: "0 1 * * *", highlyAvailable: "0 */6 * * *" }, includeVolumes: true },
  // The internal PostgreSQL (and, with filesystem storage, the registry blobs) live on volumes.
  harbor: { cron: { light: "30 1 * * *", highlyAvailable: "30 1 * * *" }, includeVolumes: true },
  // Argo CD keeps its state in Kubernetes objects; its Redis is a cache.
  argocd: { cron: { light: "0 2 * * *", highlyAvailable: "0 2 * * *" }, includeVolumes: false },
  // Logs, including Vault's audit log, live on VictoriaLogs' volume; a backup keeps them past a lost volume.
  victoriaLogs: { cron: { light: "30 2 * * *", highlyAvailable: "30 2 * * *" }, includeVolumes: true },
};

/** Kubernetes-name form of a target: `victoriaLogs` -> `victoria-logs`. */
export const targetSlug = (target: PlatformBackupTarget): string => target.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const defaultBackupTtl = (profile: Profile): string => (highlyAvailable(profile) ? "720h" : "72h");

export interface PlatformScheduleArgs extends BackupScheduleArgs {
  target: PlatformBackupTarget;
  scheduleName: string;
}

/** One schedule per enabled platform namespace, with the profile's cron and retention unless overridden. */
export function platformSchedules(
  profile: Profile,
  namespaces: Partial<Record<PlatformBackupTarget, string>>,
  overrides: { schedule?: string; ttl?: string } = {},
): PlatformScheduleArgs[] {
  return PLATFORM_BACKUP_TARGETS.flatMap((target) => {
    const namespace = namespaces[target];
    if (namespace === undefined) return [];
    const policy = POLICIES[target];
    return [
      {
        target,
        scheduleName: `platform-${targetSlug(target)}`,
        namespaces: [namespace],
        schedule: overrides.schedule ?? (highlyAvailable(profile) ? policy.cron.highlyAvailable : policy.cron.light),
        ttl: overrides.ttl ?? defaultBackupTtl(profile),
        includeVolumes: policy.includeVolumes,
        labels: { "platform.delivery/backup": targetSlug(target) },
      },
    ];
  });
}
