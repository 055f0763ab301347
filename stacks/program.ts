import * as random from "@pulumi/random";
import { clusterProvider } from "../components/kubernetes/cluster-provider";
import { Platform } from "../components/platform/platform";
import type { PlatformConfig } from "./config/schema";

/**
 * The whole delivery platform for one validated stack config. Both `pulumi up`
 * (stacks/index.ts) and the offline plan (plan/) run exactly this function.
 */
export function deliveryPlatform(config: PlatformConfig) {
  const cluster = clusterProvider("platform-cluster", {
    clusterIdentifier: config.domain,
    context: config.cluster.context,
    kubeconfig: config.cluster.kubeconfig,
  });
  // Default providers are disabled in the stacks, so generated passwords need an explicit one too.
  const randomProvider = new random.Provider("platform-random");
  const platform = new Platform(
    "platform",
    {
      profile: config.environment,
      domain: config.domain,
      ingress: config.ingress,
      tls: config.tls,
      services: config.services,
      gitlabUrl: config.gitlab.url,
    },
    { providers: { kubernetes: cluster, random: randomProvider } },
  );
  return {
    profile: config.environment,
    domain: config.domain,
    namespaces: platform.namespaces,
    urls: platform.urls,
    registryHost: platform.harbor?.registryHost,
    harborProxyCaches: platform.harbor?.proxyCacheProjects,
    vault: platform.vault && {
      address: platform.vault.address,
      kvMountPath: platform.vault.kvMountPath,
      kubernetesAuthPath: platform.vault.kubernetesAuthPath,
      jwtAuthPath: platform.vault.jwtAuthPath,
    },
  };
}
