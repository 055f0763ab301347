import type { AppSpecInput } from "../components/onboarding/app-spec";

/** Apps per team: teams are shared GitLab groups, so their count grows with the apps, as in a real organisation. */
export const APPS_PER_TEAM = 10;

/**
 * `count` distinct, valid app entries as teams would write them (defaults for
 * everything but the required keys), targeting the given environments.
 */
export function syntheticApps(count: number, environments: readonly string[]): AppSpecInput[] {
  return Array.from({ length: count }, (_, index) => ({
    name: appName(index),
    team: `team-${String(Math.floor(index / APPS_PER_TEAM)).padStart(3, "0")}`,
    environments: [...environments],
    description: `Synthetic benchmark app ${index}`,
  }));
}

export const appName = (index: number): string => `app-${String(index).padStart(4, "0")}`;
