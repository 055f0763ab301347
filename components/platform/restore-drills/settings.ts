import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import { cronExpression } from "../../shared/cron-expression";

/** `services.velero.drills`: scheduled restore drills (docs/backup-and-restore.md). */
export const restoreDrillSettings = z
  .strictObject({
    enabled: z
      .boolean()
      .optional()
      .meta({ description: "Run restore drills; default on outside dev (dev backs up little and restores cost cluster capacity)." }),
    // A Kubernetes CronJob schedule: five fields, minute first.
    schedule: cronExpression("minute-first")
      .optional()
      .meta({ description: "Cron schedule of every drill (UTC); default weekly, Sunday 04:00 (after the nightly backups)." }),
    maxAgeHours: z
      .int()
      .min(1)
      .max(24 * 92)
      .optional()
      .meta({ description: "A drill without a successful run for this long alerts as overdue; default one week plus a day (192)." }),
    timeoutMinutes: z
      .int()
      .min(5)
      .max(24 * 60)
      .default(45)
      .meta({ description: "How long one drill may take: restore, readiness and HTTP check." }),
    backupMaxAgeHours: z
      .int()
      .min(1)
      .max(24 * 92)
      .default(48)
      .meta({ description: "A drill whose latest backup was older than this at restore time alerts (the backups lag)." }),
  })
  .prefault({})
  .meta({ description: "Restore drills: restore each backed-up app namespace into a scratch namespace, check it and clean up." });

export type RestoreDrillSettings = z.output<typeof restoreDrillSettings>;

export const DEFAULT_DRILL_SCHEDULE = "0 4 * * 0";
export const DEFAULT_DRILL_MAX_AGE_HOURS = 8 * 24;

/** The settings with the profile's defaults applied. */
export function resolvedDrillSettings(profile: Profile, settings: RestoreDrillSettings) {
  return {
    enabled: settings.enabled ?? profile !== "dev",
    schedule: settings.schedule ?? DEFAULT_DRILL_SCHEDULE,
    maxAgeHours: settings.maxAgeHours ?? DEFAULT_DRILL_MAX_AGE_HOURS,
    timeoutMinutes: settings.timeoutMinutes,
    backupMaxAgeHours: settings.backupMaxAgeHours,
  };
}
export type ResolvedDrillSettings = ReturnType<typeof resolvedDrillSettings>;
