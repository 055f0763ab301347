import { statusOf, uniqueEvidence, type ControlDefinition, type ControlResult, type EvidenceContext } from "./evidence-model";

/** Runs each control's evidence selectors and applies its status rule. */
export function evaluateControls(controls: readonly ControlDefinition[], context: EvidenceContext): ControlResult[] {
  const ids = new Set<string>();
  return controls.map((control) => {
    if (ids.has(control.id)) throw new Error(`duplicate control id '${control.id}'`);
    ids.add(control.id);
    const results = control.evidence.map((selector) => selector.select(context));
    const combined = { evidence: uniqueEvidence(results.flatMap((r) => r.evidence)), missing: results.flatMap((r) => r.missing) };
    return {
      id: control.id,
      regulation: control.regulation,
      article: control.article,
      title: control.title,
      requirement: control.requirement,
      features: control.features,
      status: (control.status ?? statusOf)(combined),
      evidence: combined.evidence,
      missing: combined.missing,
      notes: control.notes ?? [],
    };
  });
}
