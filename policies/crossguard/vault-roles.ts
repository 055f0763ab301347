import type { PolicyResource } from "@pulumi/policy";
import { CI_PURPOSE_GRANTS } from "../../components/onboarding/ci-purposes";
import { REF_CLASSES } from "./gitlab-ref-classes";
import { boundClaimsMatch } from "./jwt-bound-claims";
import { planApps, type PlanApps, type VaultAccessOwner } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";
import { EXEMPT_VAULT_POLICIES } from "./vault-policies";

const KUBERNETES_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";
/** Vault adds it to every token unless `token_no_default_policy`; it grants only the token's own self paths. */
const DEFAULT_POLICY = "default";

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/**
 * The policies a role hands out: `tokenPolicies`, and `policies`, the field older provider
 * versions had (and Vault still reads as `policies` on the API), so naming it there hides nothing.
 */
const attachedPolicies = (role: PolicyResource) => [...new Set([...strings(role.props.tokenPolicies), ...strings(role.props.policies)])];

/** Whose identity a role is: the app whose access name it has, else the app whose policies it hands out, else the platform's. */
function roleOwner(apps: PlanApps, name: string, policies: readonly string[]): VaultAccessOwner | undefined {
  return apps.vaultAccess(name) ?? policies.map((p) => apps.vaultAccess(p)).find((o) => o !== undefined);
}

/**
 * What a role hands out that its identity may not have: an exempt policy (humans only), or, for an
 * app's identity, any policy but the one the naming module names like the role (another purpose,
 * another environment, another app, a platform policy); for a platform identity, an app's policy.
 */
function attachmentProblems(
  kind: string,
  role: string,
  owner: VaultAccessOwner | undefined,
  policies: readonly string[],
  apps: PlanApps,
  exempt: readonly string[],
): string[] {
  const problems: string[] = [];
  if (policies.filter((p) => p !== DEFAULT_POLICY).length === 0) problems.push(`${kind} '${role}' hands out no policy of its own`);
  for (const policy of policies) {
    if (policy === DEFAULT_POLICY) continue;
    if (exempt.includes(policy)) {
      problems.push(`${kind} '${role}' hands out '${policy}', which is exempt from the policy guardrails and for humans only`);
      continue;
    }
    const policyOwner = apps.vaultAccess(policy);
    if (owner === undefined) {
      if (policyOwner !== undefined)
        problems.push(`${kind} '${role}' of the platform hands out ${policyOwner.app.stable}'s policy '${policy}'`);
      continue;
    }
    if (policyOwner === undefined) problems.push(`${kind} '${role}' of ${owner.app.stable} hands out the platform policy '${policy}'`);
    else if (policyOwner.app !== owner.app)
      problems.push(`${kind} '${role}' of ${owner.app.stable} hands out ${policyOwner.app.stable}'s policy '${policy}'`);
    else if (policy !== role)
      problems.push(`${kind} '${role}' hands out '${policy}': an identity of ${owner.app.stable} gets only the policy named like its role`);
  }
  return problems;
}

const hasWildcard = (values: readonly string[]) => values.length === 0 || values.some((v) => v === "" || v.includes("*"));

export const vaultKubernetesRoleBound: StackRule = {
  configSchema: schemaWithDefaults(EXEMPT_VAULT_POLICIES),
  validateStack: (args, report) => {
    const { exemptPolicies } = withDefaults(EXEMPT_VAULT_POLICIES, args.getConfig<Partial<typeof EXEMPT_VAULT_POLICIES>>());
    const apps = planApps(args.resources);
    for (const resource of resourcesOfType(args.resources, KUBERNETES_ROLE)) {
      const role = String(resource.props.roleName ?? resource.name);
      const at = (message: string) => report(message, resource.urn);
      const serviceAccounts = strings(resource.props.boundServiceAccountNames);
      const namespaces = strings(resource.props.boundServiceAccountNamespaces);
      if (hasWildcard(serviceAccounts)) at(`Vault role '${role}' does not bind explicit service account names`);
      if (hasWildcard(namespaces)) at(`Vault role '${role}' does not bind explicit namespaces`);
      // Vault ORs the selector with the namespace list (auth/kubernetes API: bound_service_account_namespace_selector),
      // so a selector widens the role to every namespace whose labels match; `{}` matches all of them.
      const selector: unknown = resource.props.boundServiceAccountNamespaceSelector;
      if (typeof selector === "string" && selector.trim() !== "")
        at(`Vault role '${role}' also admits namespaces by the label selector ${JSON.stringify(selector)}: bind namespaces by name`);
      const policies = attachedPolicies(resource);
      const owner = roleOwner(apps, role, policies);
      for (const namespace of namespaces) {
        const bound = apps.namespace(namespace);
        if (owner === undefined) {
          if (bound !== undefined)
            at(`Vault role '${role}' of the platform admits service accounts of ${bound.app.stable}'s namespace '${namespace}'`);
          continue;
        }
        if (bound?.app !== owner.app)
          at(`Vault role '${role}' of ${owner.app.stable} admits namespace '${namespace}', which is not ${owner.app.stable}'s`);
        else if (owner.access?.kind !== "environment" || owner.access.environment !== bound.environment)
          at(`Vault role '${role}' admits namespace '${namespace}', the ${bound.environment} namespace, which is not this identity's`);
      }
      for (const problem of attachmentProblems("Vault role", role, owner, policies, apps, exemptPolicies)) at(problem);
    }
  },
};

export const VAULT_JWT_DEFAULTS = { requiredClaims: ["project_id"] as readonly string[], ...EXEMPT_VAULT_POLICIES };

/** A bound claim's accepted values: the provider splits a string at commas into alternatives (resource_jwt_auth_backend_role.go). */
const alternatives = (value: unknown) =>
  (Array.isArray(value)
    ? value.map((v) => String(v as string))
    : typeof value === "string"
      ? value.split(",")
      : [String(value as number)]
  ).map((v) => v.trim());

export const vaultJwtRoleBoundClaims: StackRule = {
  configSchema: schemaWithDefaults(VAULT_JWT_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(VAULT_JWT_DEFAULTS, args.getConfig<Partial<typeof VAULT_JWT_DEFAULTS>>());
    const apps = planApps(args.resources);
    for (const resource of resourcesOfType(args.resources, JWT_ROLE)) {
      // OIDC login roles are bound by the identity provider's login (and cannot log in with a CI job's token).
      if (resource.props.roleType === "oidc") continue;
      const role = String(resource.props.roleName ?? resource.name);
      const at = (message: string) => report(message, resource.urn);
      if (strings(resource.props.boundAudiences).length === 0) at(`JWT role '${role}' has no boundAudiences`);
      const claims = (resource.props.boundClaims ?? {}) as Record<string, unknown>;
      const glob = resource.props.boundClaimsType === "glob";
      // A tenant app's foundations bind the project's path: the platform cannot know its ID (ci-role-claims.ts).
      const projectPaths = claims.project_path === undefined ? [] : alternatives(claims.project_path).filter((v) => v !== "");
      const pathBound = projectPaths.length === 1 && !(glob && projectPaths[0]!.includes("*")) && !projectPaths[0]!.includes("*");
      for (const claim of config.requiredClaims) {
        if (claim === "project_id" && claims.project_id === undefined && pathBound) continue;
        const value = claims[claim];
        if (value === undefined || alternatives(value).some((v) => v === "" || v === "*"))
          at(`JWT role '${role}' does not bind the claim '${claim}'`);
      }
      const policies = attachedPolicies(resource);
      const owner = roleOwner(apps, role, policies);

      // Which project's pipelines it admits: exactly one, and for an app's identity that app's project.
      const projectIds = claims.project_id === undefined ? [] : alternatives(claims.project_id).filter((v) => v !== "");
      if (glob && projectIds.some((id) => id.includes("*")))
        at(`JWT role '${role}' matches project_id as a glob (${projectIds.join(", ")}): tokens of other projects match it`);
      if (projectIds.length > 1) at(`JWT role '${role}' admits the pipelines of several projects (project_id ${projectIds.join(", ")})`);
      const projectId = projectIds[0];
      const project = projectId === undefined ? undefined : apps.gitlabProject(projectId);
      if (owner !== undefined && projectId !== undefined && (project?.app !== owner.app || project.role !== "app"))
        at(
          `JWT role '${role}' of ${owner.app.stable} admits project_id ${projectId}, which is ${project?.app ? `${project.app.stable}'s ${project.role} project` : "not its app project in the plan"}`,
        );
      if (claims.project_path !== undefined && !pathBound)
        at(`JWT role '${role}' must bind exactly one literal project_path (${projectPaths.join(", ")})`);
      // The path is the naming module's: `<tenant's group>/<team>/<app>`; the group is the tenant's claim.
      if (owner !== undefined && pathBound && !projectPaths[0]!.endsWith(`/${owner.app.team}/${owner.app.stable}`))
        at(`JWT role '${role}' of ${owner.app.stable} admits project_path ${projectPaths[0]}, which is not its app project's path`);
      if (owner === undefined && project?.app !== undefined)
        at(`JWT role '${role}' of the platform admits the pipelines of ${project.app.stable}'s project (project_id ${projectId})`);

      // What GitLab's token carries per ref class (gitlab-ref-classes.ts), matched as Vault matches bound claims.
      const defaultBranchOnly =
        owner?.access?.kind === "ci"
          ? CI_PURPOSE_GRANTS[owner.access.purpose].defaultBranchOnly
          : owner !== undefined && owner.access === undefined;
      const main = project?.defaultBranch ?? "main";
      for (const facts of REF_CLASSES) {
        if (!boundClaimsMatch(claims, facts.claims(projectId ?? "<any project>", main), glob ? "glob" : "string")) continue;
        // The preview identity exists for same-project merge requests: it may admit exactly that class.
        if (owner?.access?.kind === "preview") {
          if (facts.refClass !== "merge-request")
            at(
              `JWT role '${role}' is a preview identity but admits a ${facts.label} pipeline: bind pipeline_source merge_request_event and the app's project_id`,
            );
          continue;
        }
        if (facts.untrusted)
          at(`JWT role '${role}' admits a ${facts.label} pipeline, which anyone with developer access (or a fork) starts`);
        else if (defaultBranchOnly && facts.refClass !== "default-branch")
          at(
            `JWT role '${role}' admits a ${facts.label} pipeline: ${owner?.access?.kind === "ci" ? owner.access.purpose : "it"} must admit the default branch only`,
          );
      }
      for (const problem of attachmentProblems("JWT role", role, owner, policies, apps, config.exemptPolicies)) at(problem);
    }
  },
};
