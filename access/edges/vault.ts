import { pathGrants, type PathGrant } from "../../policies/crossguard/vault-policy-document";
import { appOwner, type AppRegistry } from "../apps";
import { platformAsset, type VaultAssets } from "../assets";
import type { GraphBuilder, Owner } from "../graph";
import { record, strings, text, TYPES, type PlanIndex } from "../plan-index";
import { literalFolder } from "../../policies/crossguard/vault-path-glob";

/** Capabilities that change data (https://developer.hashicorp.com/vault/docs/concepts/policies#capabilities). */
const WRITE = new Set(["create", "update", "patch", "delete"]);

/** Parses every Vault policy of the plan once (HashiCorp's HCL parser), concurrently. */
export async function parsePolicies(index: PlanIndex): Promise<Map<string, PathGrant[]>> {
  const policies = index.ofType(TYPES.vaultPolicy);
  const parsed = await Promise.all(policies.map((p) => pathGrants(text(p.inputs.policy) ?? "")));
  return new Map(policies.map((p, i) => [text(p.inputs.name) ?? p.name, parsed[i] as PathGrant[]]));
}

export const policyNode = (name: string) => `identity:vault-policy:${name}`;
export const jwtRoleNode = (backend: string, role: string) => `identity:vault-role:${backend}/${role}`;
export const kubernetesRoleNode = (backend: string, role: string) => `identity:vault-role:${backend}/${role}`;

/** Whose a policy or role is: the app whose `names.vault` access names it carries, else the platform. */
function accessOwner(apps: AppRegistry, names: readonly string[]): Owner {
  for (const name of names) {
    const app = apps.vaultAccess(name);
    if (app !== undefined) return appOwner(app);
  }
  return { kind: "platform" };
}

/**
 * What one path grant gives, as asset edges: reading or writing KV data (a grant on the metadata
 * path only lists or destroys, so only its destructive capabilities count), signing with transit,
 * or Vault administration (rewriting policies or auth roles gives everything).
 */
function grantEdges(graph: GraphBuilder, vault: VaultAssets, from: string, policy: string, grant: PathGrant): void {
  const caps = grant.capabilities;
  if (caps.includes("deny")) return;
  const [mount, kind] = grant.path.split("/");
  const via = (what: string) => `Vault policy ${policy}: ${what} (${caps.join(", ")} on ${grant.path})`;
  if (mount !== undefined && vault.kvMounts.has(mount) && (kind === "data" || kind === "metadata" || kind === "*" || kind === "+")) {
    const reads = (kind !== "metadata" && caps.includes("read")) || (kind === "*" && caps.includes("read"));
    const writes = caps.some((c) => WRITE.has(c));
    if (!reads && !writes) return;
    // `secret/*` and `secret/+/…` cover data paths too; match them against the data tree.
    const dataGlob = kind === "metadata" ? grant.path.replace(/^([^/]+)\/metadata\//, "$1/data/") : grant.path;
    let targets = vault.trie.match(dataGlob);
    if (targets.length === 0) {
      vault.region(literalFolder(dataGlob));
      targets = vault.trie.match(dataGlob);
    }
    for (const target of targets)
      graph.edge({ from, to: target.id, via: via(reads && writes ? "read and write" : reads ? "read" : "write") });
    return;
  }
  if (
    mount !== undefined &&
    vault.transitMounts.has(mount) &&
    (kind === "sign" || kind === "*" || kind === "+") &&
    caps.some((c) => c === "update" || c === "create")
  ) {
    let targets = vault.trie.match(grant.path).filter((t) => t.kind === "transit");
    if (targets.length === 0) {
      vault.region(literalFolder(grant.path));
      targets = vault.trie.match(grant.path);
    }
    for (const target of targets) graph.edge({ from, to: target.id, via: via("sign") });
    return;
  }
  if (/^(sys\/policies\/acl|sys\/policy|auth)(\/|\*|$)/.test(grant.path) && caps.some((c) => WRITE.has(c))) {
    const all = platformAsset(graph, "vault-admin", "Vault: every path (can rewrite policies or auth roles)", [
      "signing",
      "deploy",
      "production-secret",
    ]);
    graph.edge({ from, to: all, via: via("administer") });
  }
}

/** Vault policies and the auth roles that hand them out (Kubernetes and JWT). */
export function vaultEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  vault: VaultAssets,
  policies: ReadonlyMap<string, PathGrant[]>,
): void {
  const policyIds = new Map<string, string>();
  const ensurePolicy = (name: string): string => {
    let id = policyIds.get(name);
    if (id === undefined) {
      const grants = policies.get(name);
      id = graph.node({
        id: policyNode(name),
        kind: "identity",
        label: grants === undefined ? `Vault policy ${name} (not in the plan)` : `Vault policy ${name}`,
        owner: accessOwner(apps, [name]),
      });
      policyIds.set(name, id);
      for (const grant of grants ?? []) grantEdges(graph, vault, id, name, grant);
    }
    return id;
  };
  for (const name of policies.keys()) ensurePolicy(name);

  for (const role of [...index.ofType(TYPES.jwtRole), ...index.ofType(TYPES.kubernetesRole)]) {
    const backend = text(role.inputs.backend) ?? (role.type === TYPES.jwtRole ? "jwt" : "kubernetes");
    const name = text(role.inputs.roleName) ?? role.name;
    const tokenPolicies = strings(role.inputs.tokenPolicies);
    const id = graph.node({
      id: jwtRoleNode(backend, name),
      kind: "identity",
      label: `Vault role ${backend}/${name}`,
      owner: accessOwner(apps, [name, ...tokenPolicies]),
    });
    for (const policy of tokenPolicies)
      graph.edge({ from: id, to: ensurePolicy(policy), via: `role ${backend}/${name} issues tokens with policy ${policy}` });
  }
}

/** A Kubernetes auth role's bindings (`*` allows any). */
export function kubernetesRoleBinds(role: { inputs: Record<string, unknown> }, namespace: string, serviceAccount: string): boolean {
  const names = strings(role.inputs.boundServiceAccountNames);
  const namespaces = strings(role.inputs.boundServiceAccountNamespaces);
  return (names.includes("*") || names.includes(serviceAccount)) && (namespaces.includes("*") || namespaces.includes(namespace));
}

export const boundClaimsOf = (role: { inputs: Record<string, unknown> }) => record(role.inputs.boundClaims);
