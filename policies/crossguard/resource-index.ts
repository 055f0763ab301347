import type { PolicyResource } from "@pulumi/policy";

/**
 * Lookups that stack rules make once per project or namespace, built once per resource list:
 * scanning every resource for each of 1,000 app namespaces made those rules quadratic (4.5 s of a
 * 500-app plan's guardrail check, docs/performance.md). Cached by the list a policy was given, so
 * nothing outlives an evaluation. Props are read only from resources of the requested type, as a
 * filter would: the analyzer's proxy throws on unknown values, and other types must not trip it.
 */
interface ResourceIndex {
  byType: Map<string, PolicyResource[]>;
  /** urn -> resources that depend on it directly. */
  dependents: Map<string, PolicyResource[]>;
  /** `type` -> namespace -> resources of that type in it; built per type on first use. */
  byNamespace: Map<string, Map<string | undefined, PolicyResource[]>>;
}

const indexes = new WeakMap<readonly PolicyResource[], ResourceIndex>();

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

function indexOf(resources: readonly PolicyResource[]): ResourceIndex {
  let index = indexes.get(resources);
  if (index === undefined) {
    index = { byType: new Map(), dependents: new Map(), byNamespace: new Map() };
    for (const resource of resources) {
      append(index.byType, resource.type, resource);
      for (const dependency of new Set(resource.dependencies)) append(index.dependents, dependency.urn, resource);
    }
    indexes.set(resources, index);
  }
  return index;
}

export const resourcesOfType = (resources: readonly PolicyResource[], type: string): readonly PolicyResource[] =>
  indexOf(resources).byType.get(type) ?? [];

/** Resources of `type` whose `metadata.namespace` is `namespace`. */
export function resourcesInNamespace(resources: readonly PolicyResource[], type: string, namespace: string): readonly PolicyResource[] {
  const index = indexOf(resources);
  let byNamespace = index.byNamespace.get(type);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    for (const resource of resourcesOfType(resources, type)) {
      const metadata = (resource.props.metadata ?? {}) as { namespace?: string };
      append(byNamespace, metadata.namespace, resource);
    }
    index.byNamespace.set(type, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}

/** Resources of `type` that depend directly on `target` (a `project: project.id` reference is such a dependency). */
export const dependentsOf = (resources: readonly PolicyResource[], type: string, target: PolicyResource): readonly PolicyResource[] =>
  (indexOf(resources).dependents.get(target.urn) ?? []).filter((r) => r.type === type);
