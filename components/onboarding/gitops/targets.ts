import * as pulumi from "@pulumi/pulumi";
import { destinationFor, type ClusterDestination } from "../../platform/argocd/destinations";
import { appNamespace, type AppSpec } from "../app-spec";
import type { OnboardingEnvironment } from "../onboarding-context";

/** One environment of an app as Argo CD sees it: which Application deploys where. */
export interface GitOpsTarget {
  environment: string;
  production: boolean;
  /** Argo CD Application name, `<app>-<env>`. */
  applicationName: string;
  destination: ClusterDestination;
  namespace: pulumi.Input<string>;
}

export const applicationName = (app: string, environment: string): string => `${app}-${environment}`;

/**
 * Guards namespaces that arrive as Outputs (args validation only sees plain
 * strings). A mismatch fails the update through an error log, and the
 * destination stays the app's own namespace either way, so a wrong input can
 * never point the AppProject at another tenant. The input still orders the
 * Argo CD objects after the namespace.
 */
export function ownNamespace(app: string, environment: string, namespace: pulumi.Input<string>): pulumi.Input<string> {
  const expected = appNamespace(app, environment);
  if (typeof namespace === "string") return namespace;
  return pulumi.output(namespace).apply((actual) => {
    if (actual !== expected)
      void pulumi.log.error(`AppGitOps ${app}: namespace of '${environment}' is '${actual}', expected '${expected}'`);
    return expected;
  });
}

/** Targets in the order of `spec.environments`; args validation guarantees every lookup succeeds. */
export function gitOpsTargets(
  spec: AppSpec,
  environments: readonly OnboardingEnvironment[],
  clusterNames: readonly string[],
  namespaces: Record<string, pulumi.Input<string>>,
): GitOpsTarget[] {
  return spec.environments.map((name) => {
    const environment = environments.find((e) => e.name === name);
    const namespace = namespaces[name];
    if (!environment || namespace === undefined) throw new Error(`AppGitOps ${spec.name}: environment '${name}' is not resolvable`);
    return {
      environment: name,
      production: environment.production,
      applicationName: applicationName(spec.name, name),
      destination: destinationFor(environment.cluster, clusterNames),
      namespace: ownNamespace(spec.name, name, namespace),
    };
  });
}
