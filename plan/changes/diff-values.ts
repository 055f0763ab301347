import { COMPUTED_SECRET } from "./secret-fingerprints";
import { SecretLeaf, type Comparable } from "./comparable-values";
import type { PathSegments } from "./replace-on-change";

export interface ValueDiff {
  /** Where the two sides differ: the deepest path at which they still both hold an object or array. */
  changed: PathSegments[];
  /** Secret paths neither side can be compared at (no fingerprint on one of them). */
  notCompared: PathSegments[];
}

export interface DiffOptions {
  /** Whether a source of provider-computed secrets is created or replaced (then those secrets change too). */
  computedSourcesChange: boolean;
}

const isObject = (value: Comparable | undefined): value is { [key: string]: Comparable } =>
  value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof SecretLeaf);

/**
 * Structural diff of two input trees: key order is irrelevant, array order is not, a null and a
 * missing key are the same (the engine drops nulls: plugin.MarshalOptions SkipNulls).
 */
export function diffValues(old: Comparable | undefined, next: Comparable | undefined, options: DiffOptions): ValueDiff {
  const result: ValueDiff = { changed: [], notCompared: [] };
  const walk = (a: Comparable | undefined, b: Comparable | undefined, path: PathSegments) => {
    if ((a === null || a === undefined) && (b === null || b === undefined)) return;
    if (a instanceof SecretLeaf || b instanceof SecretLeaf) {
      if (!(a instanceof SecretLeaf && b instanceof SecretLeaf)) return void result.changed.push(path);
      if (a.fingerprint === COMPUTED_SECRET || b.fingerprint === COMPUTED_SECRET) {
        if (options.computedSourcesChange) result.changed.push(path);
        return;
      }
      if (a.fingerprint === undefined || b.fingerprint === undefined) return void result.notCompared.push(path);
      if (a.fingerprint !== b.fingerprint) result.changed.push(path);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let index = 0; index < Math.max(a.length, b.length); index++) {
        if (index >= a.length || index >= b.length) result.changed.push([...path, index]);
        else walk(a[index], b[index], [...path, index]);
      }
      return;
    }
    if (isObject(a) && isObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (a !== b) result.changed.push(path);
  };
  walk(old, next, []);
  return result;
}
