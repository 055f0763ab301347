import type { Profile } from "../../shared/profiles";
import { VAULT_RELEASE_NAME } from "./chart";

/**
 * Whether Vault's own listener serves TLS, per profile, stated here on purpose: dev runs Vault's dev
 * mode (in memory, one pod, `-dev` listener without TLS) on a laptop cluster, so its in-cluster clients
 * talk http; every other profile serves https with a certificate from the platform's internal CA.
 */
export const VAULT_LISTENER_TLS: Readonly<Record<Profile, boolean>> = { dev: false, staging: true, prod: true };

/** The Secret cert-manager writes Vault's serving certificate to (`tls.crt`, `tls.key`, `ca.crt`). */
export const VAULT_TLS_SECRET = "vault-server-tls";
/** Where the server container mounts it (vault-helm's convention for user files: /vault/userconfig/<name>). */
export const VAULT_TLS_DIR = `/vault/userconfig/${VAULT_TLS_SECRET}`;
export const VAULT_TLS_FILES = {
  cert: `${VAULT_TLS_DIR}/tls.crt`,
  key: `${VAULT_TLS_DIR}/tls.key`,
  ca: `${VAULT_TLS_DIR}/ca.crt`,
} as const;

/** The name in-cluster clients (External Secrets, the snapshot job, the scraper) verify. */
export const vaultServiceHost = (namespace: string): string => `${VAULT_RELEASE_NAME}.${namespace}.svc`;

/**
 * `spec` of Vault's serving Certificate (cert-manager.io/v1). Its names cover every way Vault is
 * reached: the Services (`vault`, `vault-active`, `vault-standby`), the pods through the headless
 * `vault-internal` Service (raft `retry_join`, `leader_api_addr`), and 127.0.0.1, which the chart puts
 * in the pods' own VAULT_ADDR (templates/server-statefulset.yaml). One year, renewed a month ahead.
 */
export function vaultCertificateSpec(namespace: string, replicas: number, issuerName: string) {
  const services = [VAULT_RELEASE_NAME, `${VAULT_RELEASE_NAME}-active`, `${VAULT_RELEASE_NAME}-standby`].flatMap((service) => [
    `${service}.${namespace}.svc`,
    `${service}.${namespace}.svc.cluster.local`,
  ]);
  const internal = `${VAULT_RELEASE_NAME}-internal`;
  const pods = Array.from({ length: replicas }, (_, i) => `${VAULT_RELEASE_NAME}-${i}.${internal}`);
  return {
    secretName: VAULT_TLS_SECRET,
    commonName: vaultServiceHost(namespace),
    dnsNames: [...services, ...pods, `*.${internal}`, `*.${internal}.${namespace}.svc`, `*.${internal}.${namespace}.svc.cluster.local`],
    ipAddresses: ["127.0.0.1"],
    duration: "8760h",
    renewBefore: "720h",
    privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
    usages: ["server auth", "digital signature", "key encipherment"],
    issuerRef: { name: issuerName, kind: "ClusterIssuer", group: "cert-manager.io" },
  };
}
