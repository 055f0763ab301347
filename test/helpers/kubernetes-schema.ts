import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { SECRET_PLACEHOLDER } from "../../plan/wire-values";

export interface SchemaVerdict {
  urn: string;
  apiVersion: string;
  kind: string;
  status: "valid" | "invalid" | "no-validator";
  message?: string;
}

const VALIDATOR = path.join(__dirname, "kubernetes-schema-validator.mjs");

/** Kubernetes objects of a plan (not Helm releases or providers), as their inputs. */
export function kubernetesObjects(plan: PlanDocument): PlanResource[] {
  return plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && !r.type.startsWith("kubernetes:helm.sh/"));
}

/**
 * The Kubernetes SDK makes a Secret's whole `data`/`stringData` map secret, so the plan shows the
 * string "[secret]" there; validate the shape with a redacted map in its place.
 */
function validatable(resource: PlanResource): Record<string, unknown> {
  const inputs: Record<string, unknown> = { ...resource.inputs };
  for (const key of ["data", "stringData"]) {
    if (resource.type === "kubernetes:core/v1:Secret" && inputs[key] === SECRET_PLACEHOLDER) inputs[key] = { redacted: SECRET_PLACEHOLDER };
  }
  return inputs;
}

/** Validates plain manifests (rendered config-repository files) with the same validators. */
export function validateManifests(objects: readonly Record<string, unknown>[]): { status: SchemaVerdict["status"]; message?: string }[] {
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects), encoding: "utf8" });
  return JSON.parse(output) as { status: SchemaVerdict["status"]; message?: string }[];
}

/** Validates every Kubernetes object of the plan with kubernetes-models / @kubernetes-models/*. */
export function validateKubernetesObjects(plan: PlanDocument): SchemaVerdict[] {
  const objects = kubernetesObjects(plan);
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects.map(validatable)), encoding: "utf8" });
  const results = JSON.parse(output) as { status: SchemaVerdict["status"]; message?: string }[];
  return objects.map((object, index) => ({
    urn: object.urn,
    apiVersion: object.inputs.apiVersion as string,
    kind: object.inputs.kind as string,
    ...results[index]!,
  }));
}
