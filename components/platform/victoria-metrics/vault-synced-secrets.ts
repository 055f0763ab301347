import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** The platform's ClusterSecretStore (Vault, platform/services/*) and the release that installs ESO's CRDs. */
export interface PlatformSecretStore {
  storeName: pulumi.Input<string>;
  release: pulumi.Resource;
}

/** Grafana's database password (`GF_DATABASE_PASSWORD`), from the stack config. */
export const GRAFANA_DATABASE_SECRET = "grafana-database";

/**
 * A Kubernetes Secret in `namespace` that External Secrets keeps in sync with a Vault KV entry of
 * the platform services' folder. Pulumi never holds the value: operators write it to Vault.
 */
export function vaultSyncedSecret(
  resourceName: string,
  args: {
    name: string;
    namespace: pulumi.Input<string>;
    store: PlatformSecretStore;
    /** Either every key of the entry, or one Secret key from one property. */
    source: { extract: string } | { key: string; property: string; secretKey: string };
  },
  parent: pulumi.Resource,
): k8s.apiextensions.CustomResource {
  const { source } = args;
  return new k8s.apiextensions.CustomResource(
    resourceName,
    {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name: args.name, namespace: args.namespace },
      spec: {
        refreshInterval: "1h",
        secretStoreRef: { kind: "ClusterSecretStore", name: args.store.storeName },
        target: { name: args.name, creationPolicy: "Owner" },
        ...("extract" in source
          ? { dataFrom: [{ extract: { key: source.extract } }] }
          : { data: [{ secretKey: source.secretKey, remoteRef: { key: source.key, property: source.property } }] }),
      },
    },
    { parent, dependsOn: [args.store.release] },
  );
}
