import { TENANT_STACKS_NAMESPACE } from "../../components/onboarding/tenant-access";
import type { PlanResource } from "../../plan/plan-document";
import { appOwner, type AppRegistry } from "../apps";
import { namespaceRight, type NamespaceRight } from "../assets";
import type { GraphBuilder, Owner } from "../graph";
import { implicitSource } from "../implicit-edges";
import { field, list, record, text, TYPES, type PlanIndex } from "../plan-index";
import { humanGroup, serviceAccount } from "../principals";
import { restoreEdges } from "./restore-reach";
import { createsVeleroRestores, plannedRole, roleRights } from "./role-rights";
import { kubernetesRoleBinds, kubernetesRoleNode } from "./vault";

/** What a bound ClusterRole gives in a namespace (Kubernetes' user-facing roles). */
const ROLE_RIGHTS: Record<string, NamespaceRight[]> = {
  "cluster-admin": ["deploy", "secrets", "logs"],
  admin: ["deploy", "secrets", "logs"],
  edit: ["deploy", "secrets", "logs"],
  view: ["logs"],
};

export interface KubernetesContext {
  /** Every namespace the plan creates or binds into. */
  namespaces: ReadonlySet<string>;
  /** Owner of a group, from the bindings' team labels and the apps' default group names. */
  groupTeam: (group: string) => string | undefined;
  chartVersions: ReadonlyMap<string, string>;
}

/** Namespaces of the plan: app and platform namespaces, and those bindings and stores live in. */
export function planNamespaces(index: PlanIndex): Set<string> {
  const namespaces = new Set<string>();
  for (const ns of index.ofType(TYPES.namespace)) namespaces.add(text(field(ns.inputs, "metadata", "name")) ?? ns.name);
  for (const release of index.ofType(TYPES.helmRelease))
    if (typeof release.inputs.namespace === "string") namespaces.add(release.inputs.namespace);
  return namespaces;
}

function subjectNode(
  graph: GraphBuilder,
  apps: AppRegistry,
  context: KubernetesContext,
  subject: unknown,
  bindingNamespace: string,
): string | undefined {
  const kind = text(field(subject, "kind"));
  const name = text(field(subject, "name")) ?? "";
  if (kind === "Group") return humanGroup(graph, name, context.groupTeam(name));
  if (kind === "User")
    return graph.node({ id: `principal:user:${name}`, kind: "principal", label: `user ${name}`, owner: { kind: "platform" } });
  if (kind === "ServiceAccount") {
    const namespace = text(field(subject, "namespace")) ?? bindingNamespace;
    const owned = apps.namespace(namespace);
    // A tenant stack's own credential, granted by the platform (components/onboarding/tenant-access.ts).
    if (namespace === TENANT_STACKS_NAMESPACE) return serviceAccount(graph, namespace, name, { kind: "tenant", stack: name });
    return serviceAccount(graph, namespace, name, owned ? appOwner(owned.app) : { kind: "platform" });
  }
  return undefined;
}

/**
 * Kubernetes RBAC: RoleBindings grant their ClusterRole's rights in their namespace,
 * ClusterRoleBindings in every one. A role the graph does not know (a custom Role) is taken as
 * `edit`: over-reporting beats missing a path. Deploying in a namespace gives its service accounts
 * and Secrets (a pod runs as any of them and mounts any Secret).
 */
export function kubernetesEdges(graph: GraphBuilder, index: PlanIndex, apps: AppRegistry, context: KubernetesContext): void {
  const grant = (from: string, namespace: string, role: string, via: string) => {
    const rights = ROLE_RIGHTS[role] ?? ROLE_RIGHTS.edit!;
    for (const right of rights)
      graph.edge({
        from,
        to: namespaceRight(graph, apps, namespace, right),
        via: `${via}${ROLE_RIGHTS[role] ? "" : " (role not in the plan: taken as edit)"}`,
        source: implicitSource("kubernetesEdit", context.chartVersions),
      });
  };
  for (const binding of index.ofType(TYPES.roleBinding)) {
    const namespace = text(field(binding.inputs, "metadata", "namespace")) ?? "default";
    const role = text(field(binding.inputs, "roleRef", "name")) ?? "";
    // A Role the plan creates is read rule by rule (access/edges/role-rights.ts).
    const planned = text(field(binding.inputs, "roleRef", "kind")) === "Role" ? plannedRole(index, namespace, role) : undefined;
    for (const subject of list(binding.inputs.subjects)) {
      const from = subjectNode(graph, apps, context, subject, namespace);
      const via = `RoleBinding ${namespace}/${text(field(binding.inputs, "metadata", "name")) ?? binding.name} binds Role ${role}`;
      if (from !== undefined && planned !== undefined) {
        for (const right of roleRights(planned)) graph.edge({ from, to: namespaceRight(graph, apps, namespace, right), via });
        if (createsVeleroRestores(planned)) restoreEdges(graph, index, apps, context, from, subject, namespace, via);
      } else if (from !== undefined)
        grant(
          from,
          namespace,
          role,
          `RoleBinding ${namespace}/${text(field(binding.inputs, "metadata", "name")) ?? binding.name} binds ${role}`,
        );
    }
  }
  for (const binding of index.ofType(TYPES.clusterRoleBinding)) {
    const role = text(field(binding.inputs, "roleRef", "name")) ?? "";
    for (const subject of list(binding.inputs.subjects)) {
      const from = subjectNode(graph, apps, context, subject, "default");
      if (from !== undefined)
        for (const namespace of context.namespaces)
          grant(
            from,
            namespace,
            role,
            `ClusterRoleBinding ${text(field(binding.inputs, "metadata", "name")) ?? binding.name} binds ${role}`,
          );
    }
  }

  // Service accounts: who deploys in their namespace runs as them; the Vault roles they log into.
  const kubernetesRoles = index.ofType(TYPES.kubernetesRole);
  const rolesByAccount = new Map<string, PlanResource[]>();
  const wildcard: PlanResource[] = [];
  for (const role of kubernetesRoles) {
    const names = list(role.inputs.boundServiceAccountNames).map(String);
    const namespaces = list(role.inputs.boundServiceAccountNamespaces).map(String);
    if (names.includes("*") || namespaces.includes("*")) wildcard.push(role);
    else
      for (const n of names)
        for (const ns of namespaces) rolesByAccount.set(`${ns}/${n}`, [...(rolesByAccount.get(`${ns}/${n}`) ?? []), role]);
  }
  const accounts: { namespace: string; name: string; owner: Owner }[] = [];
  for (const account of index.ofType(TYPES.serviceAccount)) {
    const namespace = text(field(account.inputs, "metadata", "namespace")) ?? "default";
    const owned = apps.namespace(namespace);
    accounts.push({
      namespace,
      name: text(field(account.inputs, "metadata", "name")) ?? account.name,
      owner: owned ? appOwner(owned.app) : { kind: "platform" },
    });
  }
  for (const { namespace, name, owner } of accounts) {
    const sa = serviceAccount(graph, namespace, name, owner);
    graph.edge({
      from: namespaceRight(graph, apps, namespace, "deploy"),
      to: sa,
      via: `a pod in ${namespace} runs as ${name}`,
      source: implicitSource("podAsServiceAccount", context.chartVersions),
    });
    vaultLogins(graph, sa, namespace, name, [...(rolesByAccount.get(`${namespace}/${name}`) ?? []), ...wildcard]);
  }
  for (const namespace of context.namespaces)
    graph.edge({
      from: namespaceRight(graph, apps, namespace, "deploy"),
      to: namespaceRight(graph, apps, namespace, "secrets"),
      via: `a pod in ${namespace} mounts any Secret there`,
      source: implicitSource("podAsServiceAccount", context.chartVersions),
    });
}

/** A service account's logins into Vault Kubernetes auth roles that bind it. */
export function vaultLogins(graph: GraphBuilder, from: string, namespace: string, account: string, roles: readonly PlanResource[]): void {
  for (const role of roles) {
    if (!kubernetesRoleBinds(role, namespace, account)) continue;
    const backend = text(role.inputs.backend) ?? "kubernetes";
    const name = text(role.inputs.roleName) ?? role.name;
    graph.edge({
      from,
      to: kubernetesRoleNode(backend, name),
      via: `logs into Vault role ${backend}/${name} (binds ${namespace}/${account})`,
    });
  }
}

/** Labels of a namespace, for selectors. */
export function namespaceLabels(index: PlanIndex): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  for (const ns of index.ofType(TYPES.namespace)) {
    const name = text(field(ns.inputs, "metadata", "name")) ?? ns.name;
    labels.set(name, {
      "kubernetes.io/metadata.name": name,
      ...(record(field(ns.inputs, "metadata", "labels")) as Record<string, string>),
    });
  }
  return labels;
}

/** A Kubernetes label selector (`matchLabels`, `matchExpressions` with In/NotIn/Exists/DoesNotExist). */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const matchLabels = record(field(selector, "matchLabels"));
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== value) return false;
  for (const expression of list(field(selector, "matchExpressions"))) {
    const key = text(field(expression, "key")) ?? "";
    const values = list(field(expression, "values")).map(String);
    const operator = text(field(expression, "operator"));
    const value = labels[key];
    if (operator === "In" && (value === undefined || !values.includes(value))) return false;
    if (operator === "NotIn" && value !== undefined && values.includes(value)) return false;
    if (operator === "Exists" && value === undefined) return false;
    if (operator === "DoesNotExist" && value !== undefined) return false;
  }
  return true;
}
