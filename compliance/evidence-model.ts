import type { DrillResults } from "./drill-results";
import type { Framework, Guardrail, Profile } from "../policies/catalog";
import type { PlanDocument, PlanResource, PolicyViolation } from "../plan/plan-document";
import type { AccessMatrix } from "./access-matrix";
import type { SbomSummary } from "./platform-sbom";

/** What a control is evaluated against: one stack's plan, the guardrail catalog and the plan's policy results. */
export interface EvidenceContext {
  plan: PlanDocument;
  profile: Profile;
  catalog: readonly Guardrail[];
  /** Violations of guardrails in `catalog` (others are ignored: a guardrail removed from the catalog is not evidence either way). */
  violations: readonly PolicyViolation[];
  /** Summary of the platform SBOM built alongside the report (absent: the SBOM was not generated). */
  sbom?: SbomSummary;
  /** The plan's access graph (absent: not computed for this report). */
  access?: AccessMatrix;
  /** Restore drill results from an export of their metrics (`--drill-results`; absent: not given). */
  drillResults?: DrillResults;
  /** When the report is built: drill results are counted back from it. */
  generatedAt?: Date;
}

/** One piece of evidence: a planned resource and the settings that matter, or a guardrail with its results. */
export type EvidenceItem =
  | { kind: "resource"; urn: string; type: string; name: string; settings: Readonly<Record<string, string>> }
  | { kind: "guardrail"; id: string; title: string; enforcement: string; enforcedBy: string; violations: number; regulations: string }
  | { kind: "artifact"; id: string; title: string; settings: Readonly<Record<string, string>> };

/** Something a control needs that the plan or catalog does not show. */
export interface MissingItem {
  what: string;
}

export interface SelectorResult {
  evidence: EvidenceItem[];
  missing: MissingItem[];
}

/** A function over plan + catalog + violations; named so the report can say what was looked for. */
export interface EvidenceSelector {
  /** What is looked for, e.g. "Velero schedules for the Harbor and Vault namespaces". */
  looksFor: string;
  select: (context: EvidenceContext) => SelectorResult;
}

export type ControlStatus = "met" | "partial" | "not covered";

export interface ControlDefinition {
  id: string;
  regulation: Framework;
  /** Only article numbers confirmed in the project's reference notes; otherwise generic (see docs/compliance.md). */
  article: string;
  title: string;
  /** Short paraphrase of the requirement, not a quote. */
  requirement: string;
  /** Platform features that implement the control. */
  features: readonly string[];
  evidence: readonly EvidenceSelector[];
  /** Organisational duties the platform cannot show; listed with the control, not counted in its status. */
  notes?: readonly string[];
  /** Defaults to `statusOf`. */
  status?: (result: SelectorResult) => ControlStatus;
}

export interface ControlResult {
  id: string;
  regulation: Framework;
  article: string;
  title: string;
  requirement: string;
  features: readonly string[];
  status: ControlStatus;
  evidence: EvidenceItem[];
  missing: MissingItem[];
  notes: readonly string[];
}

/** Met when nothing is missing; partial when some evidence exists; not covered when the plan shows none. */
export function statusOf(result: SelectorResult): ControlStatus {
  if (result.missing.length === 0 && result.evidence.length > 0) return "met";
  return result.evidence.length > 0 ? "partial" : "not covered";
}

/** Stable key of an evidence item, used for anchors and deduplication. */
export const evidenceKey = (item: EvidenceItem): string => (item.kind === "resource" ? item.urn : `${item.kind}:${item.id}`);

export const resourceEvidence = (resource: PlanResource, settings: Record<string, string> = {}): EvidenceItem => ({
  kind: "resource",
  urn: resource.urn,
  type: resource.type,
  name: resource.name,
  settings,
});

/** Evidence without repeats (one resource can support several parts of a control). */
export const uniqueEvidence = (items: readonly EvidenceItem[]): EvidenceItem[] =>
  items.filter((item, index) => items.findIndex((other) => evidenceKey(other) === evidenceKey(item)) === index);
