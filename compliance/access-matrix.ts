import { buildAccessGraph } from "../access/access-graph";
import { AccessSettingsError } from "../access/accepted-risks";
import { ownerLabel, type AccessGraph } from "../access/graph";
import { evaluateRules, RULES, type AccessPath, type RuleId } from "../access/rules";
import { deliveryFlow, type DeliveryFlow } from "../access/delivery-flow";
import type { PlanDocument } from "../plan/plan-document";

/** One path of the access graph as the evidence shows it: a rule it breaks, or a risk the stack accepts. */
export interface AccessMatrixPath {
  rule: RuleId;
  description: string;
  /** `principal (owner) → [edge] → … → asset (owner)` on one line. */
  path: string;
  accepted?: { id: string; reason: string };
}

/** What the access graph of a plan says, for the control matrix (npm run access computes the same). */
export type AccessMatrix =
  | { kind: "computed"; principals: number; assets: number; edges: number; paths: AccessMatrixPath[]; flow: DeliveryFlow }
  | { kind: "invalid"; problems: string[] };

function oneLine(graph: AccessGraph, path: AccessPath): string {
  const node = (id: string) => {
    const n = graph.nodes.get(id);
    return n === undefined ? id : `${n.label} (${ownerLabel(n.owner)})`;
  };
  return [node(path.nodes[0]!), ...path.edges.map((edge, i) => `→ [${edge.via}] → ${node(path.nodes[i + 1]!)}`)].join(" ");
}

export async function accessMatrix(plan: PlanDocument): Promise<AccessMatrix> {
  let built;
  try {
    built = await buildAccessGraph(plan);
  } catch (error) {
    if (error instanceof AccessSettingsError) return { kind: "invalid", problems: error.problems };
    throw error;
  }
  const nodes = [...built.graph.nodes.values()];
  return {
    kind: "computed",
    principals: nodes.filter((n) => n.kind === "principal").length,
    assets: nodes.filter((n) => n.kind === "asset").length,
    edges: built.graph.edgeCount,
    paths: evaluateRules(built.graph, built.tenantApps).map((finding) => ({
      rule: finding.rule,
      description: RULES[finding.rule],
      path: `${oneLine(built.graph, finding.path)}${finding.alsoReaches.length > 0 ? `; the same way also: ${finding.alsoReaches.map((id) => built.graph.nodes.get(id)?.label ?? id).join("; ")}` : ""}`,
      ...(finding.accepted ? { accepted: finding.accepted } : {}),
    })),
    flow: await deliveryFlow(plan, built),
  };
}
