import * as pulumi from "@pulumi/pulumi";
import { destinationFor, type ClusterDestination } from "../../platform/argocd/destinations";
import type { AppNames } from "../app-names";
import type { OnboardingEnvironment } from "../onboarding-context";

/** One environment of an app as Argo CD sees it: which Application deploys where. */
export interface GitOpsTarget {
  environment: string;
  production: boolean;
  /** Argo CD Application name (AppNames.argocd.applications). */
  applicationName: string;
  destination: ClusterDestination;
  namespace: pulumi.Input<string>;
}

/**
 * Targets in the order of the app's environments. The destination namespace is always the app's
 * own (from `names`); a namespace Output passed in only orders the Argo CD objects after it.
 */
export function gitOpsTargets(
  names: AppNames,
  environments: readonly OnboardingEnvironment[],
  clusterNames: readonly string[],
  namespaces: Record<string, pulumi.Input<string>>,
): GitOpsTarget[] {
  return names.environments.map((name) => {
    const environment = environments.find((e) => e.name === name);
    const own = names.kubernetes.namespaces[name];
    if (!environment || own === undefined) throw new Error(`AppGitOps ${names.app}: environment '${name}' is not resolvable`);
    const namespace = namespaces[name];
    return {
      environment: name,
      production: environment.production,
      applicationName: names.argocd.applications[name]!,
      destination: destinationFor(environment.cluster, clusterNames),
      namespace: namespace === undefined || typeof namespace === "string" ? own : pulumi.output(namespace).apply(() => own),
    };
  });
}
