import * as pulumi from "@pulumi/pulumi";
import { closest, distance } from "fastest-levenshtein";
import { PROJECT } from "./schema";

const PREFIX = `${PROJECT}:`;

/** The project's config as the schemas read it: keys without the namespace, structured values decoded. */
export interface ProjectConfig {
  values: Record<string, unknown>;
  /** Top-level keys (without the namespace) that Pulumi delivered as secrets. */
  secretTopKeys: Set<string>;
}

/**
 * Takes the `PULUMI_CONFIG` map (full keys, string values, structured values
 * JSON-encoded) and the secret keys, and keeps the project's namespace.
 */
export function projectConfig(raw: Readonly<Record<string, string>>, secretKeys: Iterable<string>): ProjectConfig {
  const values: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    if (fullKey.startsWith(PREFIX)) values[fullKey.slice(PREFIX.length)] = decodeConfigValue(value);
  }
  const secretTopKeys = new Set([...secretKeys].filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)));
  return { values, secretTopKeys };
}

/** The config the language host (or the offline plan) provided, with its secret keys. */
export function runtimeConfig(): { raw: Record<string, string>; secretKeys: string[] } {
  const raw = pulumi.runtime.allConfig();
  return { raw, secretKeys: Object.keys(raw).filter(isConfigSecret) };
}

/** The closest candidate if it is a near miss; a far-off "did you mean" is noise. */
export function nearMiss(key: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(key, [...candidates]);
  return distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

/** Pulumi hands structured values over as JSON; plain strings (`dev`, `example.com`) are not JSON. */
function decodeConfigValue(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

// The SDK exports isConfigSecret at runtime but hides it from its typings; fail loudly if it ever goes away.
function isConfigSecret(key: string): boolean {
  const fn = (pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean }).isConfigSecret;
  if (typeof fn !== "function")
    throw new Error("@pulumi/pulumi no longer exports runtime.isConfigSecret; update stacks/config/project-config.ts");
  return fn(key);
}
