/**
 * Values unknown at preview time, handled by the rules themselves. The analyzer wraps props in a
 * proxy that throws `UnknownValueError` when a rule reads an unknown value and then reports the
 * whole policy as advisory ("can't run during preview"): one unknown input would turn a mandatory
 * rule into a warning, and a stack rule would lose every finding it had for other resources. So the
 * rules read the raw values, collect the unknown inputs they need, and settle them at the end:
 * fail closed (a violation naming the input) where the profile says so (prod), otherwise the
 * analyzer's own advisory.
 */
// Internal module of @pulumi/policy (no typings), the one the analyzer server itself checks
// `instanceof UnknownValueError` against (server.js), so the error thrown below is recognised.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as {
  UnknownValueError: new (sentinel: string, props: string[]) => Error;
  getSpecialProxyTarget: string;
  unknownBooleanValue: string;
  unknownNumberValue: string;
  unknownStringValue: string;
  unknownArrayValue: string;
  unknownAssetValue: string;
  unknownArchiveValue: string;
  unknownObjectValue: string;
};

/** The sentinels the analyzer puts where a value is unknown (proxy.js `isUnknown`). */
const UNKNOWN_SENTINELS: ReadonlySet<unknown> = new Set([
  proxy.unknownBooleanValue,
  proxy.unknownNumberValue,
  proxy.unknownStringValue,
  proxy.unknownArrayValue,
  proxy.unknownAssetValue,
  proxy.unknownArchiveValue,
  proxy.unknownObjectValue,
]);

export const isUnknown = (value: unknown): boolean => typeof value === "string" && UNKNOWN_SENTINELS.has(value);

/** The object behind the analyzer's proxy (values below it are plain), or the value itself. */
export function rawValue<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const target = (value as Record<string, unknown>)[proxy.getSpecialProxyTarget] as T | undefined;
  return target ?? value;
}

/** Config every rule that fails closed on unknown inputs takes; dev and staging set it to false. */
export const UNKNOWN_INPUT_DEFAULTS = { failClosedOnUnknown: true };
export type UnknownInputConfig = typeof UNKNOWN_INPUT_DEFAULTS;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => value !== null && typeof value === "object";
const join = (base: string, key: string | number) =>
  typeof key === "number"
    ? `${base}[${key}]`
    : /^[A-Za-z_$][\w$]*$/.test(key)
      ? base === ""
        ? key
        : `${base}.${key}`
      : `${base}[${JSON.stringify(key)}]`;

/** Paths of the unknown values in `value` and below it. */
export function unknownPaths(value: unknown, at = ""): string[] {
  if (isUnknown(value)) return [at === "" ? "(the whole object)" : at];
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownPaths(item, join(at, index)));
  if (isObject(value)) return Object.entries(value).flatMap(([key, item]) => unknownPaths(item, join(at, key)));
  return [];
}

/**
 * Unknown values a rule needs: `patterns` are dotted paths where `*` stands for every key or
 * index (`spec.containers.*.image`). An unknown on the way (the container list itself) counts as
 * the input being unknown; below the pattern's end, any unknown inside counts.
 */
export function unknownInputs(value: unknown, patterns: readonly string[], at = ""): string[] {
  const found = new Set<string>();
  const walk = (current: unknown, segments: readonly string[], path: string) => {
    if (isUnknown(current)) {
      found.add(path === "" ? "(the whole object)" : path);
      return;
    }
    if (segments.length === 0) {
      for (const inner of unknownPaths(current, path)) found.add(inner);
      return;
    }
    const [head, ...rest] = segments as [string, ...string[]];
    if (head === "*") {
      if (Array.isArray(current)) current.forEach((item, index) => walk(item, rest, join(path, index)));
      else if (isObject(current)) for (const [key, item] of Object.entries(current)) walk(item, rest, join(path, key));
    } else if (isObject(current) && !Array.isArray(current) && head in current) walk(current[head], rest, join(path, head));
  };
  for (const pattern of patterns) walk(value, pattern === "" ? [] : pattern.split("."), at);
  return [...found];
}

/**
 * Settles the unknown inputs a rule met, after it reported what it could decide: in prod a
 * violation per input (fail closed), elsewhere the analyzer's advisory for the first one.
 */
export function settleUnknowns(
  unknowns: readonly { path: string; subject: string; urn?: string }[],
  config: UnknownInputConfig,
  report: (message: string, urn?: string) => void,
): void {
  if (unknowns.length === 0) return;
  if (!config.failClosedOnUnknown) throw new proxy.UnknownValueError(proxy.unknownStringValue, [unknowns[0]!.path]);
  for (const { path, subject, urn } of unknowns)
    report(`${subject}: ${path} is unknown at preview time, and this guardrail cannot pass what it cannot read (fail closed)`, urn);
}
