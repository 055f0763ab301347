/**
 * Fixtures of the tenancy guardrails as an attacker writes them (Pod Security level, allow-all
 * NetworkPolicies, RBAC to everyone, claims of chosen volumes), shared by the CrossGuard and
 * Kyverno (CEL) sides of the parity tests. Objects live in the app namespace `shop-prod`.
 */
import type { Fixture } from "./fixtures";
import { appNamespace } from "./exposure-fixtures";

type Json = Record<string, unknown>;
const NS = "shop-prod";
const namespaceWith = (labels: Record<string, string>) => {
  const namespace = appNamespace();
  Object.assign(namespace.metadata.labels, labels);
  return namespace;
};
const networkPolicy = (spec: Json) => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "NetworkPolicy",
  metadata: { name: "extra", namespace: NS },
  spec: { podSelector: {}, ...spec },
});
const byName = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });
const ingressFrom = (...from: Json[]) => networkPolicy({ policyTypes: ["Ingress"], ingress: [{ from }] });
const egressTo = (...to: Json[]) => networkPolicy({ policyTypes: ["Egress"], egress: [{ to }] });
const RBAC = "rbac.authorization.k8s.io/v1";
const roleBinding = (roleRef: Json, subjects: Json[]) => ({
  apiVersion: RBAC,
  kind: "RoleBinding",
  metadata: { name: "extra", namespace: NS },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", ...roleRef },
  subjects,
});
const group = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name });
const EDIT = { kind: "ClusterRole", name: "edit" };
const role = (...rules: Json[]) => ({ apiVersion: RBAC, kind: "Role", metadata: { name: "extra", namespace: NS }, rules });
const claim = (spec: Json) => ({
  apiVersion: "v1",
  kind: "PersistentVolumeClaim",
  metadata: { name: "data", namespace: NS },
  spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } }, ...spec },
});
const inApp = (title: string, object: unknown, allowed: boolean): Fixture => ({ title, object, allowed, namespace: appNamespace() });
/** An app namespace with a database: tenancy lists the API server and the backup store for egress. */
const withEgressCidrs = () => {
  const namespace = appNamespace() as ReturnType<typeof appNamespace> & { metadata: { annotations: Record<string, string> } };
  namespace.metadata.annotations["platform.delivery/egress-cidrs"] = "10.43.0.1/32,52.219.168.0/24";
  return namespace;
};
const inDatabaseApp = (title: string, object: unknown, allowed: boolean): Fixture => ({
  title,
  object,
  allowed,
  namespace: withEgressCidrs(),
});

export const TENANCY_FIXTURES: Readonly<Record<string, Fixture[]>> = {
  "namespace-labels": [
    {
      title: "app namespace enforcing privileged",
      object: namespaceWith({ "pod-security.kubernetes.io/enforce": "privileged" }),
      allowed: false,
    },
    {
      title: "app namespace enforcing baseline",
      object: namespaceWith({ "pod-security.kubernetes.io/enforce": "baseline" }),
      allowed: false,
    },
    {
      title: "app namespace pinned to an old restricted",
      object: namespaceWith({ "pod-security.kubernetes.io/enforce-version": "v1.22" }),
      allowed: false,
    },
    {
      title: "app namespace at restricted latest",
      object: namespaceWith({ "pod-security.kubernetes.io/enforce-version": "latest" }),
      allowed: true,
    },
    {
      title: "platform namespace enforcing privileged",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "velero", labels: { "pod-security.kubernetes.io/enforce": "privileged", "platform.delivery/service": "velero" } },
      },
      allowed: true,
    },
    {
      title: "a level that does not exist",
      object: {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "v", labels: { "pod-security.kubernetes.io/enforce": "none", "platform.delivery/service": "v" } },
      },
      allowed: false,
    },
  ],
  "app-network-policies-scoped": [
    inApp("default deny", networkPolicy({ policyTypes: ["Ingress", "Egress"] }), true),
    inApp("same namespace", ingressFrom({ podSelector: {} }), true),
    inApp("DNS in kube-system", egressTo({ ...byName("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }), true),
    inApp("its own namespace by name", ingressFrom(byName(NS)), true),
    inApp("allow-all ingress rule", networkPolicy({ policyTypes: ["Ingress"], ingress: [{}] }), false),
    inApp("allow-all egress rule", networkPolicy({ policyTypes: ["Egress"], egress: [{}] }), false),
    inApp("ports only, from anywhere", networkPolicy({ policyTypes: ["Ingress"], ingress: [{ ports: [{ port: 8080 }] }] }), false),
    inApp("from every namespace", ingressFrom({ namespaceSelector: {} }), false),
    inApp(
      "to every namespace through an Exists expression",
      egressTo({ namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "Exists" }] } }),
      false,
    ),
    inApp("to 0.0.0.0/0", egressTo({ ipBlock: { cidr: "0.0.0.0/0" } }), false),
    inApp("to two /1 halves", egressTo({ ipBlock: { cidr: "0.0.0.0/1" } }, { ipBlock: { cidr: "128.0.0.0/1" } }), false),
    inApp("from another tenant's namespace", ingressFrom(byName("ledger-prod")), false),
    inApp("by another label", ingressFrom({ namespaceSelector: { matchLabels: { "platform.delivery/team": "web" } } }), false),
    inDatabaseApp(
      "egress to the CIDRs the namespace lists (API server, backup store)",
      egressTo({ ipBlock: { cidr: "10.43.0.1/32" } }, { ipBlock: { cidr: "52.219.168.0/24" } }),
      true,
    ),
    inDatabaseApp("ingress from a CIDR the namespace lists for egress", ingressFrom({ ipBlock: { cidr: "10.43.0.1/32" } }), false),
    inDatabaseApp(
      "egress to a listed CIDR and an unlisted one",
      egressTo({ ipBlock: { cidr: "10.43.0.1/32" } }, { ipBlock: { cidr: "10.43.0.0/16" } }),
      false,
    ),
    inDatabaseApp("egress to 0.0.0.0/0 where the namespace lists CIDRs", egressTo({ ipBlock: { cidr: "0.0.0.0/0" } }), false),
    inApp("egress to the API server's CIDR where the namespace lists none", egressTo({ ipBlock: { cidr: "10.43.0.1/32" } }), false),
  ],
  "rbac-least-privilege": [
    inApp("edit for the team's group", roleBinding(EDIT, [group("web-maintainers")]), true),
    inApp(
      "the namespace's own service account",
      roleBinding({ kind: "Role", name: "reader" }, [{ kind: "ServiceAccount", name: "shop", namespace: NS }]),
      true,
    ),
    inApp(
      "its service account as a user",
      roleBinding(EDIT, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: `system:serviceaccount:${NS}:shop` }]),
      true,
    ),
    inApp("cluster-admin in the namespace", roleBinding({ kind: "ClusterRole", name: "cluster-admin" }, [group("web-maintainers")]), false),
    inApp("admin in the namespace", roleBinding({ kind: "ClusterRole", name: "admin" }, [group("web-maintainers")]), false),
    inApp(
      "a system role",
      roleBinding({ kind: "ClusterRole", name: "system:controller:token-cleaner" }, [group("web-maintainers")]),
      false,
    ),
    inApp("edit for every authenticated user", roleBinding(EDIT, [group("system:authenticated")]), false),
    inApp("edit for anyone", roleBinding(EDIT, [group("system:unauthenticated")]), false),
    inApp(
      "edit for the anonymous user",
      roleBinding(EDIT, [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "system:anonymous" }]),
      false,
    ),
    inApp("edit for every service account", roleBinding(EDIT, [group("system:serviceaccounts")]), false),
    inApp(
      "another namespace's service account",
      roleBinding(EDIT, [{ kind: "ServiceAccount", name: "ledger", namespace: "ledger-prod" }]),
      false,
    ),
    inApp("a role listing what it needs", role({ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "list", "watch"] }), true),
    inApp("a role with every verb", role({ apiGroups: ["apps"], resources: ["deployments"], verbs: ["*"] }), false),
    inApp("a role on every resource", role({ apiGroups: [""], resources: ["*"], verbs: ["get"] }), false),
    inApp("a role on every subresource of pods", role({ apiGroups: [""], resources: ["pods/*"], verbs: ["create"] }), false),
    inApp(
      "a role that escalates",
      role({ apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["escalate", "bind"] }),
      false,
    ),
    inApp("a role that impersonates", role({ apiGroups: [""], resources: ["serviceaccounts"], verbs: ["impersonate"] }), false),
    inApp("a role that mints tokens", role({ apiGroups: [""], resources: ["serviceaccounts/token"], verbs: ["create"] }), false),
  ],
  "persistent-volumes-provisioned": [
    inApp("provisioned by its storage class", claim({ storageClassName: "standard" }), true),
    inApp("cloned from a claim of its namespace", claim({ dataSource: { kind: "PersistentVolumeClaim", name: "old" } }), true),
    inApp("binding a volume by name", claim({ volumeName: "pv-ledger-data" }), false),
    inApp(
      "copying another namespace's snapshot",
      claim({ dataSourceRef: { apiGroup: "snapshot.storage.k8s.io", kind: "VolumeSnapshot", name: "s", namespace: "ledger-prod" } }),
      false,
    ),
  ],
};
