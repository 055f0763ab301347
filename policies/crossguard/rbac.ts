import { TENANT_STACKS_NAMESPACE, tenantGrantName } from "../../components/onboarding/tenant-access-names";
import { asList, asObject, type Json } from "./kubernetes-objects";
import { objectsOfKind, type PlacedObject } from "./resource-index";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";
import { appNamespaces } from "./tenancy";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

/**
 * What RBAC objects may grant, as data both enforcement points read (the Kyverno CEL rule in
 * policies/kyverno/tenancy-rules.ts takes the same lists). The check reads what a binding grants
 * and to whom, and what a role allows, not only that a binding exists.
 */
/** Verbs that grant more than they name: any verb, granting roles one lacks, binding them, acting as someone else. */
export const FORBIDDEN_VERBS: readonly string[] = ["*", "escalate", "bind", "impersonate"];
/** Resources that reach past the namespace: the kubelet API, signing certificates, minting any service account's token. */
export const FORBIDDEN_RESOURCES: readonly string[] = ["nodes/proxy", "certificatesigningrequests/approval", "serviceaccounts/token"];
/** Built-in roles that read Secrets or manage RBAC (bootstrap policy): never bound by the plan, except those below in app namespaces. */
export const BROAD_CLUSTER_ROLES: readonly string[] = ["cluster-admin", "admin", "edit"];
/** ClusterRoles an app namespace's RoleBindings may name (tenancy binds its groups to these). */
export const APP_NAMESPACE_CLUSTER_ROLES: readonly string[] = ["edit", "view"];
/**
 * System roles a platform component may hold: `system:auth-delegator` creates TokenReviews and
 * SubjectAccessReviews only (kubernetes bootstrap policy), which Vault's Kubernetes auth reviewer
 * needs (developer.hashicorp.com/vault/docs/auth/kubernetes). App service accounts never get it:
 * subjectProblems refuses them in ClusterRoleBindings.
 */
export const DELEGATION_ROLES: readonly string[] = ["system:auth-delegator"];
/** Subject names the API server gives to everyone, every service account or its own components. */
export const SYSTEM_SUBJECT_PREFIX = "system:";
/** The user name of a service account (`system:serviceaccount:<namespace>:<name>`): allowed for the binding's own namespace. */
export const SERVICE_ACCOUNT_USER_PREFIX = "system:serviceaccount:";
/** Labels that merge a ClusterRole into the built-in admin/edit/view roles, which every tenant holds. */
export const AGGREGATE_LABEL_PREFIX = "rbac.authorization.k8s.io/aggregate-to-";

const BINDING_KINDS = ["RoleBinding", "ClusterRoleBinding"];
const ROLE_KINDS = ["Role", "ClusterRole"];
const strings = (value: unknown): string[] => asList(value).map(String);

/** What is wrong with the rules (and, for ClusterRoles, the aggregation) of a Role or ClusterRole. */
export function roleProblems(role: Json): string[] {
  const problems: string[] = [];
  asList(role.rules).forEach((rule, index) => {
    const body = asObject(rule);
    const where = `rules[${index}]`;
    const verbs = strings(body.verbs).filter((verb) => FORBIDDEN_VERBS.includes(verb));
    if (verbs.length > 0) problems.push(`${where} grants ${verbs.map((v) => `'${v}'`).join(", ")}`);
    for (const field of ["apiGroups", "resources", "nonResourceURLs", "resourceNames"])
      if (strings(body[field]).some((value) => value.includes("*"))) problems.push(`${where}.${field} has a wildcard`);
    const reaching = strings(body.resources).filter((resource) => FORBIDDEN_RESOURCES.includes(resource));
    if (reaching.length > 0) problems.push(`${where} grants ${reaching.join(", ")}`);
  });
  if (role.aggregationRule !== undefined) problems.push("aggregationRule gathers the rules of every ClusterRole its selectors match");
  for (const label of Object.keys(asObject(asObject(role.metadata).labels)))
    if (label.startsWith(AGGREGATE_LABEL_PREFIX))
      problems.push(`label '${label}' merges its rules into a built-in role every tenant holds`);
  return problems;
}

/**
 * The platform's grant to a tenant stack: named `tenant-stack-<stack>`, labelled with the stack,
 * to a namespaced Role (whose rules the Role checks read), for the service account of that stack.
 */
function isTenantStackBinding(binding: Json, serviceAccount: string): boolean {
  const metadata = asObject(binding.metadata);
  const ref = asObject(binding.roleRef);
  return (
    asObject(metadata.labels)["platform.delivery/tenant-stack"] === serviceAccount &&
    metadata.name === tenantGrantName(serviceAccount) &&
    ref.kind === "Role"
  );
}

/** What is wrong with whom a binding names; `namespace` is the binding's (undefined for ClusterRoleBindings). */
export function subjectProblems(binding: Json, namespace: string | undefined, appNamespaceNames: ReadonlySet<string>): string[] {
  return asList(binding.subjects).flatMap((subject, index) => {
    const { kind, name, namespace: subjectNamespace } = asObject(subject);
    const where = `subjects[${index}]`;
    const text = String(name);
    if (kind === "ServiceAccount") {
      const from = typeof subjectNamespace === "string" ? subjectNamespace : namespace;
      if (namespace === undefined)
        return appNamespaceNames.has(String(from))
          ? [`${where} grants app service account '${from}/${text}' rights in every namespace`]
          : [];
      if (from === namespace || !(appNamespaceNames.has(namespace) || appNamespaceNames.has(String(from)))) return [];
      // A tenant stack's own service account (components/onboarding/tenant-access.ts), bound by its own binding.
      if (from === TENANT_STACKS_NAMESPACE && isTenantStackBinding(binding, text)) return [];
      return [`${where} names service account '${String(from)}/${text}' of another namespace`];
    }
    if (!text.startsWith(SYSTEM_SUBJECT_PREFIX)) return [];
    if (kind === "User" && namespace !== undefined && text.startsWith(`${SERVICE_ACCOUNT_USER_PREFIX}${namespace}:`)) return [];
    return [
      `${where} names ${String(kind)} '${text}', which the API server gives to everyone, every service account or its own components`,
    ];
  });
}

/** What is wrong with what a binding grants. */
export function roleRefProblems(
  binding: Json,
  kind: string,
  namespace: string | undefined,
  appNamespace: boolean,
  planClusterRoles: ReadonlyMap<string, Json>,
): string[] {
  const ref = asObject(binding.roleRef);
  const name = String(ref.name);
  if (ref.kind !== "ClusterRole") return [];
  if (DELEGATION_ROLES.includes(name) && !appNamespace) return [];
  if (name.startsWith(SYSTEM_SUBJECT_PREFIX)) return [`roleRef names the system role '${name}' of a Kubernetes component`];
  if (appNamespace) {
    if (APP_NAMESPACE_CLUSTER_ROLES.includes(name)) return [];
    return [`roleRef names ClusterRole '${name}'; an app namespace binds only ${APP_NAMESPACE_CLUSTER_ROLES.join(", ")} or its own Roles`];
  }
  if (BROAD_CLUSTER_ROLES.includes(name))
    return [
      `roleRef names '${name}', which reads every Secret ${kind === "ClusterRoleBinding" ? "in every namespace" : `in namespace '${String(namespace)}'`}`,
    ];
  if (kind === "ClusterRoleBinding" && !planClusterRoles.has(name))
    return [`roleRef names ClusterRole '${name}', which this plan does not define, so what it grants in every namespace cannot be read`];
  return [];
}

const RBAC_DEFAULTS = { ...UNKNOWN_INPUT_DEFAULTS };

export const rbacLeastPrivilege: StackRule = {
  configSchema: schemaWithDefaults(RBAC_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(RBAC_DEFAULTS, args.getConfig<Partial<UnknownInputConfig>>());
    const appNames = new Set(appNamespaces(args.resources).map((namespace) => namespace.name));
    const unknowns: { path: string; subject: string; urn: string }[] = [];
    const clusterRoles = new Map<string, Json>();
    const subjectOf = (placed: PlacedObject) => `${placed.object.type} '${placed.object.name}'`;
    const known = (placed: PlacedObject, needs: string[]) => {
      const unknown = unknownInputs(placed.object.body, needs);
      unknowns.push(...unknown.map((path) => ({ path, subject: subjectOf(placed), urn: placed.resource.urn })));
      return unknown.length === 0;
    };
    const each = (kinds: string[], visit: (placed: PlacedObject) => void) => {
      for (const kind of kinds) for (const placed of objectsOfKind(args.resources, kind)) visit(placed);
    };
    each(ROLE_KINDS, (placed) => {
      if (!known(placed, ["rules", "aggregationRule", "metadata.labels", "metadata.name"])) return;
      if (placed.object.kind === "ClusterRole" && !placed.object.patch) clusterRoles.set(placed.object.name, placed.object.body);
      for (const problem of roleProblems(placed.object.body)) report(`${subjectOf(placed)}: ${problem}`, placed.resource.urn);
    });
    each(BINDING_KINDS, (placed) => {
      const cluster = placed.object.kind === "ClusterRoleBinding";
      if (!known(placed, ["roleRef", "subjects", ...(cluster ? [] : ["metadata.namespace"])])) return;
      const namespace = cluster ? undefined : placed.namespace;
      const inApp = namespace !== undefined && appNames.has(namespace);
      const problems = [
        ...roleRefProblems(placed.object.body, placed.object.kind, namespace, inApp, clusterRoles),
        ...subjectProblems(placed.object.body, namespace, appNames),
      ];
      for (const problem of problems)
        report(`${subjectOf(placed)}${namespace === undefined ? "" : ` in namespace '${namespace}'`}: ${problem}`, placed.resource.urn);
    });
    settleUnknowns(unknowns, config, report);
  },
};
