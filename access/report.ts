import type { BuiltAccessGraph } from "./access-graph";
import { ownerLabel, type GraphEdge } from "./graph";
import { RULES, type Finding, type RuleId } from "./rules";

/** The machine-readable access graph (`--json`): nodes, edges, findings with their paths. */
export interface AccessReport {
  stack: string;
  gitlabTier: string;
  gitlabTierAssumed: boolean;
  counts: { principals: number; identities: number; assets: number; edges: number };
  principals: { id: string; label: string; owner: string; refClass?: string }[];
  assets: { id: string; label: string; owner: string; tags: string[] }[];
  identities: { id: string; label: string; owner: string }[];
  edges: GraphEdge[];
  findings: {
    rule: RuleId;
    description: string;
    accepted?: { id: string; reason: string };
    path: { nodes: string[]; via: string[]; sources: (string | null)[] };
  }[];
}

export function accessReport(built: BuiltAccessGraph, findings: readonly Finding[]): AccessReport {
  const { graph } = built;
  const nodes = [...graph.nodes.values()];
  const of = (kind: string) => nodes.filter((n) => n.kind === kind);
  return {
    stack: built.stack,
    gitlabTier: built.settings.tier,
    gitlabTierAssumed: built.settings.tierAssumed,
    counts: { principals: of("principal").length, identities: of("identity").length, assets: of("asset").length, edges: graph.edgeCount },
    principals: of("principal").map((n) => ({
      id: n.id,
      label: n.label,
      owner: ownerLabel(n.owner),
      ...(n.refClass ? { refClass: n.refClass } : {}),
    })),
    assets: of("asset").map((n) => ({ id: n.id, label: n.label, owner: ownerLabel(n.owner), tags: [...n.tags] })),
    identities: of("identity").map((n) => ({ id: n.id, label: n.label, owner: ownerLabel(n.owner) })),
    edges: [...graph.out.values()].flat(),
    findings: findings.map((f) => ({
      rule: f.rule,
      description: RULES[f.rule],
      ...(f.accepted ? { accepted: f.accepted } : {}),
      path: { nodes: f.path.nodes, via: f.path.edges.map((e) => e.via), sources: f.path.edges.map((e) => e.source ?? null) },
    })),
  };
}
