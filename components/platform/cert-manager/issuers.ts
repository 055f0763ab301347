import type { TlsSettings } from "./tls-settings";

/**
 * The ClusterIssuer that signs every ingress certificate. Services put this
 * name in their `cert-manager.io/cluster-issuer` annotation as a plain string,
 * so their deployments do not wait for cert-manager.
 */
export const PLATFORM_CLUSTER_ISSUER = "platform-issuer";

/** Who signs certificates: the `tls` stack config key. */
export type TlsIssuerConfig = TlsSettings;

/** Bootstrap issuer that only signs the platform CA (self-signed mode). */
export const SELF_SIGNED_ISSUER = "platform-selfsigned";

/** Secret (in the cert-manager namespace) holding the platform CA key pair; `ca.crt` is the CA to trust. */
export const PLATFORM_CA_SECRET = "platform-ca";

/** Secret that holds the ACME account private key (created by cert-manager). */
export const ACME_ACCOUNT_KEY_SECRET = "platform-issuer-acme-account";

export function selfSignedIssuerSpec() {
  return { selfSigned: {} };
}

/**
 * The platform CA. One year with renewal a month ahead, and the key kept on
 * renewal, so clients that trust `ca.crt` keep working across renewals
 * (cert-manager's default would be 90 days and a fresh key each time).
 */
export function platformCaCertificateSpec(domain: string, issuerName: string) {
  return {
    isCA: true,
    commonName: `Delivery platform CA (${domain})`,
    secretName: PLATFORM_CA_SECRET,
    duration: "8760h",
    renewBefore: "720h",
    privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
    issuerRef: { name: issuerName, kind: "ClusterIssuer", group: "cert-manager.io" },
  };
}

/** The platform issuer in self-signed mode: signs with the platform CA. */
export function caIssuerSpec() {
  return { ca: { secretName: PLATFORM_CA_SECRET } };
}

/**
 * The platform issuer in ACME mode: HTTP-01 answered through the platform's ingress class. The
 * solver's Service is ClusterIP: cert-manager defaults it to NodePort (ClusterIssuer CRD,
 * `http01.ingress.serviceType`), which would open a port on every node and, being created in the
 * app's namespace, be refused there by the guardrail app-services-cluster-internal.
 */
export function acmeIssuerSpec(tls: Extract<TlsIssuerConfig, { issuer: "acme" }>, ingressClassName: string) {
  return {
    acme: {
      server: tls.server,
      email: tls.email,
      privateKeySecretRef: { name: ACME_ACCOUNT_KEY_SECRET },
      solvers: [{ http01: { ingress: { ingressClassName, serviceType: "ClusterIP" } } }],
    },
  };
}
