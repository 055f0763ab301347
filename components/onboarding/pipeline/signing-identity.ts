import { APP_PIPELINE_FILE } from "./template-version";

/**
 * Who signs an app's images, as admission control must check it. The guardrails turn this
 * into the Kyverno ImageValidatingPolicy attestor of the app's namespaces, so the policy
 * admits exactly what this app's pipeline signs and nothing another app signs.
 *
 * - `keyless`: a Fulcio certificate for the pipeline's GitLab OIDC token. Fulcio puts
 *   `https://` + the `ci_config_ref_uri` claim into the certificate's SAN URI
 *   (sigstore/fulcio config/identity/config.yaml, gitlab-pipeline `subject-alternative-name-template`),
 *   so the subject names the project, the pipeline file and the branch:
 *   `https://gitlab.example.com/group/app//.gitlab-ci.yml@refs/heads/main` (the `//` is part of it).
 *   Kyverno: `attestors[].cosign.keyless.identities[] = { issuer, subject }`, plus `ctlog.url` = `rekorUrl`
 *   and `keyless.roots` for a private Fulcio.
 * - `vault-transit`: the app's own transit key; cosign signs with `hashivault://<key>` and the
 *   public key is readable at `<transitMount>/keys/<key>`. Kyverno: `attestors[].cosign.key.kms = kms`
 *   (Kyverno then needs VAULT_ADDR and a token) or `key.data` = the PEM read from `publicKeyPath`.
 *   The pipeline does not upload these signatures to a transparency log (`--tlog-upload=false`:
 *   a public Rekor would publish private image digests), so the attestor needs `ctlog.insecureIgnoreTlog: true`.
 */
export type SigningIdentity = KeylessSigningIdentity | TransitSigningIdentity;

export interface KeylessSigningIdentity {
  mode: "keyless";
  /** OIDC issuer = the GitLab URL, e.g. `https://gitlab.com`. */
  issuer: string;
  /** Certificate SAN URI: `https://<gitlab host>/<project path>//.gitlab-ci.yml@refs/heads/<default branch>`. */
  subject: string;
  /** Set for a private Sigstore; absent means the public instance (fulcio.sigstore.dev, rekor.sigstore.dev). */
  fulcioUrl?: string;
  rekorUrl?: string;
}

export interface TransitSigningIdentity {
  mode: "vault-transit";
  /** cosign/Kyverno KMS URI of the key: `hashivault://<key>`. */
  kms: string;
  vaultAddress: string;
  transitMount: string;
  keyName: string;
  /** Vault API path (relative to `/v1/`) that returns the public key. */
  publicKeyPath: string;
  /** Signatures are not in a transparency log: verifiers must not require one. */
  transparencyLog: false;
}

export interface SigningIdentityInput {
  signing: "keyless" | "vault-transit";
  gitlab: { url: string; projectPath: string; defaultBranch: string };
  /** Required for `vault-transit`. */
  vault?: { address: string; transit?: { mountPath: string; keyName: string } };
  /** A private Sigstore, required for keyless signing on a GitLab that public Fulcio does not trust. */
  sigstore?: { fulcioUrl: string; rekorUrl: string };
}

/**
 * GitLab issuers public Fulcio accepts (sigstore/fulcio config/identity/config.yaml, ci-provider
 * gitlab-pipeline). Self-managed GitLab needs its own Fulcio/Rekor or `vault-transit`.
 */
export const PUBLIC_FULCIO_GITLAB_ISSUERS: readonly string[] = [
  "https://gitlab.com",
  "https://dev.gitlab.org",
  "https://gitlab.archlinux.org",
  "https://ops.gitlab.net",
];

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, "");

export function signingIdentity(input: SigningIdentityInput): SigningIdentity {
  if (input.signing === "keyless") {
    const issuer = withoutTrailingSlash(input.gitlab.url);
    if (!input.sigstore && !PUBLIC_FULCIO_GITLAB_ISSUERS.includes(issuer))
      throw new Error(
        `keyless signing: public Fulcio does not trust ${issuer} (it accepts ${PUBLIC_FULCIO_GITLAB_ISSUERS.join(", ")}); ` +
          "set sigstore.fulcioUrl/rekorUrl to a Sigstore instance that trusts this GitLab, or sign with vault-transit",
      );
    const hostAndPath = issuer.replace(/^https?:\/\//, "");
    return {
      mode: "keyless",
      issuer,
      subject: `https://${hostAndPath}/${input.gitlab.projectPath}//${APP_PIPELINE_FILE}@refs/heads/${input.gitlab.defaultBranch}`,
      ...(input.sigstore ? { fulcioUrl: input.sigstore.fulcioUrl, rekorUrl: input.sigstore.rekorUrl } : {}),
    };
  }
  const transit = input.vault?.transit;
  if (!input.vault || !transit)
    throw new Error(
      "vault-transit signing: vault.transit (mountPath, keyName) is required; the app's transit key comes from AppSecrets.transitKey",
    );
  return {
    mode: "vault-transit",
    kms: `hashivault://${transit.keyName}`,
    vaultAddress: withoutTrailingSlash(input.vault.address),
    transitMount: transit.mountPath,
    keyName: transit.keyName,
    publicKeyPath: `${transit.mountPath}/keys/${transit.keyName}`,
    transparencyLog: false,
  };
}
