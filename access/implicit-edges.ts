/**
 * Edges no plan resource shows: RBAC and identities that charts create inside their Helm
 * releases, and the built-in meaning of Kubernetes' and Argo CD's default roles. Each entry names
 * the chart pin it was read at (components/platform/<service>/chart.ts) and its upstream source;
 * "not verified" where the pinned version could not be read. Edge builders look entries up by
 * key; a plan whose release has another version gets the entry marked as unverified for it.
 */
export interface ImplicitEdge {
  /** Chart name as the Helm release's `chart` input has it; `kubernetes` for the API server's own roles. */
  chart: string;
  /** Chart version the source was read at. */
  version: string;
  what: string;
  source: string;
}

export const IMPLICIT_EDGES = {
  esoAggregatesIntoEdit: {
    chart: "external-secrets",
    version: "2.11.0",
    what: "the ClusterRole <release>-edit (create/update/delete externalsecrets, secretstores, pushsecrets) carries rbac.authorization.k8s.io/aggregate-to-edit (values rbac.aggregateToEdit: true), so every holder of `edit` in a namespace can create ExternalSecrets there",
    source:
      "external-secrets/external-secrets deploy/charts/external-secrets/templates/rbac.yaml lines 304-343 and values.yaml lines 233-234, read at commit cc5bfbc2 (chart 2.9.0); 2.11.0 not verified",
  },
  esoController: {
    chart: "external-secrets",
    version: "2.11.0",
    what: "the controller runs as ServiceAccount external-secrets (values serviceAccount.name) with a ClusterRole that reads and writes Secrets in every namespace",
    source:
      "external-secrets/external-secrets deploy/charts/external-secrets/templates/rbac.yaml lines 1-160 (ClusterRole <release>-controller; its secrets rule, get/list/watch/create/update/delete/patch, is lines 148-159), commit cc5bfbc2 (chart 2.9.0); 2.11.0 not verified",
  },
  argocdController: {
    chart: "argo-cd",
    version: "10.1.2",
    what: "the application controller's ClusterRole allows every verb on every resource (controller.clusterRoleRules.enabled: false by default): it can create anything an Application's source holds in any namespace",
    source:
      "argoproj/argo-helm charts/argo-cd/templates/argocd-application-controller/clusterrole.yaml lines 12-21 and values.yaml line 1122 (controller.clusterRoleRules.enabled: false) at tag argo-cd-10.1.1 (app v3.4.4); 10.1.2 not verified",
  },
  argocdBuiltinReadonly: {
    chart: "argo-cd",
    version: "10.1.2",
    what: "role:readonly grants `applications, get, */*` and `logs, get, */*` (every project's applications and pod logs)",
    source:
      "argoproj/argo-cd assets/builtin-policy.csv lines 9-18 at v3.4.4 (the app version of chart argo-cd-10.1.1; 10.1.2 not verified)",
  },
  argocdBuiltinAdmin: {
    chart: "argo-cd",
    version: "10.1.2",
    what: "role:admin adds create/update/delete/sync/override/action and exec on every application, and inherits role:readonly",
    source: "argoproj/argo-cd assets/builtin-policy.csv lines 20-52 at v3.4.4 (chart argo-cd-10.1.1; 10.1.2 not verified)",
  },
  veleroClusterAdmin: {
    chart: "velero",
    version: "12.1.0",
    what: "the Velero server's ServiceAccount is bound to cluster-admin (values rbac.clusterAdministrator: true, clusterAdministratorName: cluster-admin)",
    source:
      "vmware-tanzu/helm-charts charts/velero/templates/clusterrolebinding.yaml lines 1-20 and values.yaml lines 612-616 at tag velero-12.1.0",
  },
  trivyOperatorSecrets: {
    chart: "trivy-operator",
    version: "0.34.0",
    what: "the operator's Role reads and writes Secrets of its own namespace (scan job credentials); with operator.accessGlobalSecretsAndServiceAccount (chart default true) its ClusterRole also gets, creates and updates Secrets in every namespace",
    source:
      "aquasecurity/trivy-operator deploy/helm/templates/rbac/role.yaml (secrets: create/get/delete/update) and templates/rbac/clusterrole.yaml lines 4-16 (behind accessGlobalSecretsAndServiceAccount) at tag v0.32.0 (chart 0.34.0)",
  },
  vmOperatorAggregation: {
    chart: "victoria-metrics-k8s-stack",
    version: "0.91.2",
    what: "the operator's CRD roles aggregate into `view` and `admin` only, so `edit` alone cannot create VMServiceScrapes; Argo CD's controller can",
    source:
      "VictoriaMetrics/helm-charts charts/victoria-metrics-operator/templates/crd_clusterrole.yaml (victoriametrics:admin / victoriametrics:view) at commit 1ca4133a; the operator version the 0.91.2 stack pins not verified",
  },
  kubernetesEdit: {
    chart: "kubernetes",
    version: "1.x",
    what: "`edit` (and admin, cluster-admin) reads and writes Secrets, creates pods as any ServiceAccount of the namespace, Ingresses and Services; `view` reads pods/log but not Secrets",
    source:
      "kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles; kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (view includes pods/log); not re-read at the cluster's version",
  },
  podAsServiceAccount: {
    chart: "kubernetes",
    version: "1.x",
    what: "whoever creates pods in a namespace runs them as any ServiceAccount there and mounts any Secret there",
    source: "kubernetes/kubernetes#76954 (liggitt: the namespace is the ACL boundary for pod specs)",
  },
} as const satisfies Record<string, ImplicitEdge>;

export type ImplicitEdgeKey = keyof typeof IMPLICIT_EDGES;

/** The source text of an implicit edge, with a note when the plan pins another chart version. */
export function implicitSource(key: ImplicitEdgeKey, plannedVersions: ReadonlyMap<string, string>): string {
  const entry: ImplicitEdge = IMPLICIT_EDGES[key];
  const planned = plannedVersions.get(entry.chart);
  const mismatch =
    planned !== undefined && planned !== entry.version ? ` [the plan pins ${entry.chart} ${planned}: not verified for it]` : "";
  return `${entry.source}${mismatch}`;
}
