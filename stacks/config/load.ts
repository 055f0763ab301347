import { z } from "zod";
import { ConfigError, describeIssue } from "../../components/validation/issues";
import { nearMiss, projectConfig, runtimeConfig } from "./project-config";
import { configSchema, type PlatformConfig } from "./schema";

/**
 * Validates raw Pulumi config (the `PULUMI_CONFIG` map: full keys, string values,
 * structured values JSON-encoded) and returns the typed platform config.
 * Throws one ConfigError listing every problem; nothing is registered before this returns.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, secretKeys: Iterable<string>): PlatformConfig {
  const { values, secretTopKeys } = projectConfig(raw, secretKeys);
  const schema = configSchema(secretTopKeys);
  const result = schema.safeParse(values);
  if (!result.success) {
    const suggest = (path: readonly PropertyKey[], key: string) => nearMiss(key, knownKeysAt(schema, path));
    throw new ConfigError(result.error.issues.flatMap((issue) => describeIssue(issue, suggest)));
  }
  return result.data;
}

/** Reads and validates the stack config that the Pulumi language host (or the offline plan) provided. */
export function loadPlatformConfig(): PlatformConfig {
  const { raw, secretKeys } = runtimeConfig();
  return parsePlatformConfig(raw, secretKeys);
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
