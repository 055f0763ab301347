import { DELIVERY_GUARDRAILS } from "./delivery";
import { RESILIENCE_GUARDRAILS } from "./resilience";
import { SECRETS_IDENTITY_GUARDRAILS } from "./secrets-identity";
import { SUPPLY_CHAIN_GUARDRAILS } from "./supply-chain";
import { TENANCY_GUARDRAILS } from "./tenancy";
import type { Guardrail } from "./types";
import { WORKLOAD_GUARDRAILS } from "./workloads";

export * from "./types";

/** The one guardrail catalog: CrossGuard, offline plan evaluation, Kyverno and docs/guardrails.md all derive from it. */
export const GUARDRAILS: readonly Guardrail[] = [
  ...WORKLOAD_GUARDRAILS,
  ...TENANCY_GUARDRAILS,
  ...SUPPLY_CHAIN_GUARDRAILS,
  ...SECRETS_IDENTITY_GUARDRAILS,
  ...DELIVERY_GUARDRAILS,
  ...RESILIENCE_GUARDRAILS,
];

export function guardrailById(id: string): Guardrail {
  const found = GUARDRAILS.find((g) => g.id === id);
  if (!found) throw new Error(`unknown guardrail '${id}'`);
  return found;
}
