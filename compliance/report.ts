/**
 * The evidence report of one stack: control matrix, audit trails, exit plan
 * and the platform SBOM summary, from the plan, the guardrail catalog and the
 * plan's policy results. Pure: the CLI reads files and writes the renderings.
 */
import type { DrillResults } from "./drill-results";
import type { Guardrail } from "../policies/catalog";
import type { PlanDocument, PolicyViolation } from "../plan/plan-document";
import { auditTrails, type AuditTrail } from "./audit-trail";
import { evaluateControls } from "./control-matrix";
import { CONTROLS } from "./controls";
import type { ControlDefinition, ControlResult, ControlStatus } from "./evidence-model";
import { exitPlan, type ExitPlan } from "./exit-plan";
import type { AccessMatrix } from "./access-matrix";
import type { SbomSummary } from "./platform-sbom";
import { REGULATIONS, type RegulationInfo } from "./regulations";
import { planProfile } from "../plan/policy-evaluation";
import { policyExceptionEvidence, type ExceptionEvidence } from "./policy-exceptions";

/** What the report was built from, so a reader can rebuild it and tell it from a later one. */
export interface ReportProvenance {
  /** Git commit of the repository (CI_COMMIT_SHA, else `git rev-parse HEAD`); absent outside a checkout. */
  commit?: string;
  /** SHA-256 of the stack file's bytes (stacks/Pulumi.<stack>.yaml). */
  stackConfigSha256: string;
  /** `<package name>@<version>` of this repository, and the Node.js version that ran it. */
  tool: string;
  node: string;
}

/** Says on every rendering what the report is: planned configuration, not observed state. */
export const PLANNED_NOT_DEPLOYED =
  "This report describes the planned configuration of the stack (an offline plan of this repository's program), not a deployed platform: it shows what `pulumi up` would set, not what runs.";

export interface EvidenceReport {
  stack: string;
  profile: string;
  generatedAt: string;
  provenance: ReportProvenance;
  regulations: RegulationInfo[];
  controls: ControlResult[];
  totals: Record<ControlStatus, number>;
  auditTrails: AuditTrail[];
  exitPlan: ExitPlan;
  /** Every exception record of the plan, open and expired, with owner, ticket and expiry. */
  policyExceptions: ExceptionEvidence[];
  sbom?: SbomSummary;
  /** Guardrails whose regulation references docs/guardrails.md marks as unverified. */
  caveats: string[];
}

export interface ReportInputs {
  plan: PlanDocument;
  catalog: readonly Guardrail[];
  violations: readonly PolicyViolation[];
  sbom?: SbomSummary;
  /** The plan's access graph (compliance/access-matrix.ts), computed by the caller since it is asynchronous. */
  access?: AccessMatrix;
  /** Restore drill results (compliance/drill-results.ts), when an export is given. */
  drillResults?: DrillResults;
  generatedAt: Date;
  provenance: ReportProvenance;
  controls?: readonly ControlDefinition[];
}

export function buildEvidenceReport(inputs: ReportInputs): EvidenceReport {
  const profile = planProfile(inputs.plan);
  if (profile === undefined) throw new Error("the plan has no 'profile' output (dev, staging or prod)");
  const ids = new Set(inputs.catalog.map((g) => g.id));
  const controls = evaluateControls(inputs.controls ?? CONTROLS, {
    plan: inputs.plan,
    profile,
    catalog: inputs.catalog,
    violations: inputs.violations.filter((v) => ids.has(v.policy)),
    ...(inputs.sbom ? { sbom: inputs.sbom } : {}),
    ...(inputs.access ? { access: inputs.access } : {}),
    ...(inputs.drillResults ? { drillResults: inputs.drillResults } : {}),
    generatedAt: inputs.generatedAt,
  });
  const totals: Record<ControlStatus, number> = { met: 0, partial: 0, "not covered": 0 };
  for (const control of controls) totals[control.status] += 1;
  return {
    stack: inputs.plan.stack,
    profile,
    generatedAt: inputs.generatedAt.toISOString(),
    provenance: inputs.provenance,
    regulations: Object.values(REGULATIONS),
    controls,
    totals,
    auditTrails: auditTrails(inputs.plan),
    exitPlan: exitPlan(inputs.plan),
    policyExceptions: policyExceptionEvidence(inputs.plan, inputs.violations, inputs.generatedAt),
    ...(inputs.sbom ? { sbom: inputs.sbom } : {}),
    caveats: [
      "Article numbers are cited only where the project's reference notes confirm them; other references are generic (e.g. 'Annex I Part I').",
      "The guardrail catalog's CRA Annex I sub-letters and DORA Art. 8/9/12 references are unverified (docs/guardrails.md) and are shown as the catalog states them.",
      "Status is what the plan shows technically; organisational duties are listed as notes. None of this is legal advice.",
    ],
  };
}
