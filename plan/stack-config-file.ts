import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { passphraseDecrypter, passphraseFromEnvironment, type Decrypter } from "./passphrase-secrets";

/** Stack config as the Pulumi language host hands it to a program. */
export interface StackConfig {
  /** `PULUMI_CONFIG`: full keys to strings; structured values JSON-encoded. */
  config: Record<string, string>;
  /** `PULUMI_CONFIG_SECRET_KEYS`: top-level keys that hold at least one `secure:` value. */
  secretKeys: string[];
  /** Whether `secure:` values were decrypted (a passphrase was available) or replaced by a placeholder. */
  decrypted: boolean;
  /** The stack file's `encryptionsalt` (passphrase secrets provider), if it has one. */
  encryptionSalt?: string;
}

export class StackFileError extends Error {}

/** Stands in for a `secure:` value when no passphrase is available: the plan still marks it secret. */
export const UNDECRYPTED_SECRET = "offline-plan-undecrypted-secret";

export function stackFilePath(stacksDir: string, stack: string): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Names of the stacks that have a `Pulumi.<stack>.yaml` in the directory. */
export function listStacks(stacksDir: string): string[] {
  return readdirSync(stacksDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

export function readStackConfig(stacksDir: string, stack: string, passphrase = passphraseFromEnvironment()): StackConfig {
  const file = stackFilePath(stacksDir, stack);
  if (!existsSync(file)) {
    throw new StackFileError(`no stack file ${file}; known stacks: ${listStacks(stacksDir).join(", ") || "none"}`);
  }
  const document = readStackDocument(file);
  const salt = document.encryptionsalt;
  const decrypt: Decrypter | undefined = passphrase !== undefined && salt !== undefined ? passphraseDecrypter(passphrase, salt) : undefined;

  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(document.config ?? {})) {
    let holdsSecret = false;
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (value !== null && typeof value === "object") {
        const entries = Object.entries(value);
        if (entries.length === 1 && entries[0]?.[0] === "secure" && typeof entries[0][1] === "string") {
          holdsSecret = true;
          return decrypt ? decrypt(entries[0][1]) : UNDECRYPTED_SECRET;
        }
        return Object.fromEntries(entries.map(([k, v]) => [k, resolve(v)]));
      }
      return value;
    };
    const value = resolve(raw);
    config[key] = typeof value === "string" ? value : JSON.stringify(value);
    if (holdsSecret) secretKeys.push(key);
  }
  return { config, secretKeys, decrypted: decrypt !== undefined, ...(salt !== undefined ? { encryptionSalt: salt } : {}) };
}

interface StackDocument {
  config?: Record<string, unknown>;
  encryptionsalt?: string;
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The stack file as YAML, or a StackFileError naming the file, line and column of each syntax
 * error (the yaml package's positions) or the key whose value is not what Pulumi reads there.
 */
function readStackDocument(file: string): StackDocument {
  const document = parseDocument(readFileSync(file, "utf8"));
  if (document.errors.length > 0) {
    const lines = document.errors.map((error) => {
      const at = error.linePos?.[0];
      const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
      return `  - ${file}${at ? `:${at.line}:${at.col}` : ""}: ${message}`;
    });
    throw new StackFileError(`the stack file is not valid YAML (nothing was planned):\n${lines.join("\n")}`);
  }
  const content: unknown = document.toJS() ?? {};
  const problem = !isMapping(content)
    ? "must be a mapping with a 'config' key"
    : content.config !== undefined && content.config !== null && !isMapping(content.config)
      ? "config: must be a mapping of '<namespace>:<key>' to values"
      : content.encryptionsalt !== undefined && typeof content.encryptionsalt !== "string"
        ? "encryptionsalt: must be a string (written by 'pulumi stack init' or 'pulumi config set --secret')"
        : undefined;
  if (problem !== undefined) throw new StackFileError(`${file}: ${problem} (nothing was planned)`);
  // `config:` with nothing under it is YAML null: a stack without config.
  return { ...(content as StackDocument), config: (content as StackDocument).config ?? undefined };
}
