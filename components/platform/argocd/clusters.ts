import type { ArgoCdCluster } from "./settings";

/** Name of the Secret registering a cluster. */
export const clusterSecretName = (cluster: Pick<ArgoCdCluster, "name">): string => `cluster-${cluster.name}`;

/**
 * The cluster Secret's `config` key (declarative-setup.md, "Clusters"): bearer
 * token auth plus TLS settings. Contains the token, so callers keep it secret.
 */
export function clusterConfigJson(cluster: Pick<ArgoCdCluster, "insecure" | "caData">, bearerToken: string): string {
  return JSON.stringify({
    bearerToken,
    tlsClientConfig: { insecure: cluster.insecure, ...(cluster.caData ? { caData: cluster.caData } : {}) },
  });
}
