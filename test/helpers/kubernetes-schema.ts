import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";

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

/** Validates every Kubernetes object of the plan with kubernetes-models / @kubernetes-models/*. */
export function validateKubernetesObjects(plan: PlanDocument): SchemaVerdict[] {
  const objects = kubernetesObjects(plan);
  const output = execFileSync(process.execPath, [VALIDATOR], { input: JSON.stringify(objects.map((o) => o.inputs)), encoding: "utf8" });
  const results = JSON.parse(output) as { status: SchemaVerdict["status"]; message?: string }[];
  return objects.map((object, index) => ({
    urn: object.urn,
    apiVersion: object.inputs.apiVersion as string,
    kind: object.inputs.kind as string,
    ...results[index]!,
  }));
}
