import * as pulumi from "@pulumi/pulumi";
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import { ConfigError, describeIssue } from "../../components/validation/issues";
import { configSchema, PROJECT, type PlatformConfig } from "./schema";

const PREFIX = `${PROJECT}:`;

/**
 * Validates raw Pulumi config (the `PULUMI_CONFIG` map: full keys, string values,
 * structured values JSON-encoded) and returns the typed platform config.
 * Throws one ConfigError listing every problem; nothing is registered before this returns.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, secretKeys: Iterable<string>): PlatformConfig {
  const values: Record<string, unknown> = {};
  for (const [fullKey, value] of Object.entries(raw)) {
    if (fullKey.startsWith(PREFIX)) values[fullKey.slice(PREFIX.length)] = decodeConfigValue(value);
  }
  const secretTopKeys = new Set([...secretKeys].filter((k) => k.startsWith(PREFIX)).map((k) => k.slice(PREFIX.length)));
  const schema = configSchema(secretTopKeys);
  const result = schema.safeParse(values);
  if (!result.success) {
    const suggest = (path: readonly PropertyKey[], key: string) => {
      const known = knownKeysAt(schema, path);
      if (known.length === 0) return undefined;
      const best = closest(key, known);
      // Only suggest near misses; a far-off "did you mean" is noise.
      return distance(key, best) <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
    };
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, suggest)));
  }
  return result.data;
}

/** Reads and validates the stack config that the Pulumi language host (or the offline plan) provided. */
export function loadPlatformConfig(): PlatformConfig {
  const raw = pulumi.runtime.allConfig();
  return parsePlatformConfig(raw, Object.keys(raw).filter(isConfigSecret));
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
  if (typeof fn !== "function") throw new Error("@pulumi/pulumi no longer exports runtime.isConfigSecret; update stacks/config/load.ts");
  return fn(key);
}

/** Keys an object accepts at `path`, used to suggest a fix for a misspelt key. */
function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType[] = [schema];
  const unwrap = (s: z.ZodType): z.ZodType[] => {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable)
      return unwrap(s.unwrap() as z.ZodType);
    if (s instanceof z.ZodPipe) return unwrap(s.in as z.ZodType);
    if (s instanceof z.ZodUnion) return (s.options as z.ZodType[]).flatMap(unwrap);
    return [s];
  };
  for (const segment of path) {
    current = current.flatMap(unwrap).flatMap((s): z.ZodType[] => {
      if (typeof segment === "number") return s instanceof z.ZodArray ? [s.element as z.ZodType] : [];
      return s instanceof z.ZodObject && String(segment) in s.shape ? [s.shape[String(segment)] as z.ZodType] : [];
    });
  }
  return current.flatMap(unwrap).flatMap((s) => (s instanceof z.ZodObject ? Object.keys(s.shape) : []));
}
