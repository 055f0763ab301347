import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

/** The check of a resource guardrail; name, description and enforcement come from the catalog. */
export type ResourceRule = Required<Pick<ResourceValidationPolicy, "validateResource">> & { configSchema?: PolicyConfigSchema };
/** The check of a stack guardrail (one that needs several resources or their dependencies). */
export type StackRule = Pick<StackValidationPolicy, "validateStack"> & { configSchema?: PolicyConfigSchema };
export type CrossGuardRule = ResourceRule | StackRule;

export const isStackRule = (rule: CrossGuardRule): rule is StackRule => "validateStack" in rule;

/**
 * The policy's config with its defaults filled in: the engine passes only what
 * the config file sets, so every rule states its defaults once, here and in its schema.
 */
export function withDefaults<T extends object>(defaults: T, configured: Partial<T>): T {
  const present = Object.fromEntries(Object.entries(configured).filter(([, value]) => value !== undefined)) as Partial<T>;
  return { ...defaults, ...present };
}

/** A config schema whose defaults are the given values (arrays of strings, strings, numbers and booleans). */
export function schemaWithDefaults(
  defaults: Record<string, string | number | boolean | readonly string[] | Record<string, string>>,
): PolicyConfigSchema {
  const properties: PolicyConfigSchema["properties"] = {};
  for (const [key, value] of Object.entries(defaults)) {
    if (Array.isArray(value)) properties[key] = { type: "array", items: { type: "string" }, default: [...(value as string[])] };
    else if (typeof value === "object")
      properties[key] = { type: "object", additionalProperties: { type: "string" }, default: { ...value } };
    else properties[key] = { type: typeof value as "string" | "number" | "boolean", default: value };
  }
  return { properties };
}
