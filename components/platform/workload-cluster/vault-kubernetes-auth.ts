import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";

/** Vault's Kubernetes auth mount for the service accounts of one other cluster. */
export const kubernetesAuthPathFor = (cluster: string): string => `kubernetes-${cluster}`;

/** The identity Vault reviews that cluster's tokens with (TokenReview API), in `namespace` there. */
export const TOKEN_REVIEWER = "vault-token-reviewer";

export interface ClusterKubernetesAuthArgs {
  cluster: { name: string; server: string; caData: string };
  /** Namespace on that cluster for the reviewer's ServiceAccount (External Secrets': its logins use the mount). */
  namespace: pulumi.Input<string>;
  /** The platform's Vault provider. */
  vaultProvider: vault.Provider;
}

/**
 * Vault's Kubernetes auth for a cluster other than the one Vault runs in. Every cluster has its own
 * service-account issuer, so each gets its own `kubernetes` auth backend with that cluster's API
 * server and CA (Vault API docs, auth/kubernetes "Configure method": `kubernetes_host`,
 * `kubernetes_ca_cert`, `token_reviewer_jwt`, `disable_local_ca_jwt`). Vault runs in a pod of the
 * platform's cluster, so `disable_local_ca_jwt` keeps it from presenting that cluster's CA and token
 * to this one; the reviewer JWT is a dedicated ServiceAccount's long-lived token bound to
 * `system:auth-delegator` (may create TokenReviews, nothing else), instead of granting that to
 * every app's service account (the "use the client's JWT" alternative). The token Secret is filled
 * by the control plane; pulumi-kubernetes waits for it (pulumi/pulumi-kubernetes#2048).
 */
export function clusterKubernetesAuth(name: string, args: ClusterKubernetesAuthArgs, parent: pulumi.Resource): pulumi.Output<string> {
  const { cluster, namespace, vaultProvider } = args;
  const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform.delivery/service": "vault-token-reviewer" };
  const serviceAccount = new k8s.core.v1.ServiceAccount(
    `${name}-token-reviewer`,
    { metadata: { name: TOKEN_REVIEWER, namespace, labels }, automountServiceAccountToken: false },
    { parent },
  );
  new k8s.rbac.v1.ClusterRoleBinding(
    `${name}-token-reviewer`,
    {
      metadata: { name: TOKEN_REVIEWER, labels },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [{ kind: "ServiceAccount", name: serviceAccount.metadata.name, namespace }],
    },
    { parent },
  );
  const token = new k8s.core.v1.Secret(
    `${name}-token-reviewer-token`,
    {
      metadata: {
        name: `${TOKEN_REVIEWER}-token`,
        namespace,
        labels,
        annotations: { "kubernetes.io/service-account.name": serviceAccount.metadata.name },
      },
      type: "kubernetes.io/service-account-token",
    },
    { parent },
  );
  const reviewerJwt = pulumi.secret(token.data.apply((data) => Buffer.from(data?.token ?? "", "base64").toString("utf8")));

  const vaultOpts = { parent, provider: vaultProvider };
  const mount = new vault.AuthBackend(
    `${name}-kubernetes-auth`,
    { type: "kubernetes", path: kubernetesAuthPathFor(cluster.name), description: `Service accounts of cluster ${cluster.name}` },
    vaultOpts,
  );
  const config = new vault.kubernetes.AuthBackendConfig(
    `${name}-kubernetes-auth-config`,
    {
      backend: mount.path,
      kubernetesHost: cluster.server,
      kubernetesCaCert: Buffer.from(cluster.caData, "base64").toString("utf8"),
      tokenReviewerJwt: reviewerJwt,
      disableLocalCaJwt: true,
    },
    vaultOpts,
  );
  // Consumers of the path (apps' roles and SecretStores) wait until logins can work.
  return config.backend.apply((backend) => backend ?? kubernetesAuthPathFor(cluster.name));
}
