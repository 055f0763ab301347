/**
 * Building blocks for control evidence: each returns what it found in the plan
 * or catalog and, when it found nothing (or a guardrail reports violations),
 * what is missing.
 */
import type { PlanResource } from "../plan/plan-document";
import { resourceEvidence, type EvidenceContext, type EvidenceItem, type EvidenceSelector, type SelectorResult } from "./evidence-model";
import { display, releasesOf, valueAt } from "./plan-queries";

export const selector = (looksFor: string, select: (context: EvidenceContext) => SelectorResult): EvidenceSelector => ({
  looksFor,
  select,
});

export interface ResourceQuery {
  looksFor: string;
  type: string;
  where?: (resource: PlanResource) => boolean;
  /** The settings that matter for the control, shown with the resource. */
  settings?: (resource: PlanResource) => Record<string, string>;
  /** Problems with a matching resource (e.g. "scan on push is off"); each becomes a missing item. */
  problems?: (resource: PlanResource) => string[];
}

function fromResources(looksFor: string, found: PlanResource[], query: Omit<ResourceQuery, "looksFor" | "type" | "where">): SelectorResult {
  if (found.length === 0) return { evidence: [], missing: [{ what: `no ${looksFor} in the plan` }] };
  return {
    evidence: found.map((r) => resourceEvidence(r, query.settings?.(r) ?? {})),
    missing: found.flatMap((r) => (query.problems?.(r) ?? []).map((problem) => ({ what: `${r.name}: ${problem}` }))),
  };
}

/** Resources of one type (optionally filtered); missing when there is none. */
export const resources = (query: ResourceQuery): EvidenceSelector =>
  selector(query.looksFor, ({ plan }) =>
    fromResources(
      query.looksFor,
      plan.resources.filter((r) => r.type === query.type && (query.where?.(r) ?? true)),
      query,
    ),
  );

/** The Helm release of a chart; missing when the service is not installed. */
export const release = (chart: string, query: Omit<ResourceQuery, "type" | "where">): EvidenceSelector =>
  selector(query.looksFor, ({ plan }) => fromResources(query.looksFor, releasesOf(plan, chart), query));

const KYVERNO_POLICY_TYPES = [
  "kubernetes:policies.kyverno.io/v1:ValidatingPolicy",
  "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy",
];

/** Kyverno policies in the plan that implement a guardrail (named after it, or labelled with it). */
function kyvernoPolicies(context: EvidenceContext, id: string): PlanResource[] {
  return context.plan.resources.filter((r) => {
    if (!KYVERNO_POLICY_TYPES.includes(r.type)) return false;
    const metadata = (r.inputs.metadata ?? {}) as { name?: unknown; labels?: Record<string, unknown> };
    return metadata.name === id || metadata.labels?.["platform.delivery/guardrail"] === id;
  });
}

/**
 * Guardrails of the catalog with their enforcement in this profile and their
 * results on the plan: missing when a guardrail is not in the catalog, when its
 * Kyverno policy is not installed, or when the plan violates it.
 */
export const guardrails = (...ids: string[]): EvidenceSelector =>
  selector(`guardrails ${ids.join(", ")}`, (context) => {
    const evidence: EvidenceItem[] = [];
    const missing: SelectorResult["missing"] = [];
    for (const id of ids) {
      const guardrail = context.catalog.find((g) => g.id === id);
      if (guardrail === undefined) {
        missing.push({ what: `guardrail '${id}' is not in the catalog` });
        continue;
      }
      const violations = context.violations.filter((v) => v.policy === id);
      evidence.push({
        kind: "guardrail",
        id,
        title: guardrail.title,
        enforcement: `${guardrail.enforcement[context.profile]} in ${context.profile}`,
        enforcedBy: guardrail.implementations.join(", "),
        violations: violations.length,
        regulations: guardrail.regulations.map((r) => `${r.framework} ${r.article}`).join("; "),
      });
      if (violations.length > 0) {
        const names = [...new Set(violations.map((v) => v.urn.split("::").pop()))].slice(0, 5).join(", ");
        missing.push({ what: `${violations.length} violation(s) of '${id}' in this plan (${names})` });
      }
      if (guardrail.implementations.includes("kyverno")) {
        const policies = kyvernoPolicies(context, id);
        if (policies.length === 0) missing.push({ what: `no Kyverno policy for guardrail '${id}' in the plan` });
        evidence.push(
          ...policies.map((p) => resourceEvidence(p, { validationActions: display(valueAt(p.inputs, "spec.validationActions")) })),
        );
      }
    }
    return { evidence, missing };
  });

/** Combines several selectors into one (used where one requirement needs several kinds of evidence). */
export const allOf = (looksFor: string, ...parts: EvidenceSelector[]): EvidenceSelector =>
  selector(looksFor, (context) => {
    const results = parts.map((p) => p.select(context));
    return { evidence: results.flatMap((r) => r.evidence), missing: results.flatMap((r) => r.missing) };
  });

/** The platform SBOM built with the report (`platform.cdx.json`). */
export const platformSbomArtifact = (): EvidenceSelector =>
  selector("the platform SBOM (CycloneDX)", ({ sbom }) =>
    sbom === undefined
      ? { evidence: [], missing: [{ what: "the platform SBOM was not generated with this report" }] }
      : {
          evidence: [
            {
              kind: "artifact",
              id: "platform-sbom",
              title: `Platform SBOM platform.cdx.json (${sbom.format})`,
              settings: {
                components: String(sbom.components),
                charts: String(sbom.charts),
                images: String(sbom.images),
                providers: String(sbom.providers),
                npmPackages: String(sbom.npmPackages),
              },
            },
          ],
          missing: [],
        },
  );
