import { z } from "zod";
import { TENANCY_LABEL_KEYS } from "../components/onboarding/tenancy/labels";
import { VALIDATION_ACTIONS } from "../components/platform/kyverno/validation-actions";
import { PROFILES, type Profile } from "../policies/catalog";
import { stackEnforcement, type ScopedNamespace } from "../policies/enforcement/levels";
import type { AdmissionEnforcement } from "../policies/kyverno/admission-actions";
import type { PlanDocument } from "./plan-document";

/** The stack output `guardrails.enforcement` (stacks/program.ts, stacks/tenant.ts). */
const enforcementSchema = z.object({
  profile: z.enum(PROFILES),
  environments: z.array(z.object({ name: z.string(), tier: z.enum(PROFILES) })),
  advisoryActions: z.array(z.enum(VALIDATION_ACTIONS)).optional(),
});
const environmentsSchema = z.array(z.object({ name: z.string(), production: z.boolean(), enforcement: z.enum(PROFILES).optional() }));

const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * What the plan's guardrails enforce where (`profile`: the plan's), and what its advisory Kyverno
 * policies do. From `guardrails.enforcement`; for plans written before it existed, derived from
 * the exported environments by the same rule, else the profile everywhere.
 */
export function planEnforcement(plan: PlanDocument, profile: Profile): AdmissionEnforcement {
  const exported = enforcementSchema.safeParse(record(plan.outputs.guardrails).enforcement);
  if (exported.success) return exported.data;
  const environments = environmentsSchema.safeParse(record(plan.outputs.onboarding).environments);
  return stackEnforcement(profile, environments.success ? environments.data : []);
}

/** The plan's app namespaces with their environment (the label the platform sets on each). */
export function planNamespaces(plan: PlanDocument): ScopedNamespace[] {
  return plan.resources
    .filter((r) => r.type === "kubernetes:core/v1:Namespace")
    .flatMap((r) => {
      const metadata = record(r.inputs.metadata);
      const environment = record(metadata.labels)[TENANCY_LABEL_KEYS.environment];
      return typeof metadata.name === "string"
        ? [{ name: metadata.name, ...(typeof environment === "string" ? { environment } : {}) }]
        : [];
    });
}
