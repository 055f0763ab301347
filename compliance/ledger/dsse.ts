import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";

/**
 * DSSE (secure-systems-lab/dsse protocol.md): a signature covers the pre-authentication encoding
 * "DSSEv1 <len type> <type> <len body> <body>", never the bare payload, so a ledger entry's signature
 * can never pass as an image signature (a simple-signing payload) made with the same transit key.
 */
export const preAuthEncoding = (payloadType: string, body: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${body.length} `), body]);

export interface DsseEnvelope {
  payloadType: string;
  payload: string;
  signatures: { keyid: string; sig: string }[];
}

export const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");

/** PEM public keys, e.g. `vault read -field=keys transit/keys/<app>` (each version's public_key). */
export const publicKeys = (pems: readonly string[]): KeyObject[] => pems.map((pem) => createPublicKey(pem));

/**
 * Whether any signature of the envelope verifies with any key. Vault transit (ecdsa-p256,
 * sha2-256, marshaling_algorithm asn1, the default) returns `vault:v<n>:<base64 DER>`; the pipeline
 * strips the prefix, as cosign's hashivault KMS does, so `sig` is a base64 ASN.1 ECDSA signature.
 */
export function verifyEnvelope(envelope: DsseEnvelope, keys: readonly KeyObject[]): boolean {
  const pae = preAuthEncoding(envelope.payloadType, Buffer.from(envelope.payload, "base64"));
  return envelope.signatures.some((s) =>
    keys.some((key) => verify("sha256", pae, key, Buffer.from(s.sig.replace(/^vault:v\d+:/, ""), "base64"))),
  );
}
