/**
 * Who signs app images. Keyless: the pipeline's OIDC identity (issuer plus a
 * subject pattern, e.g. the GitLab project's pipeline on protected refs); key:
 * a cosign public key (e.g. from Vault transit).
 * Replace with components/onboarding/pipeline/signing-identity.ts once it exists.
 */
export type SigningIdentity = { kind: "keyless"; issuer: string; subjectRegExp: string } | { kind: "key"; publicKeyPem: string };

/** The ImageValidatingPolicy attestor (spec.attestors[].cosign) for a signing identity. */
export function cosignAttestor(identity: SigningIdentity): Record<string, unknown> {
  if (identity.kind === "keyless") {
    if (!/^https:\/\//.test(identity.issuer)) throw new Error(`signing identity issuer must be an https URL (got '${identity.issuer}')`);
    try {
      new RegExp(identity.subjectRegExp);
    } catch (error) {
      throw new Error(`signing identity subjectRegExp is not a regular expression: ${(error as Error).message}`);
    }
    return { keyless: { identities: [{ issuer: identity.issuer, subjectRegExp: identity.subjectRegExp }] } };
  }
  if (!/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n?$/.test(identity.publicKeyPem))
    throw new Error("signing identity publicKeyPem must be a PEM public key (-----BEGIN PUBLIC KEY----- ...)");
  return { key: { data: identity.publicKeyPem } };
}
