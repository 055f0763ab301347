import { planExceptions } from "../plan/plan-guardrails";
import type { PlanDocument, PolicyViolation } from "../plan/plan-document";
import { isExpiredOn } from "../policies/exceptions/exception-record";

/** One exception record in the evidence: who owns it, where it was decided, until when, and what it waives. */
export interface ExceptionEvidence {
  id: string;
  guardrail: string;
  scope: string;
  reason: string;
  owner: string;
  ticket: string;
  expires: string;
  /** Judged when the report is generated: a record may have expired since the plan. */
  status: "open" | "expired";
  /** Violations of the plan this record waives (advisory instead of mandatory, with the record). */
  waivedViolations: number;
  /** The Kyverno PolicyException made from it, and the policies it references. */
  kyverno?: { policyException: string; policies: string[] };
}

/** The plan's exception records, open and expired, for the report: each is a risk decision an auditor asks for. */
export function policyExceptionEvidence(plan: PlanDocument, violations: readonly PolicyViolation[], at: Date): ExceptionEvidence[] {
  return planExceptions(plan).map((e) => ({
    id: e.id,
    guardrail: e.guardrail,
    scope: e.scopeText,
    reason: e.reason,
    owner: e.owner,
    ticket: e.ticket,
    expires: e.expires,
    status: e.status === "expired" || isExpiredOn(e, at) ? "expired" : "open",
    waivedViolations: violations.filter((v) => v.waiver?.id === e.id).length,
    ...(e.kyverno ? { kyverno: e.kyverno } : {}),
  }));
}
