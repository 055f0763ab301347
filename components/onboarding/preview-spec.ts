import { z } from "zod";

/**
 * `previews` of the app spec: one short-lived environment per merge request of the app's own
 * project (forks get none), in namespace `<app>-preview-<MR IID>` on the cluster of a
 * non-production environment (docs/preview-environments.md).
 */
const CPU = /^\d+(\.\d+)?m?$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/;

export const previewSettings = z
  .strictObject({
    enabled: z.boolean().default(false).meta({ description: "Give every open merge request of the app's project its own preview." }),
    environment: z.string().optional().meta({
      description:
        "Non-production environment whose cluster, Argo CD destination and network rules previews share (default: the app's first non-production environment).",
    }),
    ttlHours: z
      .int()
      .min(1)
      .max(24 * 14)
      .default(72)
      .meta({
        description:
          "A preview is torn down this many hours after it was created, even while its merge request stays open (the reaper CronJob); closing or merging the merge request tears it down at once.",
      }),
    quota: z
      .strictObject({
        cpu: z
          .string()
          .regex(CPU, "must be a CPU quantity such as 500m or 2")
          .default("1")
          .meta({ description: "CPU per preview namespace." }),
        memory: z
          .string()
          .regex(MEMORY, "must be a memory quantity such as 512Mi or 4Gi")
          .default("2Gi")
          .meta({ description: "Memory per preview namespace." }),
        pods: z.int().positive().max(50).default(5).meta({ description: "Pods per preview namespace." }),
      })
      .prefault({})
      .meta({ description: "What one preview namespace may use (its ResourceQuota)." }),
  })
  .prefault({})
  .meta({ description: "Preview environments per merge request." });

export type PreviewSettings = z.output<typeof previewSettings>;
