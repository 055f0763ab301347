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

/**
 * Namespaces whose keys are not the project's but are read all the same: the engine's own and those
 * of the provider packages the program uses. Their keys may share a name with a project key
 * (`kubernetes:cluster`).
 */
const OTHER_READERS: ReadonlySet<string> = new Set(["pulumi", "kubernetes", "gitlab", "harbor", "vault", "random"]);

/**
 * Keys that look meant for the project but that nothing reads, so their values would be dropped
 * without a word (every app, for `delivery-platfrom:apps` or a bare `apps:`): a key without a
 * namespace, a namespace one typo away from the project's, or a project key's name under a
 * namespace nobody in the program reads. One problem each, with the key it should be.
 */
export function foreignKeyProblems(raw: Readonly<Record<string, string>>, projectKeys: readonly string[]): string[] {
  const problems: string[] = [];
  for (const fullKey of Object.keys(raw)) {
    if (fullKey.startsWith(PREFIX)) continue;
    const colon = fullKey.indexOf(":");
    const namespace = colon < 0 ? undefined : fullKey.slice(0, colon);
    const name = colon < 0 ? fullKey : fullKey.slice(colon + 1);
    if (namespace !== undefined && OTHER_READERS.has(namespace)) continue;
    const meant = projectKeys.includes(name) ? name : nearMiss(name, projectKeys);
    const typoOfProject = namespace !== undefined && distance(namespace, PROJECT) <= 3;
    if (namespace !== undefined && !typoOfProject && meant === undefined) continue;
    const why =
      namespace === undefined
        ? "has no namespace, so the program never reads it"
        : `is in namespace '${namespace}', not the project's ('${PROJECT}'), so the program never reads it`;
    problems.push(`${fullKey}: ${why}; did you mean '${PREFIX}${meant ?? name}'?`);
  }
  return problems;
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
