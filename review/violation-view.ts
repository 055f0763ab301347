import type { PlanDocument, PlanResource, PolicyViolation } from "../plan/plan-document";
import { GUARDRAILS, type Guardrail, type Profile } from "../policies/catalog";

/** A violation with what every report says about it: the guardrail and the resource it names. */
export interface ReviewedViolation extends PolicyViolation {
  guardrail: Guardrail;
  resource: Pick<PlanResource, "urn" | "name" | "type">;
}

/** Guardrails the plan is checked against: those CrossGuard implements (the others are checked at admission only). */
export const planGuardrails = (): readonly Guardrail[] => GUARDRAILS.filter((g) => g.implementations.includes("crossguard"));

/** The plan's violations with their guardrail and resource (the stack itself when the URN is not a planned resource). */
export function reviewedViolations(plan: PlanDocument): ReviewedViolation[] {
  const byUrn = new Map(plan.resources.map((resource) => [resource.urn, resource]));
  const byId = new Map(GUARDRAILS.map((guardrail) => [guardrail.id, guardrail]));
  return plan.policies.violations.map((violation) => {
    const guardrail = byId.get(violation.policy);
    if (guardrail === undefined) throw new Error(`the plan names guardrail '${violation.policy}', which the catalog does not have`);
    const resource = byUrn.get(violation.urn) ?? { urn: violation.urn, name: violation.urn.split("::").pop() ?? violation.urn, type: "" };
    return { ...violation, guardrail, resource };
  });
}

/** The profile whose levels the plan was checked with (its `profile` output). */
export function planProfileName(plan: PlanDocument): Profile | undefined {
  const profile = plan.outputs.profile;
  return profile === "dev" || profile === "staging" || profile === "prod" ? profile : undefined;
}
