import { z } from "zod";
import { cronExpression, timeZoneName } from "../shared/cron-expression";

/**
 * `workload` of an app spec: which shape the generated config repository starts from
 * (docs/workload-templates.md). Every shape keeps the names of today's web service (the
 * Deployment or CronJob is named after the app), so a later change of kind replaces one object,
 * and tools pointing at the Deployment (an Argo Rollout's `workloadRef`) keep finding it.
 */

const WORKLOAD_KINDS = ["web", "worker", "batch"] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const web = z.strictObject({
  kind: z.literal("web").meta({ description: "A Deployment behind a Service and the ingress controller (the default)." }),
});
const worker = z.strictObject({
  kind: z.literal("worker").meta({
    description: "A Deployment without ingress traffic (queue consumers): a Service for metrics only; probes on the metrics port.",
  }),
});
const batch = z.strictObject({
  kind: z.literal("batch").meta({ description: "A CronJob: runs to completion on a schedule; no Service, no ingress." }),
  schedule: cronExpression("minute-first").meta({ description: "When the job runs (five-field cron, as Kubernetes reads it)." }),
  timeZone: timeZoneName().default("UTC").meta({ description: "Time zone of the schedule (IANA name)." }),
  concurrencyPolicy: z
    .enum(["Forbid", "Replace"])
    .default("Forbid")
    .meta({ description: "What a new run does while the last one still runs (Allow is not offered: runs would pile up in the quota)." }),
  activeDeadlineSeconds: z.int().min(60).max(86400).default(3600).meta({ description: "A run is stopped after this long." }),
  backoffLimit: z.int().min(0).max(10).default(2).meta({ description: "Retries of a failed run." }),
  healthCommand: z.array(z.string().min(1)).min(1).default(["/bin/sh", "-c", "test -d /proc/1"]).meta({
    description:
      "Exec probe of the job's container (the probes guardrail applies to every pod); images without a shell set their own command.",
  }),
});

export const workloadSpec = z
  .discriminatedUnion("kind", [web, worker, batch], {
    error: (issue) => (issue.code === "invalid_union" ? `unknown workload kind; expected one of: ${WORKLOAD_KINDS.join(", ")}` : undefined),
  })
  .prefault({ kind: "web" })
  .meta({ description: "Shape of the generated workload: `web` (default), `worker` or `batch` (docs/workload-templates.md)." });

export type WorkloadSpec = z.output<typeof workloadSpec>;
