import type * as k8s from "@pulumi/kubernetes";
import type * as random from "@pulumi/random";
import type * as time from "@pulumiverse/time";
import { AppOnboarding } from "../../components/onboarding/app-onboarding";
import type { AppSpec } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { TeamAccess } from "../../components/onboarding/identity/team-access";
import { TeamGroup } from "../../components/onboarding/repositories";

/**
 * One TeamGroup per team and one AppOnboarding per app, with the same resource
 * names in the platform program and in tenant stacks: an app can move between
 * them with `pulumi state` moves, without renames.
 */
export async function onboardApps(
  apps: readonly AppSpec[],
  context: OnboardingContext,
  providers: { kubernetes: k8s.Provider; random: random.Provider; time: time.Provider; clusters?: Record<string, k8s.Provider> },
): Promise<Record<string, AppOnboarding>> {
  const { clusters, ...inherited } = providers;
  const teams = new Map<string, TeamGroup>();
  for (const team of new Set(apps.map((app) => app.team))) {
    teams.set(team, new TeamGroup(`team-${team}`, { team, context }, { providers: inherited }));
  }
  const onboarded: Record<string, AppOnboarding> = {};
  for (const app of apps) {
    onboarded[app.name] = new AppOnboarding(
      app.name,
      { spec: app, context, teamGroupId: teams.get(app.team)!.groupId, clusterProviders: clusters },
      { providers: inherited },
    );
    // Let this app's registrations settle before building the next: the SDK keeps every in-flight
    // input's promise graph alive, so building hundreds of apps at once holds them all (docs/performance.md).
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Each team's identity-provider groups once, mapped to every tool (docs/identity.md).
  if (context.identity)
    for (const team of teams.keys()) {
      const teamApps = apps.filter((app) => app.team === team).map((app) => onboarded[app.name]!);
      new TeamAccess(
        `team-${team}-access`,
        { team, apps: teamApps.map((app) => ({ names: app.names, harborProjectId: app.registry.projectId })), context },
        { providers: inherited },
      );
    }
  return onboarded;
}
