import type { z } from "zod";

/** Invalid stack configuration: one human-readable line per problem, each naming the key path. */
export class ConfigError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(`invalid stack configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Invalid component arguments; thrown before the component registers anything. */
export class ComponentArgsError extends Error {
  constructor(
    public readonly component: string,
    public readonly problems: readonly string[],
  ) {
    super(`invalid arguments for ${component}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ComponentArgsError";
  }
}

/**
 * Validates component args with zod. Call it before `super()` so that a bad
 * input registers nothing. Pulumi Inputs pass through `z.custom` fields.
 */
export function parseComponentArgs<S extends z.ZodType>(component: string, schema: S, args: unknown): z.output<S> {
  const result = schema.safeParse(args);
  if (!result.success)
    throw new ComponentArgsError(
      component,
      result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined)),
    );
  return result.data;
}

/** The name to show after an array element (`apps[2] (orders-api)`), if it has one. */
export type ElementName = (path: readonly PropertyKey[]) => string | undefined;

/**
 * Renders a zod path the way users write keys: `apps[1].environments[0]`; with `nameOf`, elements
 * that have a name say it, so nobody counts entries: `apps[2] (orders-api).environments[2]`.
 */
export function formatPath(path: readonly PropertyKey[], nameOf: ElementName = () => undefined): string {
  return path.reduce<string>((acc, segment, index) => {
    if (typeof segment !== "number") return acc === "" ? String(segment) : `${acc}.${String(segment)}`;
    const name = nameOf(path.slice(0, index + 1));
    return `${acc}[${segment}]${name === undefined ? "" : ` (${name})`}`;
  }, "");
}

/** Names array elements after their `name` field in `values` (the config as written), when it is a string. */
export function elementNames(values: unknown): ElementName {
  return (path) => {
    let current: unknown = values;
    for (const segment of path) {
      if (current === null || typeof current !== "object") return undefined;
      current = (current as Record<PropertyKey, unknown>)[segment];
    }
    const name = current !== null && typeof current === "object" ? (current as { name?: unknown }).name : undefined;
    return typeof name === "string" && name !== "" ? name : undefined;
  };
}

export function describeIssue(
  issue: z.core.$ZodIssue,
  suggest: (path: readonly PropertyKey[], key: string) => string | undefined,
  nameOf?: ElementName,
): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const where = formatPath([...issue.path, key], nameOf);
      const hint = suggest(issue.path, key);
      return `${where}: unknown key${hint ? `; did you mean '${hint}'?` : ""}`;
    });
  }
  const where = formatPath(issue.path, nameOf) || "(root)";
  const message = issue.message.replace(/^Invalid input: /, "").replace(/^expected (\S+), received undefined$/, "required (expected $1)");
  return [`${where}: ${message}`];
}
