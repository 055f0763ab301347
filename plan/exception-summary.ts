import { planExceptions } from "./plan-guardrails";
import type { PlanDocument } from "./plan-document";

/**
 * The plan's exception records for the printed summary: one line each (open or expired, guardrail,
 * scope, owner, ticket, expiry, the violations it waives), and a warning per expired record, which
 * applies nowhere (prod refuses expired records at config validation). Pure: the CLI prints it.
 */
export function exceptionSummary(plan: PlanDocument): { lines: string[]; warnings: string[] } {
  const exceptions = planExceptions(plan);
  if (exceptions.length === 0) return { lines: [], warnings: [] };
  const waived = (id: string) => plan.policies.violations.filter((v) => v.waiver?.id === id).length;
  const lines = [
    `Policy exceptions (${exceptions.filter((e) => e.status === "open").length} open, ${exceptions.filter((e) => e.status === "expired").length} expired):`,
    ...exceptions.map(
      (e) =>
        `  ${e.status.padEnd(7)}  ${e.id}: ${e.guardrail} for ${e.scopeText}; owner ${e.owner}, ticket ${e.ticket}, expires ${e.expires}` +
        (e.status === "open"
          ? `; waives ${waived(e.id)} violation(s)${e.kyverno ? `, PolicyException ${e.kyverno.policyException}` : ""}`
          : ""),
    ),
  ];
  const warnings = exceptions
    .filter((e) => e.status === "expired")
    .map(
      (e) =>
        `warning: exception '${e.id}' (${e.guardrail}, owner ${e.owner}, ticket ${e.ticket}) expired on ${e.expires}: it applies nowhere; fix the violation, renew it or remove it`,
    );
  return { lines, warnings };
}
