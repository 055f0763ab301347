/**
 * The one table of Kubernetes kinds the guardrails know: every kind of @pulumi/kubernetes (each
 * API group and version, and its `Patch` and `List` types) says what it can carry and who reads it.
 * A kind that can carry a pod, RBAC, exposure, storage, tenancy or a secret is inspected by the
 * guardrails named; a kind that reroutes the cluster's own controls is rejected
 * (`kubernetes-kinds-reviewed`); the rest carry nothing a guardrail reads.
 * test/policies/kubernetes-kinds.test.ts walks the SDK's type tokens and input types so that no
 * kind is forgotten and none that reaches a pod spec or a policy rule is classified as harmless.
 */

export type Concern = "pod" | "rbac" | "exposure" | "tenancy" | "storage" | "secret" | "manifests" | "chart" | "control-plane" | "none";

export interface KindEntry {
  concern: Concern;
  /** Where the pod template (metadata + spec) sits in the object: `[]` for a Pod itself. */
  podTemplate?: readonly string[];
  /** Why a control-plane kind is rejected, or what a kind without guardrail carries. */
  why?: string;
}

const TEMPLATE = ["spec", "template"] as const;
const pod = (podTemplate: readonly string[]): KindEntry => ({ concern: "pod", podTemplate });
const control = (why: string): KindEntry => ({ concern: "control-plane", why });
const of = (concern: Concern, why?: string): KindEntry => (why === undefined ? { concern } : { concern, why });

/** By kind (the same in every API group and version that serves it). */
export const KUBERNETES_KINDS: Readonly<Record<string, KindEntry>> = {
  Pod: pod([]),
  PodTemplate: pod(["template"]),
  Deployment: pod(TEMPLATE),
  StatefulSet: pod(TEMPLATE),
  DaemonSet: pod(TEMPLATE),
  ReplicaSet: pod(TEMPLATE),
  ReplicationController: pod(TEMPLATE),
  Job: pod(TEMPLATE),
  CronJob: pod(["spec", "jobTemplate", "spec", "template"]),

  Role: of("rbac"),
  ClusterRole: of("rbac"),
  RoleBinding: of("rbac"),
  ClusterRoleBinding: of("rbac"),

  Service: of("exposure"),
  Ingress: of("exposure"),
  NetworkPolicy: of("exposure"),
  Endpoints: of("exposure"),
  EndpointSlice: of("exposure"),

  Namespace: of("tenancy"),
  ResourceQuota: of("tenancy"),
  LimitRange: of("tenancy"),

  PersistentVolume: of("storage"),
  PersistentVolumeClaim: of("storage"),

  Secret: of("secret", "holds secrets by design; the plan keeps its values secret (plan/wire-values.ts)"),
  ConfigMap: of("secret", "configuration that must not hold secrets"),

  ConfigGroup: of("manifests"),
  ConfigFile: of("manifests"),
  Directory: of("manifests"),
  Chart: of("chart"),
  Release: of("chart"),

  APIService: control("routes an API group to any Service, which then answers (and reads) every request for it"),
  AuditSink: control("sends the API server's audit events to any address"),
  Binding: control("places a pod on a node of one's choosing, past the scheduler"),
  CertificateSigningRequest: control("asks the cluster CA for a client certificate of any user or node"),
  PodCertificateRequest: control("asks a signer for a certificate in a pod's name"),
  ClusterTrustBundle: control("adds trust anchors that pods and signers trust"),
  ClusterCIDR: control("changes the pod address ranges the nodes hand out"),
  ServiceCIDR: control("changes the Service address ranges"),
  IPAddress: control("claims Service IP addresses, a platform Service's included"),
  ControllerRevision: control("holds a pod template a controller rolls back to, past every check of the controller"),
  CustomResourceDefinition: control("defines API kinds; CRDs come with the reviewed charts of the chart catalog"),
  MutatingWebhookConfiguration: control("rewrites every matching object at admission, after the guardrails looked at it"),
  ValidatingWebhookConfiguration: control("decides admission for every matching object, and sees each one"),
  MutatingAdmissionPolicy: control("rewrites matching objects at admission"),
  MutatingAdmissionPolicyBinding: control("puts a mutating admission policy in force"),
  ValidatingAdmissionPolicy: control("decides admission for matching objects"),
  ValidatingAdmissionPolicyBinding: control("puts a validating admission policy in force (or out of it)"),
  FlowSchema: control("ranks API requests: can starve the platform's controllers"),
  PriorityLevelConfiguration: control("sizes API request queues: can starve the platform's controllers"),
  Node: control("registers or relabels nodes"),
  CSINode: control("a node's CSI drivers, written by the kubelet"),
  CSIDriver: control("registers a storage driver with the cluster"),
  VolumeAttachment: control("attaches a volume to a node, past the scheduler and the claim"),
  StorageClass: control("decides where every claim of the class is provisioned and what its deletion does to the data"),
  VolumeAttributesClass: control("changes the attributes of every volume of the class"),
  PodPreset: control("injects volumes and environment into every matching pod"),
  PodSecurityPolicy: control("grants privileged pods to whoever may use it"),
  PriorityClass: control("lets pods preempt the platform's pods"),
  RuntimeClass: control("selects the container runtime handler pods run under"),
  Eviction: control("evicts a pod, a platform one included"),
  EvictionRequest: control("asks to evict a pod, a platform one included"),
  StorageVersionMigration: control("rewrites every stored object of a resource"),
  DeviceClass: control("decides which devices claims get"),
  DeviceTaintRule: control("taints devices, evicting the pods that use them"),
  ResourceClass: control("decides which devices claims get"),
  ResourceSlice: control("advertises devices, written by drivers"),
  ResourcePoolStatusRequest: control("reads device pools of every node"),
  IngressClass: control("decides which controller serves Ingresses, the default class included"),

  // Nothing a guardrail reads: scheduling and scaling hints, events, leases, device claims of the namespace.
  CSIStorageCapacity: of("none"),
  CompositePodGroup: of("none"),
  Event: of("none"),
  HorizontalPodAutoscaler: of("none"),
  Lease: of("none"),
  LeaseCandidate: of("none"),
  PodDisruptionBudget: of("none"),
  PodGroup: of("none"),
  PodScheduling: of("none"),
  PodSchedulingContext: of("none"),
  ResourceClaim: of("none"),
  ResourceClaimParameters: of("none"),
  ResourceClaimTemplate: of("none"),
  ResourceClassParameters: of("none"),
  ServiceAccount: of("none"),
  Status: of("none"),
  Workload: of("none"),
};

/** A `kubernetes:` type token, split: `kubernetes:apps/v1:DeploymentPatch` is apps, v1, Deployment, a patch. */
export interface KubernetesType {
  group: string;
  version: string;
  kind: string;
  patch: boolean;
  list: boolean;
}

const TOKEN = /^kubernetes:([^:/]+)(?:\/([^:]+))?:([A-Za-z0-9]+)$/;

export function parseKubernetesType(type: string): KubernetesType | undefined {
  const match = TOKEN.exec(type);
  if (match === null) return undefined;
  const [, group, version = "", name] = match as unknown as [string, string, string | undefined, string];
  // Every kind has a Patch type (CustomResourcePatch for custom kinds); List types exist only for the SDK's kinds.
  if (name.endsWith("Patch") && name.length > "Patch".length)
    return { group, version, kind: name.slice(0, -"Patch".length), patch: true, list: false };
  if (name.endsWith("List") && name.slice(0, -"List".length) in KUBERNETES_KINDS)
    return { group, version, kind: name.slice(0, -"List".length), patch: false, list: true };
  return { group, version, kind: name, patch: false, list: false };
}

/** The type token of a manifest object (`apiVersion: apps/v1`, `kind: Deployment`), as the SDK names it. */
export const typeOfManifest = (apiVersion: string, kind: string): string =>
  `kubernetes:${apiVersion.includes("/") ? apiVersion : `core/${apiVersion}`}:${kind}`;

/**
 * Custom kinds that carry a pod template, by kind (no SDK kind has these names). Argo Rollouts'
 * Rollout: an inline `spec.template` is a pod template like a Deployment's, so the pod guardrails
 * read it; the platform's Rollouts carry none (workloadRef), and rollouts-reference-deployment
 * rejects one at admission too.
 */
export const CUSTOM_POD_KINDS: Readonly<Record<string, KindEntry>> = {
  Rollout: pod(TEMPLATE),
};

/** The entry of a kind; undefined for custom resources (kinds of CRDs) other than CUSTOM_POD_KINDS. */
export const kindEntry = (kind: string): KindEntry | undefined => KUBERNETES_KINDS[kind] ?? CUSTOM_POD_KINDS[kind];
