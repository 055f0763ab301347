import { objectsOfResource } from "./kubernetes-objects";
import { findSecretLookingValues, isSecretLookingKey } from "./secret-values";
import { schemaWithDefaults, withDefaults, type ResourceRule } from "./rule";
import { firstGlobSegment, pathGrants } from "./vault-policy-document";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";
const VAULT_POLICY = "vault:index/policy:Policy";
const VAULT_KUBERNETES_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
const VAULT_JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";
const HARBOR_ROBOT = "harbor:index/robotAccount:RobotAccount";
const GITLAB_VARIABLE = "gitlab:index/projectVariable:ProjectVariable";

export const noSecretsInHelmValues: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== RELEASE) return args.notApplicable(`applies to ${RELEASE}`);
    for (const path of findSecretLookingValues(args.props.values ?? {}, "values"))
      report(`release '${String(args.props.name ?? args.name)}' has a secret-looking value at ${path}`);
  },
};

export const noSecretsInConfigMaps: ResourceRule = {
  validateResource: (args, report) => {
    // ConfigMaps, their Patch type and those inside manifest resources (kubernetes-objects.ts).
    const configMaps = objectsOfResource(args.type, args.props, args.name).objects.filter((o) => o.kind === "ConfigMap" && !o.list);
    if (configMaps.length === 0) return args.notApplicable(`applies to ${CONFIG_MAP} and the manifests holding one`);
    for (const object of configMaps) {
      const name = object.where === "" ? `'${object.name}'` : `'${object.name}' (${object.where})`;
      for (const path of findSecretLookingValues({ data: object.body.data ?? {}, binaryData: object.body.binaryData ?? {} }))
        report(`ConfigMap ${name} has a secret-looking value at ${path}`);
    }
  },
};

export const VAULT_POLICY_DEFAULTS = {
  /** Globs must start at this path depth or deeper: `secret/data/*` (index 2) is too broad, `secret/data/apps/team/app/env/*` is fine. */
  minGlobDepth: 3,
  /** Path segment under the KV data/metadata prefix where app paths start (`<mount>/data/apps/<team>/<app>/...`). */
  appsSegment: "apps",
  /**
   * Policies exempt from this guardrail, by name (break-glass or bootstrap policies; each needs a documented reason).
   * `platform-admin`: administers Vault itself (mounts, auth methods, policies), which needs sudo on sys/ by design;
   * it is bound to no app identity.
   */
  exemptPolicies: ["platform-admin"] as readonly string[],
};

/** The `<team>/<app>` an app path belongs to, or undefined for non-app paths. */
function appOfPath(path: string, appsSegment: string): string | undefined {
  const segments = path.split("/");
  const index = segments.indexOf(appsSegment);
  if (index < 2 || !["data", "metadata"].includes(segments[index - 1] ?? "")) return undefined;
  return segments.slice(index + 1, index + 3).join("/");
}

export const vaultPolicyLeastPrivilege: ResourceRule = {
  configSchema: schemaWithDefaults(VAULT_POLICY_DEFAULTS),
  validateResource: async (args, report) => {
    if (args.type !== VAULT_POLICY) return args.notApplicable(`applies to ${VAULT_POLICY}`);
    const config = withDefaults(VAULT_POLICY_DEFAULTS, args.getConfig<Partial<typeof VAULT_POLICY_DEFAULTS>>());
    const name = String(args.props.name ?? args.name);
    if (config.exemptPolicies.includes(name)) return args.notApplicable(`policy '${name}' is exempt`);
    let grants;
    try {
      grants = await pathGrants(String(args.props.policy ?? ""));
    } catch (error) {
      report(`Vault policy '${name}' does not parse: ${(error as Error).message}`);
      return;
    }
    const apps = new Set<string>();
    for (const grant of grants) {
      if (grant.capabilities.includes("sudo")) report(`Vault policy '${name}' grants sudo on '${grant.path}'`);
      const glob = firstGlobSegment(grant.path);
      if (glob !== -1 && glob < config.minGlobDepth && !grant.capabilities.every((c) => c === "deny"))
        report(`Vault policy '${name}' grants a wildcard on the broad path '${grant.path}'`);
      const app = appOfPath(grant.path, config.appsSegment);
      if (app !== undefined) apps.add(app);
    }
    if (apps.size > 1) report(`Vault policy '${name}' grants paths of several apps (${[...apps].sort().join(", ")}); one policy per app`);
  },
};

const hasWildcard = (values: unknown) => !Array.isArray(values) || values.length === 0 || values.some((v) => v === "*" || v === "");

export const vaultKubernetesRoleBound: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== VAULT_KUBERNETES_ROLE) return args.notApplicable(`applies to ${VAULT_KUBERNETES_ROLE}`);
    const role = String(args.props.roleName ?? args.name);
    if (hasWildcard(args.props.boundServiceAccountNames)) report(`Vault role '${role}' does not bind explicit service account names`);
    const selector: unknown = args.props.boundServiceAccountNamespaceSelector;
    if (hasWildcard(args.props.boundServiceAccountNamespaces) && (typeof selector !== "string" || selector === ""))
      report(`Vault role '${role}' does not bind explicit namespaces`);
  },
};

export const VAULT_JWT_DEFAULTS = { requiredClaims: ["project_id"] as readonly string[] };
export const vaultJwtRoleBoundClaims: ResourceRule = {
  configSchema: schemaWithDefaults(VAULT_JWT_DEFAULTS),
  validateResource: (args, report) => {
    if (args.type !== VAULT_JWT_ROLE) return args.notApplicable(`applies to ${VAULT_JWT_ROLE}`);
    if (args.props.roleType === "oidc") return args.notApplicable("OIDC login roles are bound by the identity provider's login");
    const { requiredClaims } = withDefaults(VAULT_JWT_DEFAULTS, args.getConfig<Partial<typeof VAULT_JWT_DEFAULTS>>());
    const role = String(args.props.roleName ?? args.name);
    const audiences: unknown = args.props.boundAudiences;
    if (!Array.isArray(audiences) || audiences.length === 0) report(`JWT role '${role}' has no boundAudiences`);
    const claims = (args.props.boundClaims ?? {}) as Record<string, unknown>;
    for (const claim of requiredClaims) {
      const value = claims[claim];
      if (value === undefined || value === "" || value === "*") report(`JWT role '${role}' does not bind the claim '${claim}'`);
    }
  },
};

export const HARBOR_ROBOT_DEFAULTS = { maxDurationDays: 365 };
export const harborRobotLeastPrivilege: ResourceRule = {
  configSchema: schemaWithDefaults(HARBOR_ROBOT_DEFAULTS),
  validateResource: (args, report) => {
    if (args.type !== HARBOR_ROBOT) return args.notApplicable(`applies to ${HARBOR_ROBOT}`);
    const { maxDurationDays } = withDefaults(HARBOR_ROBOT_DEFAULTS, args.getConfig<Partial<typeof HARBOR_ROBOT_DEFAULTS>>());
    const robot = String(args.props.name ?? args.name);
    if (args.props.level !== "project")
      report(`robot '${robot}' is not project-level (level: ${JSON.stringify(args.props.level ?? null)})`);
    const permissions = (args.props.permissions ?? []) as { kind?: string; namespace?: string }[];
    for (const permission of permissions)
      if (permission.kind !== "project" || permission.namespace === "*" || permission.namespace === "/")
        report(
          `robot '${robot}' has a permission beyond one project (kind ${String(permission.kind)}, namespace ${String(permission.namespace)})`,
        );
    const duration: unknown = args.props.duration;
    if (typeof duration !== "number" || duration <= 0 || duration > maxDurationDays)
      report(`robot '${robot}' must expire within ${maxDurationDays} days (duration: ${JSON.stringify(duration ?? null)})`);
  },
};

export const gitlabSecretVariablesMasked: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== GITLAB_VARIABLE) return args.notApplicable(`applies to ${GITLAB_VARIABLE}`);
    const key = String(args.props.key ?? "");
    const value: unknown = args.props.value;
    // The binding always makes the value secret, so the key (and a recognisable token format) is what tells a secret apart.
    const looksSecret = isSecretLookingKey(key) || (typeof value === "string" && findSecretLookingValues(value).length > 0);
    if (!looksSecret) return;
    if (args.props.masked !== true) report(`CI variable '${key}' looks secret but is not masked`);
    if (args.props.protected !== true) report(`CI variable '${key}' looks secret but is not protected`);
  },
};
