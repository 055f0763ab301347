import { ownerLabel, type AccessGraph } from "./graph";
import { RULES, type AccessPath, type Finding } from "./rules";

/** `principal → edge → … → asset`, one step per line, as the report and the CLI print it. */
export function formatPath(graph: AccessGraph, path: AccessPath): string {
  const label = (id: string) => {
    const node = graph.nodes.get(id);
    return node === undefined ? id : `${node.label} [${ownerLabel(node.owner)}]`;
  };
  const lines = [`  ${label(path.nodes[0] as string)}`];
  path.edges.forEach((edge, i) => {
    lines.push(
      `    → ${edge.via}${edge.source !== undefined ? ` (source: ${edge.source})` : ""}${edge.accepted !== undefined ? ` [accepted risk ${edge.accepted.id}: ${edge.accepted.reason}]` : ""}`,
    );
    lines.push(`  ${label(path.nodes[i + 1] as string)}`);
  });
  return lines.join("\n");
}

export function formatFinding(graph: AccessGraph, finding: Finding): string {
  const head = finding.accepted ? `[accepted: ${finding.accepted.id}] ${finding.rule}` : `[broken] ${finding.rule}`;
  const also =
    finding.alsoReaches.length > 0
      ? `\n  the same way also: ${finding.alsoReaches.map((id) => graph.nodes.get(id)?.label ?? id).join("; ")}`
      : "";
  return `${head}: ${RULES[finding.rule]}\n${formatPath(graph, finding.path)}${also}${finding.accepted ? `\n  accepted because: ${finding.accepted.reason}` : ""}`;
}
