import type { AppSpec } from "../app-spec";

/** Label keys every object of an app's tenancy carries; policies, scrapes and backups select on them. */
export const TENANCY_LABEL_KEYS = {
  team: "platform.delivery/team",
  app: "platform.delivery/app",
  environment: "platform.delivery/environment",
  partOf: "app.kubernetes.io/part-of",
} as const;

/** Labels shared by all of an app's environments. */
export function appLabels(spec: Pick<AppSpec, "name" | "team">): Record<string, string> {
  return {
    [TENANCY_LABEL_KEYS.team]: spec.team,
    [TENANCY_LABEL_KEYS.app]: spec.name,
    [TENANCY_LABEL_KEYS.partOf]: spec.name,
  };
}

/** Labels of the objects in one environment's namespace, the namespace included. */
export function environmentLabels(spec: Pick<AppSpec, "name" | "team">, environment: string): Record<string, string> {
  return { ...appLabels(spec), [TENANCY_LABEL_KEYS.environment]: environment };
}
