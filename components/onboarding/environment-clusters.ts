import type * as k8s from "@pulumi/kubernetes";
import { IN_CLUSTER } from "../platform/argocd/destinations";
import { ComponentArgsError } from "../validation/issues";
import type { OnboardingCluster, OnboardingContext } from "./onboarding-context";

/**
 * Where one environment of an app lives: its cluster, the Kubernetes provider that reaches it
 * (undefined on `in-cluster`: the components' inherited provider) and what the platform runs there.
 */
export interface EnvironmentCluster {
  cluster: string;
  provider: k8s.Provider | undefined;
  site: OnboardingCluster;
}

/** The platform's own cluster as a site: its in-cluster Vault address and the platform's releases. */
export function platformSite(context: OnboardingContext): OnboardingCluster {
  return {
    kubernetesAuthPath: context.vault.kubernetesAuthPath,
    vaultAddress: context.vault.inClusterAddress,
    externalSecrets: context.externalSecrets,
    admission: context.admission && { crdRelease: context.admission.crdRelease },
    monitoring: context.monitoring,
    backup: context.backup,
  };
}

/**
 * The cluster of each of the app's environments. AppOnboarding's boundary has checked that every
 * cluster other than `in-cluster` has a provider and a site, so a missing one here is a program error.
 */
export function environmentClusters(
  environments: readonly string[],
  context: OnboardingContext,
  providers: Readonly<Record<string, k8s.Provider>> | undefined,
): Record<string, EnvironmentCluster> {
  const home = platformSite(context);
  const placed: Record<string, EnvironmentCluster> = {};
  for (const env of environments) {
    const cluster = context.environments.find((e) => e.name === env)?.cluster ?? IN_CLUSTER;
    if (cluster === IN_CLUSTER) {
      placed[env] = { cluster, provider: undefined, site: home };
      continue;
    }
    const provider = providers?.[cluster];
    const site = context.clusters?.[cluster];
    // Unreachable past AppOnboarding's boundary; reported like its problems (the plan exits 2).
    if (provider === undefined || site === undefined)
      throw new ComponentArgsError("AppOnboarding", [`environment '${env}' runs on cluster '${cluster}', which has no provider or site`]);
    placed[env] = { cluster, provider, site };
  }
  return placed;
}

/** The app's environments grouped by cluster, `in-cluster` first, then in the order they appear. */
export function byCluster(
  environments: readonly string[],
  clusters: Readonly<Record<string, EnvironmentCluster>>,
): { cluster: EnvironmentCluster; environments: string[] }[] {
  const groups = new Map<string, { cluster: EnvironmentCluster; environments: string[] }>();
  const ordered = [...environments].sort(
    (a, b) => Number(clusters[a]!.cluster !== IN_CLUSTER) - Number(clusters[b]!.cluster !== IN_CLUSTER),
  );
  for (const env of ordered) {
    const cluster = clusters[env]!;
    const group = groups.get(cluster.cluster) ?? { cluster, environments: [] };
    group.environments.push(env);
    groups.set(cluster.cluster, group);
  }
  return [...groups.values()];
}

/** The resource name of a per-cluster object: the platform's cluster keeps the name it always had. */
export const perClusterName = (name: string, cluster: string): string => (cluster === IN_CLUSTER ? name : `${name}-${cluster}`);
