import { createHmac } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { isOfflineComputed } from "../mock-resources";
import { passphraseKey } from "../passphrase-secrets";

/**
 * Secret values are never written, but a reviewer with the stack's passphrase should still learn
 * *that* one changed. A plan planned with the passphrase records, per secret input path, an
 * HMAC-SHA256 of the value under a key derived from the stack's passphrase key (the one that
 * encrypts the stack's secrets): without the passphrase it says nothing about the value (no
 * dictionary attack without first breaking PBKDF2), with it one could decrypt the state anyway.
 * A checkpoint's ciphertexts, decrypted with the same passphrase, fingerprint the same way.
 */
export type SecretFingerprinter = (value: unknown) => string;

/**
 * Secrets the offline plan fills from provider-computed outputs (random passwords, tokens) hold
 * the mock's stand-ins, never the real value: they are marked, not fingerprinted, and compare
 * equal while the resource they come from is kept (plan/changes/computed-values.ts).
 */
export const COMPUTED_SECRET = "computed";

const LABEL = "delivery-platform plan secret fingerprint v1";

export function secretFingerprinter(passphrase: string, encryptionSalt: string): SecretFingerprinter {
  return keyFingerprinter(passphraseKey(passphrase, encryptionSalt));
}

/** The same, from the stack's already derived passphrase key. */
export function keyFingerprinter(passphraseKey: Buffer): SecretFingerprinter {
  const key = createHmac("sha256", passphraseKey).update(LABEL).digest();
  return (value) => {
    const canonical = canonicalJson(value);
    if (isOfflineComputed(canonical)) return COMPUTED_SECRET;
    return `hmac-sha256:${createHmac("sha256", key).update(canonical).digest("hex")}`;
  };
}

/** JSON with sorted keys and nested secrets unwrapped (wire form or a checkpoint's inner form), so both sides agree. */
export function canonicalJson(value: unknown): string {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== "object") return v;
    const object = v as Record<string, unknown>;
    if (object[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) {
      if ("value" in object) return walk(object.value);
      // Inside an encrypted secret the engine stores nested secrets with a no-op encrypter: the "ciphertext" is the JSON.
      const inner = object.plaintext ?? object.ciphertext;
      return typeof inner === "string" ? walk(JSON.parse(inner)) : null;
    }
    return Object.fromEntries(
      Object.keys(object)
        .sort()
        .map((key) => [key, walk(object[key])]),
    );
  };
  return JSON.stringify(walk(value)) ?? "null";
}
