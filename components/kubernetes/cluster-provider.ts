import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export interface ClusterConnection {
  /** Stable identity of the cluster: credential or context changes must not replace every resource. */
  clusterIdentifier: string;
  /** kubeconfig context name (developer machines). */
  context?: string;
  /** Full kubeconfig contents, as a secret (CI). */
  kubeconfig?: pulumi.Input<string>;
}

/**
 * The explicit Kubernetes provider every platform resource uses; default
 * providers are disabled in the stack config so nothing can silently target
 * whatever cluster the operator's current context points at.
 */
export function clusterProvider(name: string, connection: ClusterConnection, opts?: pulumi.CustomResourceOptions): k8s.Provider {
  return new k8s.Provider(
    name,
    {
      clusterIdentifier: connection.clusterIdentifier,
      context: connection.context,
      kubeconfig: connection.kubeconfig,
      // Refuse to adopt objects that already exist: a rename without an alias must fail, not hijack.
      upsertExistingObjects: false,
    },
    opts,
  );
}
