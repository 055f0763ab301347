import { parseAllDocuments } from "yaml";
import { parseKubernetesType, typeOfManifest, type KubernetesType } from "./kubernetes-kinds";
import { isUnknown, rawValue } from "./unknown-values";

/**
 * The Kubernetes objects a plan resource creates: the resource itself, or the objects a manifest
 * resource (`yaml/v2` and `yaml` ConfigGroup) holds inline. Rules read objects, not resources, so
 * a Deployment in a ConfigGroup's `yaml` meets the same checks as a Deployment resource. Contents
 * the plan does not hold (files, kustomize directories) are listed as unreadable, and the
 * `kubernetes-kinds-reviewed` guardrail rejects them.
 */

export type Json = Record<string, unknown>;

export interface KubernetesObject extends KubernetesType {
  /** Type token, as the SDK names the kind (`kubernetes:apps/v1:Deployment`). */
  type: string;
  /** The object: raw props of the resource, or the manifest object. */
  body: Json;
  /** "" for the resource itself, else where in the resource the object is (`objs[0]`, `yaml document 2`). */
  where: string;
  /** metadata.name (the resource's name when unset). */
  name: string;
}

export interface ResourceObjects {
  objects: KubernetesObject[];
  /** Contents the plan does not hold, or that are no Kubernetes object. */
  unreadable: string[];
  /** Inputs unknown at preview time that hold objects (`yaml`, `objs[1]`). */
  unknown: string[];
}

export const asObject = (value: unknown): Json =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : {};
export const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
/** A value as a message shows it: strings as they are, anything else as JSON. */
export const textOf = (value: unknown): string => (typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined"));

const CONFIG_GROUPS = new Set(["kubernetes:yaml/v2:ConfigGroup", "kubernetes:yaml:ConfigGroup"]);
/** Manifest resources whose objects come from files or directories the plan does not hold. */
const FILE_MANIFESTS: Readonly<Record<string, string>> = {
  "kubernetes:yaml/v2:ConfigFile": "file",
  "kubernetes:yaml:ConfigFile": "file",
  "kubernetes:kustomize/v2:Directory": "directory",
  "kubernetes:kustomize:Directory": "directory",
};

/** A scalar or a list, as the v1 yaml components accept (`yaml?: string[] | string`). */
const oneOrMany = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

function objectOf(type: string, body: Json, where: string, fallbackName: string): KubernetesObject | undefined {
  const parsed = parseKubernetesType(type);
  if (parsed === undefined) return undefined;
  const metadata = asObject(body.metadata);
  return { ...parsed, type, body, where, name: typeof metadata.name === "string" ? metadata.name : fallbackName };
}

/** Objects of one manifest entry; `List` kinds stand for their items, as the yaml components expand them. */
function manifestObjects(value: unknown, where: string, out: ResourceObjects): void {
  if (isUnknown(value)) {
    out.unknown.push(where);
    return;
  }
  if (value === null || value === undefined) return;
  const body = asObject(value);
  const { apiVersion, kind } = body;
  if (isUnknown(apiVersion) || isUnknown(kind)) {
    out.unknown.push(`${where}.${isUnknown(apiVersion) ? "apiVersion" : "kind"}`);
    return;
  }
  if (typeof apiVersion !== "string" || typeof kind !== "string" || apiVersion === "" || kind === "") {
    out.unreadable.push(`${where} is no Kubernetes object (apiVersion and kind)`);
    return;
  }
  if (kind.endsWith("List") && Array.isArray(body.items)) {
    body.items.forEach((item, index) => manifestObjects(item, `${where}.items[${index}]`, out));
    return;
  }
  const object = objectOf(typeOfManifest(apiVersion, kind), body, where, `${where}`);
  if (object === undefined) out.unreadable.push(`${where} has an API version the SDK cannot name ('${apiVersion}')`);
  else out.objects.push(object);
}

function configGroupObjects(props: Json, out: ResourceObjects): void {
  const listed = (field: string): unknown[] => {
    if (!isUnknown(props[field])) return oneOrMany(props[field]);
    out.unknown.push(field);
    return [];
  };
  listed("objs").forEach((entry, index) => manifestObjects(entry, `objs[${index}]`, out));
  listed("yaml").forEach((text, index) => {
    const at = `yaml${Array.isArray(props.yaml) ? `[${index}]` : ""}`;
    if (isUnknown(text)) out.unknown.push(at);
    else if (typeof text !== "string") out.unreadable.push(`${at} is not YAML text`);
    else yamlObjects(text, at, out);
  });
  for (const file of listed("files")) out.unreadable.push(`its objects come from '${String(file)}', a file the plan does not hold`);
}

function yamlObjects(text: string, at: string, out: ResourceObjects): void {
  const documents = parseAllDocuments(text);
  for (const [number, document] of (Array.isArray(documents) ? documents : [documents]).entries()) {
    if (document.errors.length > 0) out.unreadable.push(`${at} document ${number + 1} is not valid YAML`);
    else manifestObjects(document.toJS() as unknown, `${at} document ${number + 1}`, out);
  }
}

const cache = new WeakMap<object, ResourceObjects>();

/** The objects a resource of `type` with `props` creates (cached per props object). */
export function objectsOfResource(type: string, props: unknown, name: string): ResourceObjects {
  const raw = asObject(rawValue(props));
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const out: ResourceObjects = { objects: [], unreadable: [], unknown: [] };
  if (CONFIG_GROUPS.has(type)) configGroupObjects(raw, out);
  else if (type in FILE_MANIFESTS) {
    const source = raw[FILE_MANIFESTS[type]!];
    out.unreadable.push(`its objects come from '${String(source)}', which the plan does not hold`);
  } else {
    const object = objectOf(type, raw, "", name);
    if (object !== undefined) out.objects.push(object);
  }
  cache.set(raw, out);
  return out;
}

/** `Deployment 'shop'` or, for an object inside a manifest resource, `objs[0] (Deployment 'shop')`. */
export const describeObject = (object: KubernetesObject): string =>
  object.where === ""
    ? `${object.kind}${object.patch ? "Patch" : ""} '${object.name}'`
    : `${object.where} (${object.kind} '${object.name}')`;
