import { z } from "zod";

const criticalPathSchema = z.strictObject({ criticalSeconds: z.number().nonnegative(), sequentialSeconds: z.number().nonnegative() });

/** `npm run bench -- --json <file>`: the contract other tools read. */
export const benchResultSchema = z.strictObject({
  runs: z.array(
    z.strictObject({
      apps: z.int().positive(),
      /** Offline plan wall time (runOfflinePlan: program, mock runtime, plan document). */
      seconds: z.number().nonnegative(),
      /** Peak resident set size of the child process that ran the plan. */
      peakRssMiB: z.number().positive(),
      /** Resources registered, the root stack included. */
      resources: z.int().positive(),
      /** The same number of plain resources under the same mock runtime, without component logic. */
      floorSeconds: z.number().nonnegative(),
    }),
  ),
  criticalPath: z.strictObject({ platform: criticalPathSchema, app: criticalPathSchema }),
});

export type BenchResult = z.infer<typeof benchResultSchema>;
export type BenchRun = BenchResult["runs"][number];

/** What one measurement child reports (bench/measure.ts); a superset of a run. */
export const measurementSchema = z.strictObject({
  mode: z.enum(["program", "floor"]),
  apps: z.int().nonnegative(),
  seconds: z.number(),
  peakRssMiB: z.number(),
  resources: z.int(),
  /** Guardrail evaluation over the plan, after the peak memory was taken (program mode). */
  policySeconds: z.number().optional(),
  /** Access graph build and rule evaluation over the plan (program mode), and its edges. */
  accessSeconds: z.number().optional(),
  accessEdges: z.int().optional(),
  /** `--compare` of the plan with its own plan JSON as baseline (read, match, diff every resource, render). */
  compareSeconds: z.number().optional(),
  /** Critical path of the whole plan and of the first app (program mode). */
  plan: criticalPathSchema.optional(),
  app: criticalPathSchema.optional(),
});

export type Measurement = z.infer<typeof measurementSchema>;
