import { VAULT_API_PORT, VAULT_RELEASE_NAME } from "./chart";
import { VAULT_TLS_FILES } from "./listener-tls";
import type { VaultSettings } from "./settings";

export type AutoUnseal = NonNullable<VaultSettings["autoUnseal"]>;

/** Environment variable the transit seal reads its token from (Vault docs, "Transit seal configuration"). */
export const TRANSIT_TOKEN_ENV = "VAULT_TOKEN";

// Settings values are restricted to HCL-safe characters; JSON quoting is valid HCL for those.
const str = (value: string) => JSON.stringify(value);

/**
 * The `seal` stanza. Secrets never appear here (the server config is a ConfigMap):
 * the transit token arrives as an environment variable, cloud KMS credentials via workload identity.
 */
export function sealStanza(seal: AutoUnseal): string {
  switch (seal.kind) {
    case "transit":
      return [
        `seal "transit" {`,
        `  address    = ${str(seal.address)}`,
        `  key_name   = ${str(seal.keyName)}`,
        `  mount_path = ${str(seal.mountPath)}`,
        `}`,
      ].join("\n");
    case "awskms":
      return [
        `seal "awskms" {`,
        `  region     = ${str(seal.region)}`,
        `  kms_key_id = ${str(seal.kmsKeyId)}`,
        ...(seal.endpoint ? [`  endpoint   = ${str(seal.endpoint)}`] : []),
        `}`,
      ].join("\n");
    case "gcpckms":
      return [
        `seal "gcpckms" {`,
        `  project    = ${str(seal.project)}`,
        `  region     = ${str(seal.region)}`,
        `  key_ring   = ${str(seal.keyRing)}`,
        `  crypto_key = ${str(seal.cryptoKey)}`,
        `}`,
      ].join("\n");
    case "azurekeyvault":
      // Keys of the wrapper's SetConfig (hashicorp/go-kms-wrapping wrappers/azurekeyvault/azurekeyvault.go);
      // no client_secret: the workload identity webhook hands the pod a federated token instead.
      return [
        `seal "azurekeyvault" {`,
        `  tenant_id  = ${str(seal.tenantId)}`,
        `  vault_name = ${str(seal.vaultName)}`,
        `  key_name   = ${str(seal.keyName)}`,
        `}`,
      ].join("\n");
  }
}

/**
 * Server config for HA with integrated raft storage, served over TLS with the certificate
 * cert-manager issues (listener-tls.ts). `retry_join` lets every pod find the others without
 * `vault operator raft join`, verifying the leader against the internal CA; the listener allows
 * unauthenticated metrics so scrapers need no Vault token. Never write the words the chart's
 * start script substitutes (HOSTNAME, POD_IP, HOST_IP, API_ADDR, TRANSIT_ADDR) into this text.
 */
export function raftServerConfig(replicas: number, seal: AutoUnseal | undefined): string {
  const internal = `${VAULT_RELEASE_NAME}-internal`;
  const retryJoin = Array.from({ length: replicas }, (_, i) =>
    [
      `  retry_join {`,
      `    leader_api_addr     = ${str(`https://${VAULT_RELEASE_NAME}-${i}.${internal}:${VAULT_API_PORT}`)}`,
      `    leader_ca_cert_file = ${str(VAULT_TLS_FILES.ca)}`,
      `  }`,
    ].join("\n"),
  );
  return [
    `ui = true`,
    // Integrated storage: Vault's docs recommend disabling mlock (memory-mapped BoltDB files).
    `disable_mlock = true`,
    ``,
    `listener "tcp" {`,
    `  address         = "[::]:${VAULT_API_PORT}"`,
    `  cluster_address = "[::]:8201"`,
    `  tls_cert_file   = ${str(VAULT_TLS_FILES.cert)}`,
    `  tls_key_file    = ${str(VAULT_TLS_FILES.key)}`,
    `  tls_min_version = "tls12"`,
    `  telemetry {`,
    `    unauthenticated_metrics_access = true`,
    `  }`,
    `}`,
    ``,
    `storage "raft" {`,
    `  path = "/vault/data"`,
    ...retryJoin,
    `}`,
    ``,
    `service_registration "kubernetes" {}`,
    ``,
    ...(seal ? [sealStanza(seal), ``] : []),
    `telemetry {`,
    `  prometheus_retention_time = "30s"`,
    `  disable_hostname          = true`,
    `}`,
    ``,
  ].join("\n");
}
