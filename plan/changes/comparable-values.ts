import { joinPath, SECRET_PLACEHOLDER } from "../wire-values";
import type { PlanResource } from "../plan-document";
import type { PathSegments } from "./replace-on-change";

/**
 * A secret input as the comparison sees it: never its value, at most its keyed fingerprint
 * (plan/changes/secret-fingerprints.ts); `undefined` when it could not be fingerprinted.
 */
export class SecretLeaf {
  constructor(readonly fingerprint: string | undefined) {}
}

/** Inputs as both sides of a comparison hold them: plain JSON, secrets as SecretLeaf. */
export type Comparable = null | boolean | number | string | SecretLeaf | Comparable[] | { [key: string]: Comparable };
export type ComparableObject = { [key: string]: Comparable };

/** What a value the engine cannot know before applying shows as (a replaced resource's id, say). */
export const UNKNOWN = "[unknown]";

/** `a.b[0].c`, `a["x.y"]`: the plan's path syntax (secretPaths). */
export function formatPath(path: PathSegments): string {
  return path.reduce<string>((text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : joinPath(text, segment)), "");
}

/** A planned resource's inputs with its secret paths as SecretLeaf (carrying the fingerprint when the plan has one). */
export function plannedInputs(resource: Pick<PlanResource, "inputs" | "secretPaths" | "secretFingerprints">): ComparableObject {
  if (resource.secretPaths.length === 0) return resource.inputs;
  const secret = new Set(resource.secretPaths);
  const walk = (value: Comparable, path: PathSegments): Comparable => {
    const at = formatPath(path);
    if (value === SECRET_PLACEHOLDER && secret.has(at)) return new SecretLeaf(resource.secretFingerprints?.[at]);
    if (Array.isArray(value)) return value.map((item, index) => walk(item, [...path, index]));
    if (value !== null && typeof value === "object" && !(value instanceof SecretLeaf)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...path, key])]));
    }
    return value;
  };
  return walk(resource.inputs, []) as ComparableObject;
}

export function valueAt(value: Comparable | undefined, path: PathSegments): Comparable | undefined {
  let current: Comparable | undefined = value;
  for (const segment of path) {
    if (current === null || current === undefined || typeof current !== "object" || current instanceof SecretLeaf) return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[String(segment)];
  }
  return current;
}
