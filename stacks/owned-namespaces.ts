import { appNames, type AppIdentity } from "../components/onboarding/app-names";
import { SERVICE_NAMESPACES } from "../components/platform/service-catalog";
import { hostFor } from "../components/platform/platform-context";
import type { OwnedNamespace } from "../policies/kyverno/manifests";
import { DRILL_RUNNER_NAMESPACE } from "../components/platform/restore-drills/names";
import { TENANT_STACKS_NAMESPACE } from "../components/onboarding/tenant-access-names";
import type { PlatformConfig } from "./config/schema";

type NamingConfig = Pick<PlatformConfig, "gitlab" | "domain" | "environments" | "apps" | "tenants">;

const namespacesOf = (config: NamingConfig, identity: AppIdentity): OwnedNamespace[] =>
  Object.entries(
    appNames(identity, { gitlabParentGroup: config.gitlab.parentGroup, registryHost: hostFor(config, "harbor"), domain: config.domain })
      .kubernetes.namespaces,
  ).map(([environment, name]) => ({ name, environment }));

/** Every drill namespace an app of this stack can get: one per production environment (the platform namespaces' tier). */
function drillNamespacesOf(config: NamingConfig, apps: readonly AppIdentity[] = config.apps): OwnedNamespace[] {
  const production = new Set(config.environments.filter((env) => env.production).map((env) => env.name));
  const naming = { gitlabParentGroup: config.gitlab.parentGroup, registryHost: hostFor(config, "harbor"), domain: config.domain };
  return apps.flatMap((app) =>
    Object.entries(appNames(app, naming).velero.drillNamespaces)
      .filter(([environment]) => production.has(environment))
      .map(([, name]) => ({ name })),
  );
}

/** The namespaces of this stack's apps, by app name, with their environments (from the naming module). */
export function stackAppNamespaces(config: NamingConfig): Map<string, OwnedNamespace[]> {
  return new Map(config.apps.map((app) => [app.name, namespacesOf(config, app)]));
}

/**
 * The namespaces this platform owns, from the naming module and the ownership registry: every
 * service namespace (enabled or not: the names are reserved for the platform), each app namespace
 * of this stack, and those of the apps its registry gives to tenant stacks, in every declared
 * environment. The ingress controller's namespace and the cluster's own are not the platform's.
 */
export function ownedNamespaces(config: NamingConfig): OwnedNamespace[] {
  const declared = config.environments.map((env) => env.name);
  const owned = [
    ...Object.values(SERVICE_NAMESPACES).map((name) => ({ name })),
    ...[...stackAppNamespaces(config).values()].flat(),
    // Restore drills: the runner's namespace and the scratch copies of production namespaces (restore-drill-targets.ts).
    { name: DRILL_RUNNER_NAMESPACE },
    // Tenant stacks' service accounts and tokens (components/onboarding/tenant-access.ts).
    { name: TENANT_STACKS_NAMESPACE },
    ...drillNamespacesOf(config),
    // A tenant app's physical names derive from its registered name (tenants[] knows no former names).
    ...config.tenants.flatMap((tenant) =>
      tenant.apps.flatMap((app) => namespacesOf(config, { name: app, team: tenant.stack, formerNames: [], environments: declared })),
    ),
    // Their drill namespaces too: the platform stack drills the backups of the foundations it creates.
    ...drillNamespacesOf(
      config,
      config.tenants.flatMap((tenant) =>
        tenant.apps.map((app) => ({ name: app, team: tenant.stack, formerNames: [], environments: declared })),
      ),
    ),
  ];
  return owned.filter((ns, index) => owned.findIndex((other) => other.name === ns.name) === index);
}
