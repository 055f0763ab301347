import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { GUARDRAILS, type Guardrail, type Profile } from "./catalog";
import { CROSSGUARD_RULES } from "./crossguard";
import { namespaceLevels, type ScopedNamespace, type StackEnforcement } from "./enforcement/levels";
import { SCOPE_CONFIG_KEY, type PolicyScope, type Waiver } from "./enforcement/policy-scope";

export const PACK_NAME = "delivery-platform-guardrails";

export const crossGuardGuardrails = (): Guardrail[] => GUARDRAILS.filter((g) => g.implementations.includes("crossguard"));

function ruleOf(guardrail: Guardrail) {
  const rule = CROSSGUARD_RULES[guardrail.id];
  if (rule === undefined)
    throw new Error(`guardrail '${guardrail.id}' is implemented in CrossGuard but has no rule in policies/crossguard`);
  return rule;
}

/**
 * The pack's policies, one per catalog guardrail checked by CrossGuard. Without
 * a config file they enforce the prod levels (fail closed); the profile's
 * config file (policies/config/<profile>.json) sets each profile's levels.
 */
export function guardrailPolicies(levelOf: (guardrail: Guardrail) => EnforcementLevel = (g) => g.enforcement.prod): Policies {
  return crossGuardGuardrails().map((guardrail) => ({
    name: guardrail.id,
    description: guardrail.title,
    enforcementLevel: levelOf(guardrail),
    severity: guardrail.severity,
    remediationSteps: guardrail.fix,
    tags: [guardrail.area, ...new Set(guardrail.regulations.map((r) => r.framework))],
    ...ruleOf(guardrail),
  }));
}

/** Parameters that differ per stack rather than per guardrail. */
export interface PolicyParameters {
  /** Host of the platform registry (the plan's `registryHost` output). */
  registryHost?: string;
  /** The tiers of the stack's environments (the plan's `guardrails.enforcement` output). */
  enforcement?: StackEnforcement;
  /** The stack's namespaces with their environments; with `enforcement`, each policy's namespace levels. */
  namespaces?: readonly ScopedNamespace[];
  /** The open exception records' waivers, by guardrail id. */
  waivers?: ReadonlyMap<string, readonly Waiver[]>;
}

/** Guardrails that compare images with the platform registry's host. */
const REGISTRY_HOST_GUARDRAILS = ["images-from-platform-registry", "app-images-own-project"];

export type PolicyPackConfig = Record<string, { enforcementLevel: EnforcementLevel } & Record<string, unknown>>;

const defaultsOf = (properties: PolicyConfigSchema["properties"] = {}) =>
  Object.fromEntries(Object.entries(properties).map(([key, schema]) => [key, schema.default as unknown]));

/** The policy config file content of a profile (`--policy-pack-config policies/config/<profile>.json`). */
export function policyPackConfig(profile: Profile, parameters: PolicyParameters = {}): PolicyPackConfig {
  const config: PolicyPackConfig = {};
  for (const guardrail of crossGuardGuardrails()) {
    const rule = ruleOf(guardrail);
    config[guardrail.id] = { enforcementLevel: guardrail.enforcement[profile], ...defaultsOf(rule.configSchema?.properties) };
  }
  // Only prod requires digests: dev and staging iterate on tags, which admission also allows there.
  config["image-tag-pinned"] = { ...config["image-tag-pinned"]!, requireDigest: profile === "prod" };
  for (const id of REGISTRY_HOST_GUARDRAILS)
    if (parameters.registryHost !== undefined) config[id] = { ...config[id]!, registryHost: parameters.registryHost };
  // Inputs unknown at preview time fail closed in prod; elsewhere they are the analyzer's advisory, as before.
  for (const entry of Object.values(config)) if ("failClosedOnUnknown" in entry) entry.failClosedOnUnknown = profile === "prod";
  for (const guardrail of crossGuardGuardrails()) {
    const scope = policyScope(guardrail, parameters);
    if (scope !== undefined) config[guardrail.id] = { ...config[guardrail.id]!, [SCOPE_CONFIG_KEY]: scope };
  }
  return config;
}

/** A policy's per-stack scope, or undefined when every namespace has the profile's level and nothing is waived. */
function policyScope(guardrail: Guardrail, { enforcement, namespaces = [], waivers }: PolicyParameters): PolicyScope | undefined {
  const levels = enforcement === undefined ? {} : namespaceLevels(guardrail, enforcement, namespaces);
  const waived = waivers?.get(guardrail.id) ?? [];
  if (Object.keys(levels).length === 0 && waived.length === 0) return undefined;
  return { ...(Object.keys(levels).length > 0 ? { namespaceLevels: levels } : {}), ...(waived.length > 0 ? { waivers: [...waived] } : {}) };
}
