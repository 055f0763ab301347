import { tenantGrantName } from "../../components/onboarding/tenant-access-names";
import type { PolicyResource } from "@pulumi/policy";
import type { AppNames } from "../../components/onboarding/app-names";
import { planApps, type PlanApps, type VaultAccessOwner } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";
import { entitlements, vaultAppAreas, type Entitlement } from "./vault-app-areas";
import { globsOverlap, literalFolder } from "./vault-path-glob";
import { firstGlobSegment, pathGrants, type PathGrant } from "./vault-policy-document";

export const VAULT_POLICY = "vault:index/policy:Policy";

/**
 * Policies exempt from the Vault policy guardrails, by name (each needs a documented reason). No
 * role may hand an exempt policy out (the role guardrails), so an exemption covers humans only.
 */
export const EXEMPT_VAULT_POLICIES = {
  /**
   * `platform-admin`: administers Vault itself (mounts, auth methods, policies), which needs sudo
   * on sys/ by design; it is bound to no machine identity.
   */
  exemptPolicies: ["platform-admin"] as readonly string[],
};

export interface ParsedPolicy {
  resource: PolicyResource;
  name: string;
  grants: PathGrant[] | Error;
}

const parsedCache = new WeakMap<readonly PolicyResource[], Promise<ParsedPolicy[]>>();

/** Every Vault policy of the plan, parsed once per evaluation (HashiCorp's HCL parser). */
export function parsedPolicies(resources: readonly PolicyResource[]): Promise<ParsedPolicy[]> {
  let parsed = parsedCache.get(resources);
  if (parsed === undefined) {
    const policies = resourcesOfType(resources, VAULT_POLICY);
    // One after the other: the parser is a Go WebAssembly module, and 1,000 parses started at once
    // take ten times as long as in sequence (6.7 s against 0.7 s on the bench machine).
    parsed = (async () => {
      const result: ParsedPolicy[] = [];
      for (const resource of policies) {
        const name = String(resource.props.name ?? resource.name);
        const text = String(resource.props.policy ?? "");
        result.push({ resource, name, grants: await pathGrants(text).catch((error: unknown) => error as Error) });
      }
      return result;
    })();
    parsedCache.set(resources, parsed);
  }
  return parsed;
}

/** Capabilities that change something (https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities). */
const WRITE_CAPABILITIES = ["create", "update", "patch", "delete", "sudo"];
const isDenyOnly = (grant: PathGrant) => grant.capabilities.length === 0 || grant.capabilities.every((c) => c === "deny");

export const VAULT_POLICY_DEFAULTS = {
  /** Globs must start at this path depth or deeper: `secret/data/*` (index 2) is too broad. */
  minGlobDepth: 3,
  /** Path segment under a KV operation where app paths start (`<mount>/data/apps/<team>/<app>/...`): the apps' area. */
  appsSegment: "apps",
  ...EXEMPT_VAULT_POLICIES,
};

function contained(glob: string, entitlement: Entitlement): boolean {
  if (!entitlement.folder) return glob === entitlement.path;
  const folder = literalFolder(glob);
  return glob !== entitlement.path && (folder === entitlement.path || folder.startsWith(`${entitlement.path}/`));
}

function entitled(grant: PathGrant, granted: readonly Entitlement[]): boolean {
  const capabilities = grant.capabilities.filter((c) => c !== "deny");
  return granted.some(
    (e) =>
      contained(grant.path, e) && capabilities.every((c) => (e.capabilities === undefined ? c !== "sudo" : e.capabilities.includes(c))),
  );
}

const accessLabel = (owner: VaultAccessOwner) =>
  owner.access === undefined
    ? `an access the naming module does not derive for ${owner.app.stable}`
    : owner.access.kind === "environment"
      ? `${owner.app.stable}'s ${owner.access.environment} runtime secrets`
      : owner.access.kind === "preview"
        ? `${owner.app.stable}'s preview push identity`
        : `${owner.app.stable}'s CI ${owner.access.purpose} purpose`;

/**
 * A tenant stack's policy (`tenant-stack-<stack>`, components/onboarding/tenant-access.ts) may write
 * exactly the GitOps writer secrets of apps and nothing else. Which tenant owns which app is the
 * platform's claim check (stacks/tenant/claims.ts), and the access graph proves the reach.
 */
function tenantGitopsGrant(policy: string, grant: PathGrant, apps: PlanApps): boolean {
  if (!policy.startsWith(tenantGrantName(""))) return false;
  const allowed = { data: ["create", "read", "update", "delete"], metadata: ["read", "delete"] } as const;
  return [...apps.kvMounts].some((mount) =>
    apps.apps.some((app) =>
      (["data", "metadata"] as const).some(
        (kind) =>
          grant.path === `${mount}/${kind}/${app.vault.ciSecretPaths.gitops}` &&
          grant.capabilities.every((c) => (allowed[kind] as readonly string[]).includes(c)),
      ),
    ),
  );
}

/**
 * What one grant reaches that its policy may not: other apps' areas (the plan's apps, through the
 * glob, by the naming module's paths), for an app's policy anything on a KV or transit mount
 * beyond its entitlements, for a policy of no app anything in the apps' area.
 */
function grantProblems(
  policy: string,
  owner: VaultAccessOwner | undefined,
  grant: PathGrant,
  apps: PlanApps,
  appsSegment: string,
): string[] {
  if (isDenyOnly(grant)) return [];
  if (owner === undefined && tenantGitopsGrant(policy, grant, apps)) return [];
  const problems: string[] = [];
  const what = `'${grant.path}' (${grant.capabilities.join(", ")})`;
  const touched = [...new Set(vaultAppAreas(apps).match(grant.path))].filter((app: AppNames) => app !== owner?.app);
  if (touched.length > 0)
    problems.push(
      `Vault policy '${policy}' ${owner ? `of ${owner.app.stable}` : "of no app"} grants ${what}, which reaches the paths of ${touched
        .map((a) => a.stable)
        .sort()
        .join(", ")}`,
    );
  const mounts = [...apps.kvMounts, ...apps.transitMounts];
  if (owner !== undefined) {
    const granted = owner.access === undefined ? [] : entitlements(owner.app, owner.access, apps);
    if (touched.length === 0 && mounts.some((m) => globsOverlap(grant.path, `${m}/*`)) && !entitled(grant, granted))
      problems.push(`Vault policy '${policy}' grants ${what}, which is beyond ${accessLabel(owner)}`);
  } else if (touched.length === 0 && [...apps.kvMounts].some((m) => globsOverlap(grant.path, `${m}/+/${appsSegment}/*`))) {
    problems.push(`Vault policy '${policy}' of no app grants ${what} in the apps' secrets area`);
  }
  return problems;
}

export const vaultPolicyLeastPrivilege: StackRule = {
  configSchema: schemaWithDefaults(VAULT_POLICY_DEFAULTS),
  validateStack: async (args, report) => {
    const config = withDefaults(VAULT_POLICY_DEFAULTS, args.getConfig<Partial<typeof VAULT_POLICY_DEFAULTS>>());
    const apps = planApps(args.resources);
    for (const { resource, name, grants } of await parsedPolicies(args.resources)) {
      if (config.exemptPolicies.includes(name)) continue;
      if (grants instanceof Error) {
        report(`Vault policy '${name}' does not parse: ${grants.message}`, resource.urn);
        continue;
      }
      const owner = apps.vaultAccess(name);
      for (const grant of grants) {
        if (grant.capabilities.includes("sudo")) report(`Vault policy '${name}' grants sudo on '${grant.path}'`, resource.urn);
        const glob = firstGlobSegment(grant.path);
        if (glob !== -1 && glob < config.minGlobDepth && !isDenyOnly(grant))
          report(`Vault policy '${name}' grants a wildcard on the broad path '${grant.path}'`, resource.urn);
        for (const problem of grantProblems(name, owner, grant, apps, config.appsSegment)) report(problem, resource.urn);
      }
    }
  },
};

/**
 * Paths whose write lets a token raise its own rights without sudo: rewrite a policy (its own
 * included), enable or retune auth methods and mounts, change an auth role's bound identities or
 * policies (any method: `auth/<path>/role/<name>`; userpass, LDAP and Okta map users and groups to
 * policies), mint tokens, or edit identity entities and groups (their policies apply to every token
 * of the entity). https://developer.hashicorp.com/vault/api-docs/system,
 * https://developer.hashicorp.com/vault/api-docs/auth/token, https://developer.hashicorp.com/vault/api-docs/secret/identity.
 */
export const ESCALATION_AREAS: readonly { glob: string; why: string }[] = [
  { glob: "sys/policies/*", why: "rewrites ACL policies" },
  { glob: "sys/policy*", why: "rewrites ACL policies (legacy API)" },
  { glob: "sys/auth*", why: "enables or retunes auth methods" },
  { glob: "sys/mounts*", why: "mounts or retunes secrets engines" },
  { glob: "sys/remount", why: "moves secrets engines" },
  { glob: "sys/raw*", why: "writes Vault's storage directly" },
  { glob: "sys/audit*", why: "turns audit devices off" },
  { glob: "sys/plugins/*", why: "registers plugins" },
  { glob: "sys/generate-root*", why: "generates a root token" },
  { glob: "sys/namespaces/*", why: "creates namespaces" },
  { glob: "auth/+/role/*", why: "changes an auth role's bound identities or policies" },
  { glob: "auth/+/roles/*", why: "changes a token role's policies" },
  { glob: "auth/+/config", why: "reconfigures an auth method (issuer, keys, reviewer)" },
  { glob: "auth/+/users/*", why: "maps users to policies" },
  { glob: "auth/+/groups/*", why: "maps groups to policies" },
  { glob: "auth/token/create*", why: "mints tokens (child tokens may carry any of the parent's policies, orphan tokens outlive it)" },
  { glob: "identity/*", why: "edits entities, groups and aliases whose policies apply to every token of the entity" },
];

export const vaultPolicyNoEscalation: StackRule = {
  configSchema: schemaWithDefaults(EXEMPT_VAULT_POLICIES),
  validateStack: async (args, report) => {
    const { exemptPolicies } = withDefaults(EXEMPT_VAULT_POLICIES, args.getConfig<Partial<typeof EXEMPT_VAULT_POLICIES>>());
    for (const { resource, name, grants } of await parsedPolicies(args.resources)) {
      if (exemptPolicies.includes(name) || grants instanceof Error) continue;
      for (const grant of grants) {
        const writes = grant.capabilities.filter((c) => WRITE_CAPABILITIES.includes(c));
        if (writes.length === 0) continue;
        // One finding per grant: the first area it reaches says enough.
        const area = ESCALATION_AREAS.find((a) => globsOverlap(grant.path, a.glob));
        if (area !== undefined)
          report(`Vault policy '${name}' grants ${writes.join(", ")} on '${grant.path}', which ${area.why} (${area.glob})`, resource.urn);
      }
    }
  },
};
