import { evidenceKey, type EvidenceItem } from "./evidence-model";
import type { EvidenceReport } from "./report";

export interface IndexedEvidence {
  /** `E1`, `E2`, … in order of first reference. */
  label: string;
  /** Anchor id in both renderings. */
  anchor: string;
  item: EvidenceItem;
}

/** Numbers every evidence item the report refers to, so each control can link to it. */
export function evidenceIndex(report: EvidenceReport): { entries: IndexedEvidence[]; of: (item: EvidenceItem) => IndexedEvidence } {
  const byKey = new Map<string, IndexedEvidence>();
  const all = [
    ...report.controls.flatMap((c) => c.evidence),
    ...report.auditTrails.flatMap((t) => t.evidence),
    ...report.exitPlan.dependencies.flatMap((d) => d.evidence),
    ...report.exitPlan.dataLocations.flatMap((d) => d.evidence),
  ];
  for (const item of all) {
    const key = evidenceKey(item);
    if (!byKey.has(key)) byKey.set(key, { label: `E${byKey.size + 1}`, anchor: `e${byKey.size + 1}`, item });
  }
  return {
    entries: [...byKey.values()],
    of: (item) => {
      const found = byKey.get(evidenceKey(item));
      if (found === undefined) throw new Error(`evidence ${evidenceKey(item)} is not indexed`);
      return found;
    },
  };
}

/** One-line description of an item: what it is and the settings that matter. */
export function describeEvidence(item: EvidenceItem): { title: string; details: [string, string][] } {
  switch (item.kind) {
    case "resource":
      return { title: `${item.type} ${item.name}`, details: [["urn", item.urn], ...Object.entries(item.settings)] };
    case "guardrail":
      return {
        title: `guardrail ${item.id}: ${item.title}`,
        details: [
          ["enforcement", item.enforcement],
          ["enforced by", item.enforcedBy],
          ["violations in this plan", String(item.violations)],
          ["catalog regulations", item.regulations],
        ],
      };
    case "artifact":
      return { title: item.title, details: Object.entries(item.settings) };
  }
}
