import { appNameClaims, describeCollisions, nameCollisions, platformClaims, type ClaimOwner } from "./app-name-collisions";
import { PLATFORM_HOST_LABELS } from "../platform/service-catalog";
import { appNames, CI_FOLDER, stableAppName, type AppIdentity, type NamingPlatform } from "./app-names";
import type { AppSpec } from "./app-spec";
import { HTTP_PORT_NAME } from "./repositories/workload-manifests";

/**
 * The rules an app must satisfy beyond its own schema, written once and applied at each public
 * boundary: the stack config (every app of a platform or tenant stack) and AppOnboarding's args.
 * Each returns problems with a path relative to the app (`environments[1]`) so callers prefix it
 * (`apps[2]`).
 */

export interface Problem {
  path: (string | number)[];
  message: string;
}

/**
 * Harbor's project name rule (goharbor/harbor src/pkg/project/manager.go) allows one separator
 * between letters or digits; of a DNS label it refuses only a doubled '-'.
 */
const HARBOR_REFUSES = "--";

/** Kubernetes' own namespaces, on every cluster. */
export const KUBERNETES_NAMESPACES: readonly string[] = ["default", "kube-system", "kube-public", "kube-node-lease"];
/** Argo CD's built-in project allows every repository and destination; no app may be it. */
export const ARGOCD_DEFAULT_PROJECT = "default";

/** The one environment rule: an app lists only environments the platform declares. */
export function environmentProblems(app: Pick<AppSpec, "environments">, declared: readonly string[]): Problem[] {
  return app.environments.flatMap((env, index) =>
    declared.includes(env)
      ? []
      : [
          {
            path: ["environments", index],
            message: `unknown environment '${env}'; declared environments: ${declared.join(", ") || "none"}`,
          },
        ],
  );
}

/**
 * A production sync window only means something for an app that has a production environment:
 * without one nothing is ever synced in it, and the setting hides that the app never reaches production.
 */
export function productionWindowProblems(
  app: Pick<AppSpec, "environments" | "delivery">,
  environments: readonly { name: string; production: boolean }[],
): Problem[] {
  if (app.delivery.production.sync !== "window") return [];
  const production = new Set(environments.filter((e) => e.production).map((e) => e.name));
  if (app.environments.some((env) => production.has(env))) return [];
  return [
    {
      path: ["delivery", "production", "sync"],
      message:
        `a production sync window, but none of the app's environments (${app.environments.join(", ")}) is a production environment` +
        `${production.size > 0 ? ` (${[...production].join(", ")})` : ""}: add one to the app's environments or remove delivery.production`,
    },
  ];
}

/** What an app's own names must satisfy, whatever the other apps. */
export function appNameProblems(app: AppSpec): Problem[] {
  const problems: Problem[] = [];
  const stable = stableAppName(app);
  if (app.formerNames.includes(app.name))
    problems.push({ path: ["formerNames"], message: `must not list the app's current name '${app.name}'` });
  if (stable.includes(HARBOR_REFUSES))
    problems.push({
      path: app.formerNames.length > 0 ? ["formerNames", 0] : ["name"],
      message: "must not contain '--': the Harbor project is named after it, and Harbor allows one '-' between letters or digits",
    });
  app.environments.forEach((env, index) => {
    if (env === CI_FOLDER)
      problems.push({
        path: ["environments", index],
        message: `'${CI_FOLDER}' is reserved: it is the Vault folder of the app's CI secrets`,
      });
  });
  if (app.service.metricsPort === HTTP_PORT_NAME)
    problems.push({
      path: ["service", "metricsPort"],
      message: `must not be '${HTTP_PORT_NAME}': that name is the Service's traffic port`,
    });
  return problems;
}

export interface StackNaming extends NamingPlatform {
  /** Declared environments and the cluster each runs on. */
  environments: readonly { name: string; cluster: string }[];
  /** Namespaces the platform's services use (its own and the ingress controller's). */
  platformNamespaces: readonly string[];
  /** Harbor projects the platform creates (proxy caches), when known as plain values. */
  platformHarborProjects: readonly string[];
  /** Apps of other stacks on the same platform, whose names are taken. */
  otherOwners?: readonly ClaimOwner[];
}

/**
 * Collisions of derived names between the apps of one stack (names, former names and environments),
 * the platform's own names and the apps of other stacks. Two apps never share a namespace, Vault
 * path or role, Argo CD name, Harbor project or host, and no app host is a platform service's; the
 * later app is the one reported.
 */
export function appCollisionProblems(apps: readonly AppSpec[], naming: StackNaming): { index: number; problem: Problem }[] {
  const clusters = [...new Set(["in-cluster", ...naming.environments.map((e) => e.cluster)])];
  const platform = platformClaims({
    namespaces: [...KUBERNETES_NAMESPACES, ...naming.platformNamespaces],
    harborProjects: naming.platformHarborProjects,
    argocdProjects: [ARGOCD_DEFAULT_PROJECT],
    hosts: PLATFORM_HOST_LABELS.map((label) => `${label}.${naming.domain}`),
    clusters,
  });
  const labels = apps.map((app) => `app '${app.name}'`);
  const owners: ClaimOwner[] = [
    platform,
    ...(naming.otherOwners ?? []),
    ...apps.map((app, index) => appClaimOwner(app, naming, labels[index]!)),
  ];
  return describeCollisions(nameCollisions(owners))
    .map(({ owner, message }) => ({ index: labels.indexOf(owner), problem: { path: ["name"], message } }))
    .filter(({ index }) => index >= 0);
}

/** The names an app holds, as an owner for the collision check (apps of other stacks included). */
export function appClaimOwner(identity: AppIdentity, naming: StackNaming, label: string): ClaimOwner {
  const clusterOf = (env: string) => naming.environments.find((e) => e.name === env)?.cluster ?? "in-cluster";
  return { label, claims: appNameClaims(appNames(identity, naming), clusterOf) };
}

/**
 * The names a tenant stack's registered apps will hold, for the collision check of other stacks.
 * Their teams and environments are the tenant's to choose, so every declared environment counts,
 * and team-scoped names (Vault paths and roles, GitLab paths) are left out: only names that no
 * team prefix separates (namespaces, Argo CD names, Harbor project, transit key...) can collide.
 */
export function tenantReservations(
  tenant: { stack: string; apps: readonly string[] },
  environments: readonly string[],
  naming: StackNaming,
): ClaimOwner[] {
  const teamScoped = new Set(["GitLab project", "Vault KV folder", "Vault policy and role"]);
  return tenant.apps.map((app) => {
    const owner = appClaimOwner(
      { name: app, team: TENANT_TEAM, formerNames: [], environments },
      naming,
      `app '${app}' of tenant stack '${tenant.stack}'`,
    );
    return { ...owner, claims: owner.claims.filter((claim) => !teamScoped.has(claim.kind)) };
  });
}

/** Stands in for a tenant app's team, which this stack does not know; its claims are dropped above. */
const TENANT_TEAM = "tenant";
