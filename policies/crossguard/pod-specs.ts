import { kindEntry } from "./kubernetes-kinds";
import { asObject, type Json, type KubernetesObject } from "./kubernetes-objects";
import { isUnknown } from "./unknown-values";

export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  capabilities?: { add?: unknown[]; drop?: unknown[] };
  seccompProfile?: { type?: string; localhostProfile?: string };
  appArmorProfile?: { type?: string; localhostProfile?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string; level?: string };
  windowsOptions?: { hostProcess?: boolean };
  procMount?: string;
  sysctls?: { name?: string; value?: string }[];
}

export interface Container {
  name?: string;
  image?: string;
  securityContext?: SecurityContext;
  ports?: { hostPort?: number; hostIP?: string }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  securityContext?: SecurityContext;
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  hostUsers?: boolean;
  volumes?: ({ name?: string } & Record<string, unknown>)[];
}

/** A pod as the admission controller sees it: the Pod itself or a controller's template. */
export interface PodView {
  spec: PodSpec;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The template (`{ metadata, spec }`) as the object holds it; unknown-input patterns start here. */
  template: Json;
  /** Where the template is in the object (`spec.template`; "" for a Pod). */
  at: string;
  /**
   * A Patch: it changes only the fields it names, so a field it leaves out is not a violation
   * (the object it patches was checked when created); a field it sets must still be right.
   */
  partial: boolean;
  /** The template itself is unknown at preview time (its path), so nothing in it can be read. */
  unknownTemplate?: string;
}

const CUSTOM_TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ["spec", "template"],
  ["spec", "jobTemplate", "spec", "template"],
];

/**
 * Where an object keeps its pod template: from the kinds table, or, for custom resources
 * (Argo Rollouts' `Rollout`, operators' jobs), wherever a template with containers sits in the
 * places the built-in controllers use.
 */
function templatePath(object: KubernetesObject): readonly string[] | undefined {
  const entry = kindEntry(object.kind);
  if (entry !== undefined) return entry.podTemplate;
  return CUSTOM_TEMPLATE_PATHS.find((path) => {
    let value: unknown = object.body;
    for (const key of path) value = asObject(value)[key];
    return Array.isArray(asObject(asObject(value).spec).containers);
  });
}

/** The pod of an object that carries one (every pod-carrying kind, its Patch and pod-shaped custom resources). */
export function podOf(object: KubernetesObject): PodView | undefined {
  const path = templatePath(object);
  if (path === undefined || object.list) return undefined;
  let template: unknown = object.body;
  const walked: string[] = [];
  for (const key of path) {
    if (isUnknown(template)) break;
    walked.push(key);
    template = asObject(template)[key];
  }
  const at = path.join(".");
  if (isUnknown(template))
    return {
      spec: {},
      labels: {},
      annotations: {},
      template: {},
      at,
      partial: object.patch,
      unknownTemplate: walked.join(".") || "(the whole object)",
    };
  const body = asObject(template);
  const metadata = asObject(body.metadata);
  return {
    spec: asObject(body.spec),
    labels: asObject(metadata.labels) as Record<string, string>,
    annotations: asObject(metadata.annotations) as Record<string, string>,
    template: body,
    at,
    partial: object.patch,
  };
}

export const allContainers = (spec: PodSpec): Container[] => [
  ...(Array.isArray(spec.containers) ? spec.containers : []),
  ...(Array.isArray(spec.initContainers) ? spec.initContainers : []),
  ...(Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : []),
];

export const containerName = (container: Container, index: number) => container.name ?? `#${index}`;

const CONTAINER_LISTS = ["containers", "initContainers", "ephemeralContainers"] as const;

/** Unknown-input patterns (relative to the template) for fields of every container. */
export const containerInputs = (...fields: string[]): string[] =>
  CONTAINER_LISTS.flatMap((list) => (fields.length === 0 ? [`spec.${list}`] : fields.map((field) => `spec.${list}.*.${field}`)));
