/**
 * Platform profiles: the shape a whole platform takes (dev: single replicas and Vault dev mode;
 * staging; prod: HA). Vocabulary shared by the components, the guardrails and the stack config.
 */
export const PROFILES = ["dev", "staging", "prod"] as const;
export type Profile = (typeof PROFILES)[number];
