import { z } from "zod";

/**
 * The `changes` section of a plan compared with a baseline (`npm run plan -- --compare <file>`):
 * what `pulumi up` would do to the stack the baseline describes. Documented in docs/change-review.md.
 */
export const changeActionSchema = z.enum(["create", "update", "replace", "delete", "same"]);

export const replaceReasonSchema = z.strictObject({
  /** The changed property (`metadata.name`, `provider`, `type`). */
  path: z.string(),
  /** Where the replace-on-change fact comes from (plan/changes/replace-on-change.ts). */
  source: z.string(),
});

export const resourceChangeSchema = z.strictObject({
  urn: z.string(),
  type: z.string(),
  action: changeActionSchema,
  /** The baseline URN this resource takes over through an alias (absent when the URN is unchanged). */
  previousUrn: z.string().optional(),
  /** Changed input paths (`spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`); secret ones included, never their values. */
  changedPaths: z.array(z.string()),
  /** For replace: the changed properties that force it. */
  replaceReasons: z.array(replaceReasonSchema),
  /** Secret inputs that could not be compared (no passphrase, or the baseline keeps no fingerprint). */
  secretsNotCompared: z.array(z.string()),
  /** protect as the engine checks it (the baseline's state for deletes, either side for replaces). */
  protect: z.boolean(),
  retainOnDelete: z.boolean(),
});

export const blockedChangeSchema = z.strictObject({
  urn: z.string(),
  action: z.enum(["replace", "delete"]),
  /** Why `pulumi up` stops here. */
  reason: z.string(),
  /** What to change so it does not. */
  fix: z.string(),
});

export const changeSetSchema = z.strictObject({
  baseline: z.strictObject({
    /** `plan`: an earlier plan JSON; `checkpoint`: `pulumi stack export` (deployment version 3). */
    format: z.enum(["plan", "checkpoint"]),
    stack: z.string(),
    resources: z.number().int().nonnegative(),
    /** Whether secret values could be compared (a passphrase and fingerprints or ciphertexts on both sides). */
    secretsCompared: z.boolean(),
  }),
  summary: z.strictObject({
    create: z.number().int().nonnegative(),
    update: z.number().int().nonnegative(),
    replace: z.number().int().nonnegative(),
    delete: z.number().int().nonnegative(),
    same: z.number().int().nonnegative(),
    blocked: z.number().int().nonnegative(),
    /** Resources with secret inputs that could not be compared ("secret, not compared"), whatever their action. */
    secretsNotCompared: z.number().int().nonnegative(),
  }),
  /** Protected resources `pulumi up` would have to replace or delete: it stops at each. First, for review. */
  blocked: z.array(blockedChangeSchema),
  /** Every resource that changes (action other than `same`), planned ones in URN order, then deletes. */
  resources: z.array(resourceChangeSchema),
});

export type ChangeAction = z.infer<typeof changeActionSchema>;
export type ReplaceReason = z.infer<typeof replaceReasonSchema>;
export type ResourceChange = z.infer<typeof resourceChangeSchema>;
export type BlockedChange = z.infer<typeof blockedChangeSchema>;
export type ChangeSet = z.infer<typeof changeSetSchema>;
