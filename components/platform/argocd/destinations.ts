/** Argo CD's name for the cluster it runs in. */
export const IN_CLUSTER = "in-cluster";

/** API server URL Argo CD uses for its own cluster. */
export const IN_CLUSTER_SERVER = "https://kubernetes.default.svc";

/**
 * An Application/AppProject destination cluster: Argo CD accepts `server` or
 * `name`, never both.
 */
export type ClusterDestination = { server: string; name?: never } | { name: string; server?: never };

/**
 * Which destination a cluster name maps to. The platform's own cluster is
 * addressed by server URL (it has no cluster Secret); registered clusters by
 * the `name` their cluster Secret declares. Pass `registered` (for example
 * `ArgoCd.clusterNames`) to reject names Argo CD does not know.
 */
export function destinationFor(cluster: string, registered?: readonly string[]): ClusterDestination {
  if (cluster === IN_CLUSTER) return { server: IN_CLUSTER_SERVER };
  if (registered && !registered.includes(cluster)) {
    throw new Error(`unknown Argo CD cluster '${cluster}'; registered clusters: ${[...new Set([IN_CLUSTER, ...registered])].join(", ")}`);
  }
  return { name: cluster };
}
