import { appNames } from "../components/onboarding/app-names";
import { SERVICE_NAMESPACES } from "../components/platform/service-catalog";
import { hostFor } from "../components/platform/platform-context";
import type { OwnedNamespace } from "../policies/kyverno/manifests";
import type { PlatformConfig } from "./config/schema";

/**
 * The namespaces this platform owns, from the naming module and the ownership registry: every
 * service namespace (enabled or not: the names are reserved for the platform), each app namespace
 * of this stack, and those of the apps its registry gives to tenant stacks, in every declared
 * environment. The ingress controller's namespace and the cluster's own are not the platform's.
 */
export function ownedNamespaces(config: PlatformConfig): OwnedNamespace[] {
  const naming = { gitlabParentGroup: config.gitlab.parentGroup, registryHost: hostFor(config, "harbor"), domain: config.domain };
  const declared = config.environments.map((env) => env.name);
  const appNamespaces = (identity: { name: string; team: string; formerNames: readonly string[]; environments: readonly string[] }) =>
    Object.entries(appNames(identity, naming).kubernetes.namespaces).map(([environment, name]) => ({ name, environment }));
  const owned = [
    ...Object.values(SERVICE_NAMESPACES).map((name) => ({ name })),
    ...config.apps.flatMap(appNamespaces),
    // A tenant app's physical names derive from its registered name (tenants[] knows no former names).
    ...config.tenants.flatMap((tenant) =>
      tenant.apps.flatMap((app) => appNamespaces({ name: app, team: tenant.stack, formerNames: [], environments: declared })),
    ),
  ];
  return owned.filter((ns, index) => owned.findIndex((other) => other.name === ns.name) === index);
}
