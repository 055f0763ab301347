import { z } from "zod";
import { checkpointSchema } from "./changes/checkpoint";

/**
 * The scheduled rotation `pulumi up` of the repository CI (.gitlab-ci.yml `rotate`). Robot
 * credentials rotate only when `pulumi up` runs (components/platform/harbor/rotating-robot.ts), but a
 * scheduled up of the default branch's head would also deploy whatever merged since the last approved
 * `up`. So the job re-runs the commit of the stack's last successful update, and only the rotation
 * clocks with what depends on them (`--target <clock> --target-dependents`): the robots they name,
 * the Vault KV entries and pull Secrets that carry the new credentials. Both facts come from the
 * stack itself, not from this ref: its update history and its state.
 */

/** The Pulumi type of a rotation clock (@pulumiverse/time Rotating). */
export const ROTATION_CLOCK_TYPE = "time:index/rotating:Rotating";

/**
 * `pulumi stack history --json`: an array of updates (pulumi/pulumi sdk/go/common/apitype
 * updates.go UpdateInfo as the CLI prints it; @pulumi/pulumi automation `UpdateSummary`). The
 * engine records the program's git metadata in `environment` (apitype `GitHead = "git.head"`,
 * `GitDirty = "git.dirty"`); `result` is `succeeded`, `failed` or `in-progress`.
 */
const historySchema = z.array(
  z.looseObject({
    kind: z.string(),
    result: z.string(),
    version: z.number().optional(),
    startTime: z.string().optional(),
    environment: z.record(z.string(), z.string()).optional(),
  }),
);

export class RotationInputError extends Error {}

const COMMIT = /^[0-9a-f]{40}$/;

export interface DeployedCommit {
  commit: string;
  /** The update's version in the stack's history. */
  version?: number;
  startTime?: string;
}

/**
 * The commit of the last successful `pulumi up` (kind `update`) that ran from a clean checkout;
 * undefined when the stack was never updated from git. A dirty tree's commit does not say what ran.
 */
export function lastDeployedCommit(history: unknown): DeployedCommit | undefined {
  const parsed = historySchema.safeParse(history);
  if (!parsed.success) throw new RotationInputError(`not the output of 'pulumi stack history --json': ${parsed.error.issues[0]?.message}`);
  // The CLI lists the newest first; the version orders them where present.
  const updates = parsed.data
    .map((entry, index) => ({ entry, order: entry.version ?? -index }))
    .sort((a, b) => b.order - a.order)
    .map(({ entry }) => entry);
  const last = updates.find(
    (u) =>
      u.kind === "update" &&
      u.result === "succeeded" &&
      COMMIT.test(u.environment?.["git.head"] ?? "") &&
      u.environment?.["git.dirty"] !== "true",
  );
  return last && { commit: last.environment!["git.head"]!, version: last.version, startTime: last.startTime };
}

/** URNs of the rotation clocks in a `pulumi stack export` (deployment v3), sorted. */
export function rotationTargets(checkpoint: unknown): string[] {
  const parsed = checkpointSchema.safeParse(checkpoint);
  if (!parsed.success)
    throw new RotationInputError(`not a 'pulumi stack export' (deployment version 3): ${parsed.error.issues[0]?.message}`);
  return (parsed.data.deployment.resources ?? [])
    .filter((r) => r.type === ROTATION_CLOCK_TYPE && r.delete !== true)
    .map((r) => r.urn)
    .sort();
}
