/** Where each workload kind keeps its pod template (Kyverno's autogen covers the same controllers). */
const POD_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes:core/v1:Pod": [],
  "kubernetes:apps/v1:Deployment": ["spec", "template"],
  "kubernetes:apps/v1:StatefulSet": ["spec", "template"],
  "kubernetes:apps/v1:DaemonSet": ["spec", "template"],
  "kubernetes:apps/v1:ReplicaSet": ["spec", "template"],
  "kubernetes:batch/v1:Job": ["spec", "template"],
  "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template"],
};

export const WORKLOAD_TYPES = Object.keys(POD_TEMPLATE_PATHS);

export interface Container {
  name?: string;
  image?: string;
  securityContext?: { privileged?: boolean; allowPrivilegeEscalation?: boolean; runAsNonRoot?: boolean };
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
}

export interface PodSpec {
  containers?: Container[];
  initContainers?: Container[];
  ephemeralContainers?: Container[];
  securityContext?: { runAsNonRoot?: boolean };
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  volumes?: { name?: string; hostPath?: unknown }[];
}

/** A pod as the admission controller sees it: the Pod itself or a controller's template. */
export interface PodView {
  spec: PodSpec;
  labels: Record<string, string>;
}

/** The pod of a workload resource's inputs, or undefined for other types. */
export function podOf(type: string, props: Record<string, unknown>): PodView | undefined {
  const path = POD_TEMPLATE_PATHS[type];
  if (path === undefined) return undefined;
  let template: unknown = props;
  for (const key of path) template = (template as Record<string, unknown> | undefined)?.[key];
  const pod = (template ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
  return { spec: pod.spec ?? {}, labels: pod.metadata?.labels ?? {} };
}

export const allContainers = (spec: PodSpec): Container[] => [
  ...(spec.containers ?? []),
  ...(spec.initContainers ?? []),
  ...(spec.ephemeralContainers ?? []),
];

export const containerName = (container: Container, index: number) => container.name ?? `#${index}`;
