/**
 * Which input changes make a provider replace a resource instead of updating it, for the resource
 * types this project registers: THE table `--compare` classifies replacements by. Each entry cites
 * where the fact was read; a type without an entry updates in place. Paths are input paths
 * (`spec.selector`); an entry covers its path and everything below it.
 *
 * Besides these, the engine itself replaces a resource whose provider reference changes to an
 * unaliased provider (pulumi/pulumi pkg/resource/deploy/step_generator.go `providerChanged`: a
 * `provider` replace key) or that switches between custom and component.
 */
export interface ReplaceRule {
  /** An exact type token, or a prefix ending in `:` / `/` that matches a whole package or module. */
  type: string;
  paths: readonly string[];
  source: string;
}

const K8S_DIFF = "pulumi/pulumi-kubernetes provider/pkg/provider/diff.go forceNewProperties (commit 00302beb)";
const VAULT = "hashicorp/terraform-provider-vault 31447510 (v5.11)";
const GITLAB_SCHEMA = "pulumi/pulumi-gitlab v10.1.1 schema.json willReplaceOnChanges";
const HARBOR_SCHEMA = "pulumiverse/pulumi-harbor v3.10.21 schema.json willReplaceOnChanges";
const GITLAB_SRC = "gitlabhq/terraform-provider-gitlab internal/provider";

const labelSelector = (prefix: string) => [prefix];

export const REPLACE_ON_CHANGE: readonly ReplaceRule[] = [
  // Kubernetes: every object, by identity; then per kind. Helm releases are handled by their own provider.
  { type: "kubernetes:", paths: ["metadata.name", "metadata.namespace"], source: `${K8S_DIFF} metadataForceNewProperties` },
  { type: "kubernetes:apps/v1:Deployment", paths: labelSelector("spec.selector"), source: `${K8S_DIFF} deployment` },
  // diff.go keys DaemonSet as "Daemonset", so the provider never matches it: a DaemonSet selector change is an update there.
  {
    type: "kubernetes:apps/v1:StatefulSet",
    paths: ["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.selector", "spec.serviceName", "spec.volumeClaimTemplates"],
    source: `${K8S_DIFF} statefulSet`,
  },
  { type: "kubernetes:core/v1:ConfigMap", paths: ["binaryData", "data"], source: `${K8S_DIFF} core.v1.ConfigMap` },
  // The whole spec: a PVC's class, size request, access modes, selector and volume all replace it.
  {
    type: "kubernetes:core/v1:PersistentVolumeClaim",
    paths: ["spec", "spec.storageClassName", "spec.accessModes", "spec.resources", "spec.selector", "spec.volumeName"],
    source: `${K8S_DIFF} core.v1.PersistentVolumeClaim`,
  },
  { type: "kubernetes:core/v1:ResourceQuota", paths: ["spec.scopes"], source: `${K8S_DIFF} core.v1.ResourceQuota` },
  { type: "kubernetes:core/v1:Secret", paths: ["type", "stringData", "data"], source: `${K8S_DIFF} core.v1.Secret` },
  { type: "kubernetes:core/v1:Service", paths: ["spec.clusterIP"], source: `${K8S_DIFF} core.v1.Service` },
  { type: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", paths: ["roleRef"], source: `${K8S_DIFF} roleBinding` },
  { type: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", paths: ["roleRef"], source: `${K8S_DIFF} roleBinding` },
  { type: "kubernetes:storage.k8s.io/v1:StorageClass", paths: ["parameters", "provisioner"], source: `${K8S_DIFF} StorageClass` },
  {
    type: "kubernetes:batch/v1:Job",
    paths: ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
    source: `${K8S_DIFF} job`,
  },
  {
    type: "kubernetes:helm.sh/v3:Release",
    paths: ["name", "namespace"],
    source: "pulumi/pulumi-kubernetes provider/pkg/provider/helm_release.go Diff (forceNewFields .name, .namespace)",
  },

  // Vault (terraform-provider-vault ForceNew). A mount's or auth backend's path is not ForceNew: the
  // provider remounts in place and the data moves with it.
  { type: "vault:index/policy:Policy", paths: ["name"], source: `${VAULT} vault/resource_policy.go (name ForceNew)` },
  {
    type: "vault:jwt/authBackendRole:AuthBackendRole",
    paths: ["backend", "roleName", "roleType"],
    source: `${VAULT} vault/resource_jwt_auth_backend_role.go`,
  },
  {
    type: "vault:kubernetes/authBackendRole:AuthBackendRole",
    paths: ["backend", "roleName"],
    source: `${VAULT} vault/resource_kubernetes_auth_backend_role.go`,
  },
  { type: "vault:kv/secretV2:SecretV2", paths: ["mount", "name"], source: `${VAULT} vault/resource_kv_secret_v2.go` },
  {
    type: "vault:transit/secretBackendKey:SecretBackendKey",
    paths: ["backend", "name", "type", "derived", "convergentEncryption", "context", "managedKeyId", "managedKeyName"],
    source: `${VAULT} vault/resource_transit_secret_backend_key.go`,
  },
  {
    type: "vault:index/audit:Audit",
    paths: ["type", "path", "description", "local", "options"],
    source: `${VAULT} vault/resource_audit.go`,
  },
  { type: "vault:index/authBackend:AuthBackend", paths: ["type", "local"], source: `${VAULT} vault/resource_auth_backend.go` },
  { type: "vault:jwt/authBackend:AuthBackend", paths: ["type", "local"], source: `${VAULT} vault/resource_jwt_auth_backend.go` },
  {
    type: "vault:index/mount:Mount",
    paths: ["type", "local", "sealWrap", "externalEntropyAccess"],
    source: `${VAULT} vault/resource_mount.go (path is ForceNew: false)`,
  },
  {
    type: "vault:kubernetes/authBackendConfig:AuthBackendConfig",
    paths: ["backend"],
    source: `${VAULT} vault/resource_kubernetes_auth_backend_config.go`,
  },

  // GitLab. Project path and namespaceId update in place (rename / transfer), group path and parentId too.
  { type: "gitlab:index/project:Project", paths: ["templateName", "templateProjectId"], source: GITLAB_SCHEMA },
  { type: "gitlab:index/repositoryFile:RepositoryFile", paths: ["branch", "filePath", "project"], source: GITLAB_SCHEMA },
  { type: "gitlab:index/projectApprovalRule:ProjectApprovalRule", paths: ["project", "reportType", "ruleType"], source: GITLAB_SCHEMA },
  // Plugin-framework resources: the schema carries no replace flags, their RequiresReplace plan modifiers do.
  { type: "gitlab:index/branch:Branch", paths: ["name", "project", "ref"], source: `${GITLAB_SRC}/resource_gitlab_branch.go` },
  {
    type: "gitlab:index/projectAccessToken:ProjectAccessToken",
    paths: ["project", "name", "scopes", "accessLevel"],
    source: `${GITLAB_SRC}/resource_gitlab_project_access_token.go`,
  },
  {
    type: "gitlab:index/projectDeployToken:ProjectDeployToken",
    paths: ["project", "name", "username", "scopes", "expiresAt"],
    source: `${GITLAB_SRC}/resource_gitlab_project_deploy_token.go`,
  },

  // Harbor.
  { type: "harbor:index/project:Project", paths: ["name", "registryId"], source: HARBOR_SCHEMA },
  { type: "harbor:index/robotAccount:RobotAccount", paths: ["level", "name"], source: HARBOR_SCHEMA },
  { type: "harbor:index/immutableTagRule:ImmutableTagRule", paths: ["projectId"], source: HARBOR_SCHEMA },
  { type: "harbor:index/retentionPolicy:RetentionPolicy", paths: ["scope"], source: HARBOR_SCHEMA },
  { type: "harbor:index/registry:Registry", paths: ["providerName"], source: HARBOR_SCHEMA },

  // random: every argument regenerates the value.
  {
    type: "random:index/randomPassword:RandomPassword",
    paths: [
      "keepers",
      "length",
      "special",
      "upper",
      "lower",
      "number",
      "numeric",
      "minNumeric",
      "minUpper",
      "minLower",
      "minSpecial",
      "overrideSpecial",
    ],
    source:
      "hashicorp/terraform-provider-random internal/provider/resource_password.go passwordSchemaV3 (RequiresReplace on every argument)",
  },
];

/** Input paths as segments: `metadata.name` -> ["metadata", "name"]. */
export type PathSegments = readonly (string | number)[];

const rulePaths = REPLACE_ON_CHANGE.map((rule) => ({ rule, paths: rule.paths.map((p) => p.split(".")) }));

const matchesType = (ruleType: string, type: string) =>
  ruleType.endsWith(":") || ruleType.endsWith("/")
    ? type.startsWith(ruleType) && !type.startsWith("kubernetes:helm.sh/")
    : ruleType === type;

const isPrefix = (prefix: PathSegments, path: PathSegments) =>
  prefix.length <= path.length && prefix.every((segment, index) => String(segment) === String(path[index]));

/**
 * The rule that makes a change at `changed` force a replacement of a `type`, if any: the rule path
 * covers the changed path, or the changed path is above it (the object holding it came or went).
 */
export function replaceRuleFor(type: string, changed: PathSegments): { rule: ReplaceRule; path: string } | undefined {
  for (const { rule, paths } of rulePaths) {
    if (!matchesType(rule.type, type)) continue;
    const path = paths.find((p) => isPrefix(p, changed) || isPrefix(changed, p));
    if (path) return { rule, path: path.join(".") };
  }
  return undefined;
}
