import { z } from "zod";
import { ConfigError, describeIssue, elementNames, formatPath } from "../../components/validation/issues";
import { foreignKeyProblems, nearMiss, projectConfig, runtimeConfig } from "./project-config";
import { configObjectSchema, crossFieldProblems, type PlatformConfig } from "./schema";
import { crossFieldProblemsOfValidParts } from "./valid-parts";

/**
 * Validates raw Pulumi config (the `PULUMI_CONFIG` map: full keys, string values,
 * structured values JSON-encoded) and returns the typed platform config.
 * Throws one ConfigError listing every problem (keys outside the namespace, structural and
 * cross-field ones, in one run where the config allows); nothing is registered before this returns.
 */
export function parsePlatformConfig(raw: Readonly<Record<string, string>>, secretKeys: Iterable<string>): PlatformConfig {
  const { values, secretTopKeys } = projectConfig(raw, secretKeys);
  const schema = configObjectSchema(secretTopKeys);
  const nameOf = elementNames(values);
  const foreign = foreignKeyProblems(raw, Object.keys(schema.shape));
  const result = schema.safeParse(values);
  const structural = result.success
    ? []
    : result.error.issues.flatMap((issue) => describeIssue(issue, (path, key) => nearMiss(key, knownKeysAt(schema, path)), nameOf));
  const crossField = (
    result.success ? crossFieldProblems(result.data) : crossFieldProblemsOfValidParts(schema, values, result.error.issues)
  ).map((problem) => `${formatPath(problem.path, nameOf) || "(root)"}: ${problem.message}`);
  const problems = [...new Set([...foreign, ...structural, ...crossField])];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
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
