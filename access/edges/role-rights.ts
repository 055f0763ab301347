import type { PlanResource } from "../../plan/plan-document";
import type { NamespaceRight } from "../assets";
import { field, list, text, type PlanIndex } from "../plan-index";

const ROLE_TYPE = "kubernetes:rbac.authorization.k8s.io/v1:Role";
/** Kinds whose creation or change runs code in the namespace (a pod, or a controller of pods). */
const WORKLOAD_RESOURCES = [
  "pods",
  "pods/exec",
  "pods/attach",
  "deployments",
  "statefulsets",
  "daemonsets",
  "replicasets",
  "jobs",
  "cronjobs",
];
const WRITE_VERBS = ["create", "update", "patch", "*"];
/** External Secrets' namespaced kinds (external-secrets.io). */
const EXTERNAL_SECRETS_RESOURCES = ["externalsecrets", "secretstores", "pushsecrets"];
/** Verbs that return a Secret's data; `delete` and `deletecollection` do not. */
const READ_VERBS = ["get", "list", "watch", "*"];

/** The Role a RoleBinding names, when the plan creates it (same namespace and name). */
export function plannedRole(index: PlanIndex, namespace: string, name: string): PlanResource | undefined {
  return index
    .ofType(ROLE_TYPE)
    .find(
      (role) =>
        (text(field(role.inputs, "metadata", "namespace")) ?? "default") === namespace &&
        text(field(role.inputs, "metadata", "name")) === name,
    );
}

interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
const rulesOf = (role: PlanResource): Rule[] =>
  list(role.inputs.rules).map((rule) => ({
    apiGroups: list(field(rule, "apiGroups")).map(String),
    resources: list(field(rule, "resources")).map(String),
    verbs: list(field(rule, "verbs")).map(String),
  }));
const grants = (rule: Rule, resources: readonly string[], verbs: readonly string[]) =>
  rule.resources.some((r) => r === "*" || resources.includes(r)) && rule.verbs.some((v) => verbs.includes(v));

/**
 * What a Role of the plan gives in its namespace, read from its rules instead of taken as `edit`:
 * `deploy` when it creates or changes pods or their controllers, `secrets` when it reads Secrets,
 * `logs` when it reads pod logs. Deleting gives none of them.
 */
export function roleRights(role: PlanResource): NamespaceRight[] {
  const rules = rulesOf(role);
  const rights: NamespaceRight[] = [];
  if (rules.some((rule) => grants(rule, WORKLOAD_RESOURCES, WRITE_VERBS))) rights.push("deploy");
  // Writing External Secrets objects is reading secrets by proxy: an ExternalSecret copies whatever the namespace's
  // stores may read into the namespace, and a SecretStore or PushSecret of another provider sends Secrets elsewhere.
  if (rules.some((rule) => grants(rule, ["secrets"], READ_VERBS) || grants(rule, EXTERNAL_SECRETS_RESOURCES, WRITE_VERBS)))
    rights.push("secrets");
  if (rules.some((rule) => grants(rule, ["pods/log"], READ_VERBS))) rights.push("logs");
  return rights;
}

/** Whether a Role creates Velero Restores: they run with Velero's rights, not the creator's. */
export function createsVeleroRestores(role: PlanResource): boolean {
  return rulesOf(role).some(
    (rule) => rule.apiGroups.some((g) => g === "velero.io" || g === "*") && grants(rule, ["restores"], ["create", "*"]),
  );
}
