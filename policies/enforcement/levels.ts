import { PROFILES, type Enforcement, type Guardrail, type Profile } from "../catalog";

/**
 * The one rule that decides how hard a guardrail bites, shared by the CrossGuard pack (over the
 * plan) and the Kyverno policies (at admission): a guardrail's level in an environment is the
 * catalog's level for that environment's tier. Platform resources outside app namespaces take the
 * stack profile as their tier.
 */

/** Which catalog column (dev, staging, prod) applies to an environment's namespaces. */
export type EnforcementTier = Profile;

/** An environment as the enforcement rule reads it (stack config `environments[]`). */
export interface EnvironmentEnforcementInput {
  name: string;
  production: boolean;
  /** `environments[].enforcement`: set explicitly in the stack config. */
  enforcement?: EnforcementTier;
}

/** An environment with the tier the rule gave it. */
export interface EnvironmentTier {
  name: string;
  tier: EnforcementTier;
}

/** What a stack's guardrails enforce where: its profile (platform scope) and each environment's tier. */
export interface StackEnforcement {
  profile: Profile;
  environments: readonly EnvironmentTier[];
}

/**
 * The tier of an environment: `enforcement` when set; else `prod` for a production environment;
 * else the profile it is named after (`dev`, `staging`, `prod`); else `dev`, the loosest, since an
 * unnamed non-production environment is where teams iterate.
 */
export function environmentTier(environment: EnvironmentEnforcementInput): EnforcementTier {
  if (environment.enforcement !== undefined) return environment.enforcement;
  if (environment.production) return "prod";
  return (PROFILES as readonly string[]).includes(environment.name) ? (environment.name as Profile) : "dev";
}

export function stackEnforcement(profile: Profile, environments: readonly EnvironmentEnforcementInput[]): StackEnforcement {
  return { profile, environments: environments.map((env) => ({ name: env.name, tier: environmentTier(env) })) };
}

/** The guardrail's level in a tier: the catalog's, never looser or stricter at either enforcement point. */
export const guardrailLevel = (guardrail: Pick<Guardrail, "enforcement">, tier: EnforcementTier): Enforcement =>
  guardrail.enforcement[tier];

/** The tier of an environment by name; a namespace of no declared environment gets the stack profile, as platform resources do. */
export function tierOf(enforcement: StackEnforcement, environment: string | undefined): EnforcementTier {
  return enforcement.environments.find((env) => env.name === environment)?.tier ?? enforcement.profile;
}

/** A namespace of the stack and the environment it belongs to (app namespaces; platform namespaces have none). */
export interface ScopedNamespace {
  name: string;
  environment?: string;
}

/** The namespaces where the guardrail's level differs from its stack level, with their level. */
export function namespaceLevels(
  guardrail: Pick<Guardrail, "enforcement">,
  enforcement: StackEnforcement,
  namespaces: readonly ScopedNamespace[],
): Record<string, Enforcement> {
  const stackLevel = guardrailLevel(guardrail, enforcement.profile);
  const levels: Record<string, Enforcement> = {};
  for (const namespace of namespaces) {
    if (namespace.environment === undefined) continue;
    const level = guardrailLevel(guardrail, tierOf(enforcement, namespace.environment));
    if (level !== stackLevel) levels[namespace.name] = level;
  }
  return levels;
}
