import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * Decrypts `secure:` stack config values of a passphrase-provider stack, exactly
 * as the Pulumi CLI does (pulumi/pulumi pkg/secrets/passphrase/manager.go and
 * sdk/go/common/resource/config/crypt.go): PBKDF2-SHA256 with 1,000,000
 * iterations over an 8-byte salt, then AES-256-GCM `v1:<nonce>:<ciphertext+tag>`.
 * Written here because no npm package implements Pulumi's format and the CLI is
 * not available offline; node:crypto does the cryptography.
 */
const ITERATIONS = 1_000_000;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const CHECK_PLAINTEXT = "pulumi";

export class PassphraseError extends Error {}

export type Decrypter = (ciphertext: string) => string;

/** The passphrase the CLI would use: PULUMI_CONFIG_PASSPHRASE, then PULUMI_CONFIG_PASSPHRASE_FILE. */
export function passphraseFromEnvironment(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.PULUMI_CONFIG_PASSPHRASE !== undefined) return env.PULUMI_CONFIG_PASSPHRASE;
  if (env.PULUMI_CONFIG_PASSPHRASE_FILE) return readFileSync(env.PULUMI_CONFIG_PASSPHRASE_FILE, "utf8").trim();
  return undefined;
}

/** Checks the passphrase against the stack's `encryptionsalt` and returns a decrypter. */
export function passphraseDecrypter(passphrase: string, encryptionSalt: string): Decrypter {
  return keyDecrypter(passphraseKey(passphrase, encryptionSalt));
}

/**
 * The stack's AES-256 key, derived from the passphrase and checked against the salt's check
 * value: what the decrypter, the encrypter and the secret fingerprints (plan/changes) key on.
 */
export function passphraseKey(passphrase: string, encryptionSalt: string): Buffer {
  const [version, salt] = encryptionSalt.split(":");
  if (version !== "v1" || salt === undefined) throw new PassphraseError("encryptionsalt is not a v1 passphrase salt");
  const key = pbkdf2Sync(Buffer.from(passphrase, "utf8"), Buffer.from(salt, "base64"), ITERATIONS, 32, "sha256");
  const check = encryptionSalt.slice(version.length + salt.length + 2);
  if (keyDecrypter(key)(check) !== CHECK_PLAINTEXT) throw new PassphraseError("incorrect passphrase");
  return key;
}

/** Decrypts `v1:` values with an already derived key (passphraseKey). */
export function keyDecrypter(key: Buffer): Decrypter {
  return (ciphertext: string): string => {
    const [v, nonce, sealed] = ciphertext.split(":");
    if (v !== "v1" || nonce === undefined || sealed === undefined) throw new PassphraseError("secure value is not a v1 ciphertext");
    const nonceBytes = Buffer.from(nonce, "base64");
    const sealedBytes = Buffer.from(sealed, "base64");
    if (nonceBytes.length !== NONCE_BYTES || sealedBytes.length < TAG_BYTES) throw new PassphraseError("secure value is malformed");
    const decipher = createDecipheriv("aes-256-gcm", key, nonceBytes);
    decipher.setAuthTag(sealedBytes.subarray(sealedBytes.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(sealedBytes.subarray(0, sealedBytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
    } catch {
      throw new PassphraseError("incorrect passphrase");
    }
  };
}

/** Encrypts as the CLI's passphrase crypter does (`v1:<nonce>:<ciphertext+tag>`), for state fixtures and tests. */
export function passphraseEncrypter(key: Buffer): (plaintext: string) => string {
  return (plaintext) => {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv("aes-256-gcm", key, nonce);
    const sealed = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
    return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
  };
}
