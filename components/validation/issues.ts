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

/** Renders a zod path the way users write keys: `apps[1].environments[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, segment) => {
    if (typeof segment === "number") return `${acc}[${segment}]`;
    return acc === "" ? String(segment) : `${acc}.${String(segment)}`;
  }, "");
}

export function describeIssue(
  issue: z.core.$ZodIssue,
  suggest: (path: readonly PropertyKey[], key: string) => string | undefined,
): string[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const where = formatPath([...issue.path, key]);
      const hint = suggest(issue.path, key);
      return `${where}: unknown key${hint ? `; did you mean '${hint}'?` : ""}`;
    });
  }
  const where = formatPath(issue.path) || "(root)";
  const message = issue.message.replace(/^Invalid input: /, "").replace(/^expected (\S+), received undefined$/, "required (expected $1)");
  return [`${where}: ${message}`];
}
