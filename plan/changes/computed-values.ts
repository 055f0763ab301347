import type * as pulumi from "@pulumi/pulumi";
import { offlineMocks } from "../mock-resources";
import type { PlanResource } from "../plan-document";
import type { BaselineResource } from "./baseline";
import { SecretLeaf, UNKNOWN, valueAt, type Comparable, type ComparableObject } from "./comparable-values";
import type { PathSegments } from "./replace-on-change";

/**
 * Values a provider computes (ids, GitLab project ids, generated names) are stand-ins in the offline
 * plan: the mock derives them from the resource's type and name (plan/mock-resources.ts), so they
 * differ from the real ones in a checkpoint and change with a rename. The engine would read them
 * from the state of the resource they come from; so does the comparison: in a resource's planned
 * inputs, a value one of its dependencies computed is replaced by that dependency's value in the
 * baseline, or by `[unknown]` when the dependency is created or replaced.
 */
export interface ComputedLeaf {
  path: PathSegments;
  value: string | number;
}

// Short strings and small numbers would match unrelated inputs; the mock's values are long or large.
const distinctive = (value: unknown): value is string | number =>
  (typeof value === "string" && value.length >= 6) || (typeof value === "number" && value >= 100);

const cache = new WeakMap<PlanResource, ComputedLeaf[]>();

/** What the offline mock computed for a planned resource: its id and every output that is not an input echoed. */
export function mockComputedLeaves(resource: PlanResource): ComputedLeaf[] {
  let leaves = cache.get(resource);
  if (leaves !== undefined) return leaves;
  leaves = [];
  if (resource.custom) {
    const args = { type: resource.type, name: resource.name, inputs: resource.inputs, custom: true } as pulumi.runtime.MockResourceArgs;
    const result = offlineMocks.newResource(args) as pulumi.runtime.MockResourceResult;
    const echoed = new Set<string>();
    collect(resource.inputs, [], (_, value) => echoed.add(String(value)));
    if (distinctive(result.id)) leaves.push({ path: ["id"], value: result.id });
    collect(result.state as Comparable, [], (path, value) => {
      if (distinctive(value) && !echoed.has(String(value)) && valueAt(resource.inputs, path) !== value) leaves.push({ path, value });
    });
  }
  cache.set(resource, leaves);
  return leaves;
}

function collect(value: Comparable, path: PathSegments, visit: (path: PathSegments, value: string | number) => void): void {
  if (typeof value === "string" || typeof value === "number") visit(path, value);
  else if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...path, index], visit));
  else if (value !== null && typeof value === "object" && !(value instanceof SecretLeaf))
    for (const [key, item] of Object.entries(value)) collect(item, [...path, key], visit);
}

/** The baseline's value of a computed output: the checkpoint's id or output, or what the mock computed for the earlier plan. */
export function baselineComputedValue(resource: BaselineResource, path: PathSegments): Comparable | undefined {
  if (resource.outputs !== null)
    return path.length === 1 && path[0] === "id" ? (resource.id ?? undefined) : valueAt(resource.outputs, path);
  if (resource.planned === null) return undefined;
  return mockComputedLeaves(resource.planned).find((leaf) => leaf.path.join("\u0000") === path.join("\u0000"))?.value;
}

export interface Substitution {
  from: string | number;
  /** The baseline's value; undefined when the engine cannot know it yet. */
  to: Comparable | undefined;
}

/** Replaces each computed value in the inputs (whole values, numbers written as strings, or inside longer strings). */
export function substituteComputed(inputs: ComparableObject, substitutions: readonly Substitution[]): ComparableObject {
  if (substitutions.length === 0) return inputs;
  const plain = (to: Comparable | undefined) => (typeof to === "string" || typeof to === "number" ? String(to) : UNKNOWN);
  const walk = (value: Comparable): Comparable => {
    if (typeof value === "number")
      return substitutions.find((s) => s.from === value)?.to ?? (substitutions.some((s) => s.from === value) ? UNKNOWN : value);
    if (typeof value === "string") {
      let text = value;
      for (const { from, to } of substitutions) {
        const needle = String(from);
        if (text === needle) return to === undefined ? UNKNOWN : typeof from === "number" && typeof to === "number" ? String(to) : to;
        if (needle.length >= 8 && text.includes(needle)) text = text.split(needle).join(plain(to));
      }
      return text;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === "object" && !(value instanceof SecretLeaf))
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    return value;
  };
  return walk(inputs) as ComparableObject;
}
