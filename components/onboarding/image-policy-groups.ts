import { admissionVariantName, type AppNames } from "./app-names";
import type { AppImagePolicies } from "./onboarding-context";

/** One image admission policy an app gets: its Kubernetes name, the Pulumi name's suffix and what it covers. */
export interface PlannedImagePolicy {
  /** metadata.name: AppNames' image policy name, or its variant for a non-base group. */
  name: string;
  /** Appended to `<app>-image-policy` for the Pulumi resource name ('' for the base group). */
  resourceSuffix: string;
  environments: string[];
  namespaces: string[];
  validationActions: string[];
}

/**
 * The image policies an app gets, one per group of its environments with the same actions: what
 * AppOnboarding creates, and what a stack references when it excepts them.
 */
export function plannedImagePolicies(names: AppNames, environments: readonly string[], policies: AppImagePolicies): PlannedImagePolicy[] {
  return policies.groups(environments).map((group) => ({
    name: group.variant === undefined ? names.kubernetes.imagePolicy : admissionVariantName(names.kubernetes.imagePolicy, group.variant),
    resourceSuffix: group.variant === undefined ? "" : `-${group.variant}`,
    environments: group.environments,
    namespaces: group.environments.map((env) => names.kubernetes.namespaces[env]!),
    validationActions: group.validationActions,
  }));
}
