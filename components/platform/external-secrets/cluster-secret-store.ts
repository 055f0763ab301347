import * as pulumi from "@pulumi/pulumi";

export const VAULT_STORE_NAME = "vault";

export interface VaultStoreRefs {
  /** In-cluster URL of Vault, e.g. http://vault.vault.svc:8200. */
  vaultAddress: pulumi.Input<string>;
  /** Mount path of the KV v2 engine, e.g. "secret". */
  kvMountPath: pulumi.Input<string>;
  /** Mount path of Vault's Kubernetes auth method, e.g. "kubernetes". */
  kubernetesAuthMountPath: pulumi.Input<string>;
  /** Vault role bound to the operator's service account. */
  role: pulumi.Input<string>;
  /** The operator's service account, whose token ESO presents to Vault. */
  serviceAccount: { name: string; namespace: pulumi.Input<string> };
  /** Token audiences; Vault 1.21+ rejects Kubernetes-auth roles without an audience (ESO Vault provider docs). */
  audiences: string[];
  /** The only namespaces whose ExternalSecrets may use the store: the platform's service namespaces. */
  consumerNamespaces: readonly string[];
  /** CA that signed Vault's serving certificate, when Vault serves https with a private CA. */
  caSecret?: { name: pulumi.Input<string>; namespace: pulumi.Input<string>; key: string };
  /** The same CA as a PEM value, handed to ESO inline (`caBundle`); preferred over `caSecret`. */
  caCertificate?: pulumi.Input<string>;
}

/** ESO's `caBundle` is bytes in the CRD, so base64 of the PEM in the manifest. */
export const vaultCaBundle = (pem: pulumi.Input<string>): pulumi.Output<string> =>
  pulumi.output(pem).apply((text) => Buffer.from(text, "utf8").toString("base64"));

/**
 * `spec` of the ClusterSecretStore (external-secrets.io/v1) that reads Vault's KV v2 engine.
 * Without `conditions` ESO serves a ClusterSecretStore to every namespace, so an app team that may
 * create ExternalSecrets could read whatever the store's role reads. ESO admits a namespace when
 * any condition matches; `namespaces` matches the API server's immutable `kubernetes.io/metadata.name`
 * label (external-secrets pkg/controllers/secretstore/client_manager.go, shouldProcessSecret).
 */
export function vaultStoreSpec(refs: VaultStoreRefs) {
  return {
    conditions: [{ namespaces: [...refs.consumerNamespaces] }],
    provider: {
      vault: {
        server: refs.vaultAddress,
        path: refs.kvMountPath,
        version: "v2",
        ...(refs.caCertificate ? { caBundle: vaultCaBundle(refs.caCertificate) } : {}),
        ...(refs.caSecret && !refs.caCertificate
          ? { caProvider: { type: "Secret", name: refs.caSecret.name, namespace: refs.caSecret.namespace, key: refs.caSecret.key } }
          : {}),
        auth: {
          kubernetes: {
            mountPath: refs.kubernetesAuthMountPath,
            role: refs.role,
            // A ClusterSecretStore has no namespace of its own, so the service account's must be explicit.
            serviceAccountRef: { name: refs.serviceAccount.name, namespace: refs.serviceAccount.namespace, audiences: refs.audiences },
          },
        },
      },
    },
  };
}
