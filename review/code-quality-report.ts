import { createHash } from "node:crypto";
import type { PlanDocument } from "../plan/plan-document";
import type { Severity } from "../policies/catalog";
import type { CodeQualityIssue, CodeQualitySeverity } from "./code-quality-schema";
import { reviewedViolations } from "./violation-view";

/** The catalog's severity in GitLab's scale; a mandatory violation blocks the merge, whatever its severity. */
const SEVERITY: Record<Severity, CodeQualitySeverity> = { critical: "critical", high: "major", medium: "minor", low: "info" };

/**
 * The plan's violations as a GitLab Code Quality report (`artifacts:reports:codequality`). The plan
 * has no source lines, so each issue points at the stack file that configured the stack (line 1).
 * The fingerprint hashes stack, guardrail, resource and message: stable across pipelines, so GitLab
 * tells new violations from those the target branch already had.
 */
export function codeQualityReport(plan: PlanDocument, stackFile: string): CodeQualityIssue[] {
  return reviewedViolations(plan).map((violation) => ({
    description: `[${violation.enforcementLevel}] ${violation.message} (resource ${violation.resource.name}). Fix: ${violation.guardrail.fix}`,
    check_name: violation.policy,
    fingerprint: createHash("sha256").update([plan.stack, violation.policy, violation.urn, violation.message].join("\n")).digest("hex"),
    severity: violation.enforcementLevel === "mandatory" ? "blocker" : SEVERITY[violation.guardrail.severity],
    location: { path: stackFile, lines: { begin: 1 } },
  }));
}
