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
  const platform = new Platform(
    "platform",
    { profile: config.environment, domain: config.domain, services: config.services },
    { providers: { kubernetes: cluster } },
  );
  return {
    profile: config.environment,
    domain: config.domain,
    namespaces: platform.namespaces,
  };
}
