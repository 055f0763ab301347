import type { PolicyResource } from "@pulumi/policy";
import { asObject, objectsOfResource, type KubernetesObject } from "./kubernetes-objects";
import { isUnknown, rawValue } from "./unknown-values";

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
  /** Kubernetes objects by kind (Patch types included), manifest contents expanded; built on first use. */
  objects?: Map<string, PlacedObject[]>;
  /** kind -> namespace -> objects of that kind in it. */
  objectsByNamespace: Map<string, Map<string | undefined, PlacedObject[]>>;
}

/** A Kubernetes object, the plan resource that creates it and the namespace it lands in. */
export interface PlacedObject {
  object: KubernetesObject;
  resource: PolicyResource;
  /**
   * metadata.namespace, else the provider's default namespace, else `default` (where the API
   * server puts it); undefined when metadata.namespace is unknown at preview time.
   */
  namespace: string | undefined;
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
    index = { byType: new Map(), dependents: new Map(), byNamespace: new Map(), objectsByNamespace: new Map() };
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
      const namespace = asObject(asObject(rawValue(resource.props)).metadata).namespace;
      append(byNamespace, typeof namespace === "string" ? namespace : undefined, resource);
    }
    index.byNamespace.set(type, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}

/** Resources of `type` that depend directly on `target` (a `project: project.id` reference is such a dependency). */
export const dependentsOf = (resources: readonly PolicyResource[], type: string, target: PolicyResource): readonly PolicyResource[] =>
  (indexOf(resources).dependents.get(target.urn) ?? []).filter((r) => r.type === type);

function placed(resource: PolicyResource, object: KubernetesObject): PlacedObject {
  const namespace = asObject(object.body.metadata).namespace;
  if (isUnknown(namespace)) return { object, resource, namespace: undefined };
  if (typeof namespace === "string" && namespace !== "") return { object, resource, namespace };
  const providerDefault = asObject(rawValue(resource.provider?.props)).namespace;
  return { object, resource, namespace: typeof providerDefault === "string" && providerDefault !== "" ? providerDefault : "default" };
}

function objectIndex(resources: readonly PolicyResource[]): Map<string, PlacedObject[]> {
  const index = indexOf(resources);
  if (index.objects === undefined) {
    index.objects = new Map();
    for (const resource of resources) {
      if (!resource.type.startsWith("kubernetes:")) continue;
      for (const object of objectsOfResource(resource.type, resource.props, resource.name).objects)
        append(index.objects, object.kind, placed(resource, object));
    }
  }
  return index.objects;
}

/** Every Kubernetes object of `kind` the plan creates (its Patch type included; List types are not objects). */
export const objectsOfKind = (resources: readonly PolicyResource[], kind: string): readonly PlacedObject[] =>
  (objectIndex(resources).get(kind) ?? []).filter((placedObject) => !placedObject.object.list);

/** Objects of `kind` in `namespace`; `undefined` asks for those whose namespace is unknown at preview time. */
export function objectsInNamespace(
  resources: readonly PolicyResource[],
  kind: string,
  namespace: string | undefined,
): readonly PlacedObject[] {
  const index = indexOf(resources);
  let byNamespace = index.objectsByNamespace.get(kind);
  if (byNamespace === undefined) {
    byNamespace = new Map();
    for (const entry of objectsOfKind(resources, kind)) append(byNamespace, entry.namespace, entry);
    index.objectsByNamespace.set(kind, byNamespace);
  }
  return byNamespace.get(namespace) ?? [];
}

/** The kinds of the Kubernetes objects in the plan. */
export const objectKinds = (resources: readonly PolicyResource[]): string[] => [...objectIndex(resources).keys()];
