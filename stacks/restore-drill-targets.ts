import { appNames } from "../components/onboarding/app-names";
import { hostFor } from "../components/platform/platform-context";
import { IN_CLUSTER } from "../components/platform/argocd/destinations";
import type { DrillTarget } from "../components/platform/restore-drills/restore-spec";
import type { AppSpec } from "../components/onboarding/app-spec";
import type { PlatformConfig } from "./config/schema";

type DrillConfig = Pick<PlatformConfig, "gitlab" | "domain" | "environments" | "apps">;

/**
 * The restore drills of this stack: one per app whose production environments the platform
 * cluster's Velero backs up (AppOnboarding's schedule `app-<app>`), restoring each of those
 * namespaces into its drill namespace from the naming module. Apps opt out with
 * `backup.drill.enabled: false`; environments on other clusters are backed up by their own Velero
 * and not drilled from here.
 */
export function restoreDrillTargets(
  config: DrillConfig,
  /** Apps of accepted tenant claims: their foundations, backups included, are this stack's. */
  tenantApps: readonly { app: AppSpec; gitlabParentGroup: string }[] = [],
): DrillTarget[] {
  const production = new Set(
    config.environments.filter((env) => env.production && (env.cluster ?? IN_CLUSTER) === IN_CLUSTER).map((env) => env.name),
  );
  const naming = { gitlabParentGroup: config.gitlab.parentGroup, registryHost: hostFor(config, "harbor"), domain: config.domain };
  const targetOf = (app: AppSpec, gitlabParentGroup: string): DrillTarget[] => {
    const environments = app.environments.filter((env) => production.has(env));
    if (!app.backup.drill.enabled || environments.length === 0) return [];
    const names = appNames(app, { ...naming, gitlabParentGroup });
    const check = app.backup.drill.httpCheck;
    return [
      {
        name: names.velero.schedule,
        scheduleName: names.velero.schedule,
        namespaces: environments.map((env) => ({ source: names.kubernetes.namespaces[env]!, target: names.velero.drillNamespaces[env]! })),
        // The drill namespace's NetworkPolicy opens the container port the Service forwards to (service.port).
        ...(check
          ? { httpCheck: { service: names.kubernetes.workload, port: check.port, path: check.path, targetPort: app.service.port } }
          : {}),
      },
    ];
  };
  return [
    ...config.apps.flatMap((app) => targetOf(app, naming.gitlabParentGroup)),
    ...tenantApps.flatMap(({ app, gitlabParentGroup }) => targetOf(app, gitlabParentGroup)),
  ];
}
