// What a Vault identity in a plan can do: its policies' path rules and, for JWT roles, which
// tokens it admits. Kept to the parts of Vault's semantics the seam checks need.
import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import { globMatches } from "../../policies/crossguard/vault-path-glob";
import { jwtRoleAdmits } from "../../components/onboarding/secrets/jwt-role-admission";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";

export interface PathRule {
  policy: string;
  path: string;
  capabilities: string[];
}

const POLICY = "vault:index/policy:Policy";
export const KUBERNETES_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
export const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";

/** The path rules of every policy in the plan, by policy name (HCL parsed with @cdktn/hcl2json). */
export async function policyRules(plan: PlanDocument): Promise<Map<string, PathRule[]>> {
  const rules = new Map<string, PathRule[]>();
  for (const resource of plan.resources.filter((r) => r.type === POLICY)) {
    const { name, policy } = resource.inputs as { name: string; policy: string };
    const parsed = (await parseHcl(`${name}.hcl`, policy)) as {
      path?: Record<string, { capabilities: string[] }[]>;
    };
    rules.set(
      name,
      Object.entries(parsed.path ?? {}).flatMap(([path, blocks]) =>
        blocks.map((block) => ({ policy: name, path, capabilities: block.capabilities })),
      ),
    );
  }
  return rules;
}

/** Vault's ACL globs (`*` suffix, `+` segments), matched as the access graph matches them. */
export const pathMatches = globMatches;

/** Whether a policy path matches some request path below `folder` (which ends in '/'). */
export function pathReachesInto(pattern: string, folder: string): boolean {
  const glob = pattern.endsWith("*");
  const body = glob ? pattern.slice(0, -1) : pattern;
  // Put the folder's segment where the pattern has `+`, then compare the literal prefixes.
  const segments = folder.split("/");
  const concrete = body
    .split("/")
    .map((segment, i) => (segment === "+" ? segments[i] || "x" : segment))
    .join("/");
  return concrete.startsWith(folder) || (glob && folder.startsWith(concrete));
}

/** The read rules of a role's policies that match `path`. */
export const readsOf = (rules: PathRule[], path: string): PathRule[] =>
  rules.filter((rule) => rule.capabilities.includes("read") && !rule.capabilities.includes("deny") && pathMatches(rule.path, path));

export interface VaultRole {
  resource: PlanResource;
  kind: "kubernetes" | "jwt";
  label: string;
  rules: PathRule[];
}

/** Every Kubernetes and JWT auth role of the plan with the path rules of its token policies. */
export function vaultRoles(plan: PlanDocument, rules: Map<string, PathRule[]>): VaultRole[] {
  return plan.resources
    .filter((r) => r.type === KUBERNETES_ROLE || r.type === JWT_ROLE)
    .map((resource) => {
      const kind = resource.type === JWT_ROLE ? "jwt" : "kubernetes";
      const policies = (resource.inputs.tokenPolicies as string[] | undefined) ?? [];
      return {
        resource,
        kind,
        label: `Vault ${kind} role ${resource.inputs.roleName as string}`,
        rules: policies.flatMap((policy) => rules.get(policy) ?? []),
      };
    });
}

/** Claims of a GitLab CI `id_tokens` JWT, as far as roles bind them. */
export type Claims = Record<string, string>;

/**
 * Whether a JWT role admits a token with these claims, by the Vault role-matching rules the
 * onboarding tests use (components/onboarding/secrets/jwt-role-admission.ts); a glob role is
 * treated as admitting, since the check cannot narrow it.
 */
export function admits(role: PlanResource, aud: string, claims: Claims): boolean {
  if (role.inputs.boundClaimsType === "glob") return true;
  const binding = {
    boundAudiences: (role.inputs.boundAudiences as string[] | undefined) ?? [],
    boundClaimsType: "string",
    boundClaims: (role.inputs.boundClaims as Record<string, string> | undefined) ?? {},
  };
  return jwtRoleAdmits(binding, { ...claims, aud }).admitted;
}
