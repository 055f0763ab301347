import { IN_CLUSTER } from "../argocd/destinations";

/** One problem with a stack config key path and the fix, as the stack config rules report them. */
export interface ClusterProblem {
  path: (string | number)[];
  message: string;
}

/** What the rules read: the environments, the registered clusters and the platform's certificate issuer. */
export interface ClusterTopology {
  environments: readonly { name: string; cluster: string }[];
  /** `services.argocd.clusters`. */
  clusters: readonly { name: string; caData?: string; insecure: boolean; connection?: unknown }[];
  /** `tls.issuer`. */
  tlsIssuer: string;
}

const CLUSTERS_KEY = ["services", "argocd", "clusters"] as const;
const setPath = (index: number, key: string) => `services.argocd.clusters[${index}].${key}`;

/** The rules in words, for docs/configuration.md. */
export const CLUSTER_RULES = {
  reference: "Every environment's cluster is `in-cluster` or a cluster registered in `services.argocd.clusters`.",
  connection:
    "A registered cluster an environment runs on has `connection` (how Pulumi reaches it: `context` or a secret `kubeconfig`) and `caData` (Vault verifies its API server when it reviews that cluster's service account tokens).",
  publicCertificates:
    "With clusters Pulumi reaches (`connection`), `tls.issuer` is `acme`: their External Secrets, metrics and log agents reach Vault and the telemetry gateway through the platform's ingress and trust only public certificates.",
} as const;

/** Environments naming a cluster that is neither `in-cluster` nor registered. */
export function clusterReferenceProblems({ environments, clusters }: ClusterTopology): ClusterProblem[] {
  const known = [IN_CLUSTER, ...clusters.map((c) => c.name)];
  return environments.flatMap((env, index) =>
    known.includes(env.cluster)
      ? []
      : [
          {
            path: ["environments", index, "cluster"],
            message: `unknown cluster '${env.cluster}' (known: ${known.join(", ")}); register it in services.argocd.clusters with name, server, bearerToken, caData and connection, or use one of the known clusters`,
          },
        ],
  );
}

/** Registered clusters environments run on without what Pulumi and Vault need to reach them. */
export function workloadClusterProblems({ environments, clusters, tlsIssuer }: ClusterTopology): ClusterProblem[] {
  const problems: ClusterProblem[] = [];
  clusters.forEach((cluster, index) => {
    const used = environments.filter((env) => env.cluster === cluster.name).map((env) => `'${env.name}'`);
    if (used.length > 0 && cluster.connection === undefined)
      problems.push({
        path: [...CLUSTERS_KEY, index, "connection"],
        message: `required: environment ${used.join(", ")} runs on cluster '${cluster.name}', so Pulumi must reach it to create the apps' namespaces there; run 'pulumi config set --secret --path ${setPath(index, "connection.kubeconfig")} "$(cat <kubeconfig>)"' (or set connection.context)`,
      });
    if (cluster.connection !== undefined && cluster.caData === undefined)
      problems.push({
        path: [...CLUSTERS_KEY, index, "caData"],
        message: `required with 'connection': Vault's Kubernetes auth for cluster '${cluster.name}' verifies its API server with this CA (Vault has no option to skip it); set the base64 PEM of kubeconfig's certificate-authority-data${cluster.insecure ? " and remove 'insecure'" : ""}`,
      });
  });
  if (tlsIssuer !== "acme" && clusters.some((cluster) => cluster.connection !== undefined))
    problems.push({
      path: ["tls", "issuer"],
      message: `must be 'acme' while Pulumi manages other clusters (services.argocd.clusters[].connection): their agents and External Secrets reach the platform through its ingress and do not trust the self-signed platform CA`,
    });
  return problems;
}
