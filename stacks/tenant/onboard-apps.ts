import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type * as time from "@pulumiverse/time";
import { AppOnboarding } from "../../components/onboarding/app-onboarding";
import type { AppSpec } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import type { OnboardingPart } from "../../components/onboarding/onboarding-part";
import { TeamAccess } from "../../components/onboarding/identity/team-access";
import { TeamGroup } from "../../components/onboarding/repositories";

/** The providers children inherit; a tenant stack without a cluster credential yet (its first up) registers no Kubernetes object. */
const definedProviders = (providers: Record<string, pulumi.ProviderResource | undefined>): Record<string, pulumi.ProviderResource> =>
  Object.fromEntries(Object.entries(providers).filter(([, provider]) => provider !== undefined)) as Record<string, pulumi.ProviderResource>;

/**
 * One TeamGroup per team and one AppOnboarding per app, with the same resource
 * names in the platform program and in tenant stacks: an app can move between
 * them with `pulumi state` moves, without renames.
 */
export async function onboardApps(
  apps: readonly AppSpec[],
  context: OnboardingContext,
  providers: { kubernetes?: k8s.Provider; random: random.Provider; time: time.Provider; clusters?: Record<string, k8s.Provider> },
  /** The part each app is (onboarding-part.ts); default the whole app. */
  partOf: (app: AppSpec) => { part: OnboardingPart; awaitingFoundations?: boolean } = () => ({ part: "all" }),
): Promise<Record<string, AppOnboarding>> {
  const { clusters, ...given } = providers;
  const inherited = definedProviders(given);
  const teams = new Map<string, TeamGroup>();
  for (const team of new Set(apps.map((app) => app.team))) {
    teams.set(team, new TeamGroup(`team-${team}`, { team, context }, { providers: inherited }));
  }
  const onboarded: Record<string, AppOnboarding> = {};
  for (const app of apps) {
    onboarded[app.name] = new AppOnboarding(
      app.name,
      { spec: app, context, teamGroupId: teams.get(app.team)!.groupId, clusterProviders: clusters, ...partOf(app) },
      { providers: inherited },
    );
    // Let this app's registrations settle before building the next: the SDK keeps every in-flight
    // input's promise graph alive, so building hundreds of apps at once holds them all (docs/performance.md).
    await new Promise((resolve) => setImmediate(resolve));
  }
  return onboarded;
}

/**
 * Each team's identity-provider groups once, mapped to every tool (docs/identity.md), for every app
 * whose foundations this stack creates: its own apps and the tenants' accepted ones. The Harbor project,
 * Vault and Argo CD projects the groups map to are foundations; a tenant stack creates none of them.
 */
export function onboardTeamAccess(
  apps: readonly AppOnboarding[],
  context: OnboardingContext,
  providers: { kubernetes?: k8s.Provider; random: random.Provider; time: time.Provider },
): void {
  if (!context.identity) return;
  const inherited = definedProviders(providers);
  const withFoundations = apps.filter((app) => app.registry !== undefined);
  for (const team of new Set(withFoundations.map((app) => app.spec.team)))
    new TeamAccess(
      `team-${team}-access`,
      {
        team,
        apps: withFoundations
          .filter((app) => app.spec.team === team)
          .map((app) => ({ names: app.names, harborProjectId: app.registry!.projectId })),
        context,
      },
      { providers: inherited },
    );
}
