/**
 * Estimated wall-clock seconds the engine spends creating one resource, by type.
 * They weight the deploy critical path (bench/critical-path.ts). They are
 * estimates for a first `pulumi up` on a healthy cluster with images reachable
 * through the registry, not measurements: the benchmark machine has no cluster.
 * What matters for the critical-path ratio is their order of magnitude.
 */

/** Helm releases are installed with `atomic: true` (components/kubernetes/helm-release.ts): Helm waits until every
 * workload is ready, so a release costs image pulls plus pod start-up and readiness probes. Typical installs of
 * these charts take one to a few minutes; the big multi-component charts take longer. */
export const HELM_RELEASE_SECONDS = 120;

/** Charts that start many components or stateful sets, by chart name (the `chart` input's last segment). */
export const HELM_RELEASE_SECONDS_BY_CHART: Readonly<Record<string, number>> = {
  // core, jobservice, registry, portal, trivy, and in dev its own PostgreSQL and Redis.
  harbor: 300,
  // operator, vmagent, vmalert, storage, Grafana, kube-state-metrics, node exporter.
  "victoria-metrics-k8s-stack": 240,
  // server, repo-server, controller, applicationset, redis(-ha).
  "argo-cd": 180,
  // a Raft StatefulSet starts pod by pod.
  vault: 150,
};

/** Pulumi's Kubernetes provider creates custom resources without waiting for a status (no await logic for
 * unknown kinds): one API round trip plus server-side validation and webhooks. */
export const CUSTOM_RESOURCE_SECONDS = 2;

/** Built-in Kubernetes objects the provider does not await beyond creation (Secret, ConfigMap, RBAC,
 * NetworkPolicy, quotas). */
export const KUBERNETES_OBJECT_SECONDS = 1;

/** Objects the Kubernetes provider awaits: a Namespace until it is Active, a PVC until Bound (first consumer). */
export const KUBERNETES_AWAITED_SECONDS: Readonly<Record<string, number>> = {
  "kubernetes:core/v1:Namespace": 2,
  "kubernetes:core/v1:PersistentVolumeClaim": 10,
};

/** Provider resources only configure a plugin that the engine already started: near zero, but not free. */
export const PROVIDER_SECONDS = 1;

/** REST calls to Harbor, GitLab and Vault. GitLab projects also initialise a repository; Vault mounts and auth
 * backends configure an engine. */
export const API_RESOURCE_SECONDS_BY_PACKAGE: Readonly<Record<string, number>> = {
  harbor: 2,
  gitlab: 2,
  vault: 1,
};
export const API_RESOURCE_SECONDS_BY_TYPE: Readonly<Record<string, number>> = {
  "gitlab:index/project:Project": 5,
  "gitlab:index/group:Group": 3,
  "harbor:index/project:Project": 3,
};

/** Local computation (random passwords) and the StackReference read of another stack's state. */
export const LOCAL_SECONDS = 0.1;
export const STACK_REFERENCE_SECONDS = 1;

export interface DurationSubject {
  type: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

/** Estimated create time of one plan resource; component resources take none (they only group children). */
export function estimatedSeconds(resource: DurationSubject): number {
  const { type } = resource;
  if (!resource.custom) return 0;
  if (type.startsWith("pulumi:providers:")) return PROVIDER_SECONDS;
  if (type === "pulumi:pulumi:StackReference") return STACK_REFERENCE_SECONDS;
  if (type === "kubernetes:helm.sh/v3:Release") {
    const chart = typeof resource.inputs.chart === "string" ? resource.inputs.chart.split("/").pop()! : "";
    return HELM_RELEASE_SECONDS_BY_CHART[chart] ?? HELM_RELEASE_SECONDS;
  }
  if (type.startsWith("kubernetes:")) {
    const awaited = KUBERNETES_AWAITED_SECONDS[type];
    if (awaited !== undefined) return awaited;
    const group = type.split(":")[1]!.split("/")[0]!;
    // Built-in API groups: "core", "apps", and the *.k8s.io groups; everything else comes from a CRD.
    const builtIn = !group.includes(".") || group.endsWith(".k8s.io");
    return builtIn ? KUBERNETES_OBJECT_SECONDS : CUSTOM_RESOURCE_SECONDS;
  }
  if (type.startsWith("random:")) return LOCAL_SECONDS;
  const pkg = type.split(":")[0]!;
  return API_RESOURCE_SECONDS_BY_TYPE[type] ?? API_RESOURCE_SECONDS_BY_PACKAGE[pkg] ?? KUBERNETES_OBJECT_SECONDS;
}
