// Seam check (issue 13, finding 1): who can read the platform's secrets through External Secrets
// stores and Vault roles, computed from a plan alone.
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { admits, type Claims, pathReachesInto, policyRules, readsOf, type VaultRole, vaultRoles } from "./vault-access";

const STORES = ["kubernetes:external-secrets.io/v1:ClusterSecretStore", "kubernetes:external-secrets.io/v1:SecretStore"];
const NAMESPACE = "kubernetes:core/v1:Namespace";

/** One way in: who, through which objects, to which Vault path. */
export interface Reach {
  principal: string;
  via: string[];
  asset: string;
}

export const describeReach = (reach: Reach): string => [reach.principal, ...reach.via, reach.asset].join(" → ");

interface Admission {
  every: boolean;
  namespaces: string[];
}

/**
 * The namespaces whose ExternalSecrets a store serves. A ClusterSecretStore without conditions
 * serves every namespace; a condition admits by name, regex or label selector, any one sufficing
 * (external-secrets pkg/controllers/secretstore/client_manager.go, shouldProcessSecret). Regexes
 * and selectors other than the name label are taken as admitting every namespace, since the plan
 * cannot tell which namespaces will match them.
 */
function admission(store: PlanResource): Admission {
  const spec = (store.inputs.spec ?? {}) as { conditions?: Record<string, unknown>[] };
  if (store.type.endsWith(":SecretStore"))
    return { every: false, namespaces: [String((store.inputs.metadata as { namespace: string }).namespace)] };
  const conditions = spec.conditions ?? [];
  if (conditions.length === 0) return { every: true, namespaces: [] };
  const names: string[] = [];
  for (const condition of conditions) {
    if (condition.namespaceRegexes !== undefined) return { every: true, namespaces: [] };
    const selector = condition.namespaceSelector as { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } | undefined;
    if (selector !== undefined) {
      const labels = Object.keys(selector.matchLabels ?? {});
      if (selector.matchExpressions?.length || labels.length !== 1 || labels[0] !== "kubernetes.io/metadata.name")
        return { every: true, namespaces: [] };
      names.push(selector.matchLabels!["kubernetes.io/metadata.name"]!);
    }
    names.push(...((condition.namespaces as string[] | undefined) ?? []));
  }
  return { every: false, namespaces: names };
}

interface StoreView {
  label: string;
  admission: Admission;
  kvMount: string;
  role?: VaultRole;
}

function storeViews(plan: PlanDocument, roles: VaultRole[]): StoreView[] {
  return plan.resources
    .filter((r) => STORES.includes(r.type))
    .flatMap((store) => {
      const vault = ((store.inputs.spec ?? {}) as { provider?: { vault?: Record<string, unknown> } }).provider?.vault;
      if (vault === undefined) return [];
      const auth = (vault.auth ?? {}) as { kubernetes?: { role?: string; mountPath?: string } };
      const role = roles.find(
        (r) =>
          r.kind === "kubernetes" &&
          r.resource.inputs.roleName === auth.kubernetes?.role &&
          (auth.kubernetes?.mountPath === undefined || r.resource.inputs.backend === auth.kubernetes.mountPath),
      );
      const kind = store.type.split(":").pop()!;
      return [
        {
          label: `${kind} ${String((store.inputs.metadata as { name: string }).name)}`,
          admission: admission(store),
          kvMount: String(vault.path),
          role,
        },
      ];
    });
}

export interface ReachOptions {
  /** Namespaces of the platform's own services: the only ones allowed near platform secrets. */
  platformNamespaces: readonly string[];
  /** Vault API paths only the platform repository's pipeline may read (`<mount>/data/<path>`). */
  ciSecretPaths: readonly string[];
  /** GitLab ID-token claims of pipelines that must never read the CI secrets. */
  untrustedTokens: readonly { name: string; aud: string; claims: Claims }[];
}

/**
 * Every way the plan gives something other than the platform repository's trusted pipeline a
 * read on platform secrets:
 * - a store serving a namespace outside the platform's reaches anything under `<kv>/data/platform/`;
 * - any store reaches a CI secret path;
 * - a Vault role reading a CI secret path is a Kubernetes role, or a JWT role that admits an
 *   untrusted token (merge request, fork, other branch, tag, unprotected ref).
 */
export async function platformSecretReach(plan: PlanDocument, options: ReachOptions): Promise<Reach[]> {
  const roles = vaultRoles(plan, await policyRules(plan));
  const namespaces = plan.resources.filter((r) => r.type === NAMESPACE).map((r) => String((r.inputs.metadata as { name: string }).name));
  const found: Reach[] = [];

  for (const store of storeViews(plan, roles)) {
    if (!store.role) continue;
    const outsiders = store.admission.every
      ? [`every namespace (${namespaces.filter((n) => !options.platformNamespaces.includes(n)).join(", ") || "any"})`]
      : store.admission.namespaces.filter((n) => !options.platformNamespaces.includes(n)).map((n) => `namespace ${n}`);
    const platformFolder = `${store.kvMount}/data/platform/`;
    for (const rule of store.role.rules.filter((r) => r.capabilities.includes("read") && pathReachesInto(r.path, platformFolder)))
      for (const principal of outsiders)
        found.push({ principal, via: [store.label, store.role.label, `policy ${rule.policy}: ${rule.path}`], asset: platformFolder });
    for (const path of options.ciSecretPaths)
      for (const rule of readsOf(store.role.rules, path)) {
        const principal = store.admission.every ? "every namespace" : store.admission.namespaces.map((n) => `namespace ${n}`).join(", ");
        found.push({ principal, via: [store.label, store.role.label, `policy ${rule.policy}: ${rule.path}`], asset: path });
      }
  }

  for (const role of roles)
    for (const path of options.ciSecretPaths)
      for (const rule of readsOf(role.rules, path)) {
        const via = [role.label, `policy ${rule.policy}: ${rule.path}`];
        if (role.kind === "kubernetes") {
          const accounts = (role.resource.inputs.boundServiceAccountNamespaces as string[] | undefined) ?? [];
          found.push({ principal: `service accounts in ${accounts.join(", ")}`, via, asset: path });
          continue;
        }
        for (const token of options.untrustedTokens)
          if (admits(role.resource, token.aud, token.claims)) found.push({ principal: token.name, via, asset: path });
      }
  return found;
}

/** JWT roles that read a CI secret path at all (the trusted reader, when the plan is right). */
export async function ciSecretReaders(plan: PlanDocument, ciSecretPaths: readonly string[]): Promise<PlanResource[]> {
  const roles = vaultRoles(plan, await policyRules(plan));
  return roles.filter((role) => ciSecretPaths.some((path) => readsOf(role.rules, path).length > 0)).map((role) => role.resource);
}
