import type { RuleId } from "../access/rules";
import type { EvidenceItem, EvidenceSelector } from "./evidence-model";
import { selector } from "./selectors";

/**
 * Evidence from the access graph (compliance/access-matrix.ts): the graph's size, each path a
 * stack accepts as a risk (with its reason), and each path that breaks one of `rules` as a
 * missing item. Without a computed graph (a report built without it) it says nothing.
 */
export function accessPaths(rules: readonly RuleId[], looksFor: string): EvidenceSelector {
  return selector(looksFor, ({ access }) => {
    if (access === undefined) return { evidence: [], missing: [] };
    if (access.kind === "invalid")
      return { evidence: [], missing: access.problems.map((what) => ({ what: `access graph not computed: ${what}` })) };
    const relevant = access.paths.filter((p) => rules.includes(p.rule));
    const evidence: EvidenceItem[] = [
      {
        kind: "artifact",
        id: "access-graph",
        title: "Access graph of this plan (npm run access): principals, assets and the edges between them",
        settings: {
          principals: String(access.principals),
          assets: String(access.assets),
          edges: String(access.edges),
          "broken rule paths": String(access.paths.filter((p) => p.accepted === undefined).length),
          "accepted risks": String(access.paths.filter((p) => p.accepted !== undefined).length),
        },
      },
      ...relevant
        .filter((p) => p.accepted !== undefined)
        .map((p, i): EvidenceItem => ({
          kind: "artifact",
          id: `access-accepted-${p.rule}-${i + 1}`,
          title: `Accepted risk ${p.accepted!.id} (${p.rule})`,
          settings: { reason: p.accepted!.reason, path: p.path },
        })),
    ];
    return {
      evidence,
      missing: relevant
        .filter((p) => p.accepted === undefined)
        .map((p) => ({ what: `access path breaks ${p.rule} (${p.description}): ${p.path}` })),
    };
  });
}
