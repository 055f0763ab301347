import { readFileSync } from "node:fs";
import { planDocumentSchema, type PlanDocument } from "../plan-document";
import { BaselineError, providerUrnOf, type Baseline } from "./baseline";
import { checkpointBaseline, checkpointSchema, type CheckpointOptions } from "./checkpoint";
import { plannedInputs } from "./comparable-values";

export type { CheckpointOptions } from "./checkpoint";

/**
 * Reads what `--compare` compares with and tells which kind it is: a plan (`npm run plan -- --json`,
 * e.g. the target branch's) or a checkpoint (`pulumi stack export`: `{version: 3, deployment}`, or the
 * file backend's `{version: 3, checkpoint: {latest}}`). Throws BaselineError with the fix otherwise.
 */
export function readBaseline(file: string, options: CheckpointOptions = {}): Baseline {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new BaselineError(`cannot read '${file}' as JSON (${(error as Error).message})`);
  }
  return baselineOf(value, options);
}

export function baselineOf(value: unknown, options: CheckpointOptions = {}): Baseline {
  const object = (value ?? {}) as Record<string, unknown>;
  if ("resources" in object && "stack" in object) {
    const plan = planDocumentSchema.safeParse(value);
    if (!plan.success)
      throw new BaselineError(`it looks like a plan but does not follow the plan contract: ${problems(plan.error.issues)}`);
    return planBaseline(plan.data);
  }
  const stored = object.checkpoint as { latest?: unknown } | undefined;
  const deployment = "deployment" in object ? value : stored ? { version: object.version, deployment: stored.latest } : undefined;
  if (deployment !== undefined) {
    const checkpoint = checkpointSchema.safeParse(deployment);
    if (!checkpoint.success)
      throw new BaselineError(`it looks like a Pulumi checkpoint but is not deployment version 3: ${problems(checkpoint.error.issues)}`);
    return checkpointBaseline(checkpoint.data, options);
  }
  throw new BaselineError("it is neither a plan (npm run plan -- --json <file>) nor a checkpoint (pulumi stack export --file <file>)");
}

export function planBaseline(plan: PlanDocument): Baseline {
  return {
    format: "plan",
    stack: plan.stack,
    secretsFingerprinted: plan.resources.some((r) => r.secretFingerprints !== undefined),
    resources: plan.resources.map((resource) => ({
      urn: resource.urn,
      type: resource.type,
      custom: resource.custom,
      parent: resource.parent,
      providerUrn: providerUrnOf(resource.provider),
      id: null,
      protect: resource.protect,
      retainOnDelete: resource.retainOnDelete,
      inputs: plannedInputs(resource),
      outputs: null,
      planned: resource,
      aliases: resource.aliases,
    })),
  };
}

const problems = (issues: readonly { path: PropertyKey[]; message: string }[]) =>
  issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
