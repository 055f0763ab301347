import { RESERVED_NAME_WORDS, type AppNames } from "./app-names";
import { CI_PURPOSES } from "./ci-purposes";

/**
 * Kinds of names an app claims, each unique within its scope. Replacement facts (whether a change
 * of the name replaces the resource) are recorded in physical-name-kinds.ts.
 */
export type NameKind =
  | "pulumi name"
  | "namespace"
  | "Harbor project"
  | "GitLab project"
  | "Vault KV folder"
  | "Vault policy and role"
  | "transit key"
  | "Argo CD project"
  | "Argo CD application"
  | "Argo CD application set"
  | "Argo CD repository secret"
  | "Velero schedule"
  | "image policy"
  | "hostname";

/** One name an app holds. `scope` separates names that may repeat (namespaces on different clusters). */
export interface NameClaim {
  kind: NameKind;
  scope: string;
  value: string;
  /** What the name is for, in the owner's words: `environment dev`, `former name`. */
  detail?: string;
}

/** Who holds a set of claims: an app (by name, optionally in another stack) or the platform itself. */
export interface ClaimOwner {
  /** How messages name the owner, for example `app 'shop'` or `app 'shop' of stack org/dp/tenant-a`. */
  label: string;
  claims: readonly NameClaim[];
}

export interface NameCollision {
  kind: NameKind;
  value: string;
  first: { owner: string; detail?: string };
  second: { owner: string; detail?: string };
}

const GLOBAL = "platform";

/** Every name an app claims, from its derived names; `clusterOf` maps an environment to its cluster. */
export function appNameClaims(names: AppNames, clusterOf: (environment: string) => string): NameClaim[] {
  const claims: NameClaim[] = [];
  const add = (kind: NameKind, value: string, detail?: string, scope = GLOBAL) => claims.push({ kind, scope, value, detail });
  names.pulumiNames.forEach((name, index) => add("pulumi name", name, index === 0 ? undefined : "former name"));
  for (const env of names.environments) {
    add("namespace", names.kubernetes.namespaces[env]!, `environment ${env}`, clusterOf(env));
    add("Argo CD application", names.argocd.applications[env]!, `environment ${env}`);
    add("Vault policy and role", names.vault.environmentAccess[env]!, `environment ${env}`);
    add("namespace", names.backingServices.postgres.drillNamespaces[env]!, `database recovery drill of ${env}`, clusterOf(env));
  }
  add("Harbor project", names.registry.project);
  add("GitLab project", names.gitlab.projectPath, "app project");
  add("GitLab project", names.gitlab.configRepoPath, "config repository");
  // The folder holds every environment's and the CI secrets; folders of two apps must differ.
  add("Vault KV folder", names.vault.ciPath.slice(0, names.vault.ciPath.lastIndexOf("/")));
  for (const purpose of CI_PURPOSES) add("Vault policy and role", names.vault.ciAccess[purpose], `CI ${purpose}`);
  add("transit key", names.vault.transitKey);
  add("Argo CD project", names.argocd.project);
  add("Argo CD repository secret", names.argocd.repositorySecret);
  add("Velero schedule", names.velero.schedule);
  add("image policy", names.kubernetes.imagePolicy);
  // Previews: every name holds the reserved word `preview`, so these can only collide with a renamed app's own.
  add("Harbor project", names.previews.registryProject, "merge-request previews");
  add("Argo CD project", names.previews.argocdProject, "merge-request previews");
  add("Argo CD application set", names.previews.applicationSet, "merge-request previews");
  add("Vault policy and role", names.previews.ciAccess, "CI preview");
  add("image policy", names.previews.imagePolicy, "merge-request previews");
  // One domain for every cluster: hosts are global, unlike namespaces.
  for (const env of names.environments) add("hostname", names.ingress.hosts[env]!, `environment ${env}`);
  return claims;
}

/** Every pair of owners that claim the same name of the same kind in the same scope, in owner order. */
export function nameCollisions(owners: readonly ClaimOwner[]): NameCollision[] {
  const seen = new Map<string, { owner: string; detail?: string }>();
  const collisions: NameCollision[] = [];
  for (const owner of owners) {
    for (const claim of owner.claims) {
      const key = `${claim.kind}\u0000${claim.scope}\u0000${claim.value}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, { owner: owner.label, detail: claim.detail });
      else if (first.owner !== owner.label)
        collisions.push({ kind: claim.kind, value: claim.value, first, second: { owner: owner.label, detail: claim.detail } });
    }
  }
  return collisions;
}

/** Names listed per collision message; an app that takes another's whole identity shares a dozen. */
const SHOWN_NAMES = 4;
const claimed = (kind: NameKind, value: string, detail?: string) => `${kind} '${value}'${detail ? ` (${detail})` : ""}`;

/**
 * One line per pair of owners, naming both, every name they would share and the fix:
 * `app 'shop-eu' would get names app 'shop' has: namespace 'shop-eu-dev' (theirs: environment eu-dev; its: environment dev), ...`.
 */
export function describeCollisions(collisions: readonly NameCollision[]): { owner: string; message: string }[] {
  const byPair = new Map<string, NameCollision[]>();
  for (const collision of collisions) {
    const key = `${collision.second.owner}\u0000${collision.first.owner}`;
    byPair.set(key, [...(byPair.get(key) ?? []), collision]);
  }
  return [...byPair.values()].map((pair) => {
    const { first, second } = pair[0]!;
    const names = pair.map(({ kind, value, first: theirs, second: its }) =>
      claimed(
        kind,
        value,
        theirs.detail === its.detail
          ? theirs.detail
          : [theirs.detail && `theirs: ${theirs.detail}`, its.detail && `its: ${its.detail}`].filter(Boolean).join("; "),
      ),
    );
    const shown = names.length > SHOWN_NAMES ? [...names.slice(0, SHOWN_NAMES), `and ${names.length - SHOWN_NAMES} more`] : names;
    return {
      owner: second.owner,
      message:
        `${second.owner} would get names that ${first.owner} has: ${shown.join(", ")}; ` +
        "rename the new app or its environment (a deployed app's names cannot change)",
    };
  });
}

/** The reserved word a name contains as a '-'-separated word, if any. */
export function reservedWordIn(name: string): string | undefined {
  return name.split("-").find((word) => Object.hasOwn(RESERVED_NAME_WORDS, word));
}

/** Names the platform itself holds, which no app may take. */
export function platformClaims(platform: {
  /** Namespaces of platform services, the ingress controller and Kubernetes' own. */
  namespaces: readonly string[];
  /** Harbor projects the platform creates (proxy caches). */
  harborProjects: readonly string[];
  /** Argo CD projects that exist regardless of apps (`default`). */
  argocdProjects: readonly string[];
  /** Hosts the platform's services answer on (`harbor.<domain>`, ...). */
  hosts: readonly string[];
  /** Every cluster apps deploy to; each runs the platform's agents in the same namespaces. */
  clusters: readonly string[];
}): ClaimOwner {
  return {
    label: "the platform",
    claims: [
      ...platform.clusters.flatMap((scope) => platform.namespaces.map((value): NameClaim => ({ kind: "namespace", scope, value }))),
      ...platform.harborProjects.map((value): NameClaim => ({ kind: "Harbor project", scope: GLOBAL, value, detail: "proxy cache" })),
      ...platform.argocdProjects.map((value): NameClaim => ({ kind: "Argo CD project", scope: GLOBAL, value })),
      ...platform.hosts.map((value): NameClaim => ({ kind: "hostname", scope: GLOBAL, value, detail: "platform service" })),
    ],
  };
}
