import {
  isForeign,
  ownerKey,
  type AcceptedRisk,
  type AccessGraph,
  type AssetTag,
  type GraphEdge,
  type GraphNode,
  type Owner,
} from "./graph";

export type RuleId = "cross-owner" | "untrusted-ref" | "unapproved-production-change" | "exposed-job";

export const RULES: Record<RuleId, string> = {
  "cross-owner": "an app, team or tenant principal reaches another owner's asset (another app's, or the platform's)",
  "untrusted-ref": "a merge request, fork or unprotected-branch pipeline reaches signing, deploy or production secrets",
  "unapproved-production-change": "production changes (or a release is signed) without an approval by someone other than the author",
  "exposed-job": "a job that runs the repository's code or installs tools at run time holds a signing or deploy identity",
};

/** A path through the graph: `nodes[i] --edges[i]--> nodes[i + 1]`. */
export interface AccessPath {
  nodes: string[];
  edges: GraphEdge[];
}

export interface Finding {
  rule: RuleId;
  path: AccessPath;
  /** Set when the path crosses a risk the stack accepts: reported, not failed. */
  accepted?: AcceptedRisk;
  /** Other assets the same principal reaches the same way (rule 1: through the same first foreign node). */
  alsoReaches: string[];
}

interface Visit {
  previous: string | undefined;
  edge: GraphEdge | undefined;
}

/** Follows `previous` back to the source; a path that crossed an accepted risk continues on the clean side. */
function pathTo(visits: ReadonlyMap<string, Visit>, target: string, before: ReadonlyMap<string, Visit> = visits): AccessPath {
  const nodes = [target];
  const edges: GraphEdge[] = [];
  let visit = visits.get(target);
  let map = visits;
  while (visit?.previous !== undefined) {
    nodes.unshift(visit.previous);
    edges.unshift(visit.edge!);
    if (!map.has(visit.previous)) map = before;
    visit = map.get(visit.previous);
  }
  return { nodes, edges };
}

/**
 * Breadth-first from every source at once, each node visited at most twice (once on a path that
 * crosses no accepted risk, once on one that does): linear in nodes plus edges. Paths are
 * shortest; an enforced approval gate is not crossed.
 */
function reach(
  graph: AccessGraph,
  sources: readonly string[],
  isTarget: (node: GraphNode, fromSource: string) => boolean,
  startAccepted: (source: string) => AcceptedRisk | undefined = () => undefined,
): { target: string; path: AccessPath; accepted?: AcceptedRisk }[] {
  type Seen = Visit & { source: string };
  const clean = new Map<string, Seen>();
  const risky = new Map<string, Seen>();
  const queue: { id: string; risk: AcceptedRisk | undefined }[] = [];
  for (const source of sources) {
    const risk = startAccepted(source);
    if (clean.has(source) || (risk && risky.has(source))) continue;
    (risk ? risky : clean).set(source, { previous: undefined, edge: undefined, source });
    queue.push({ id: source, risk });
  }
  const found = new Map<string, { target: string; path: AccessPath; accepted?: AcceptedRisk }>();
  for (let head = 0; head < queue.length; head++) {
    const { id, risk } = queue[head]!;
    const visits = risk ? risky : clean;
    const visit = visits.get(id)!;
    const node = graph.nodes.get(id)!;
    if (node.kind === "asset" && isTarget(node, visit.source)) {
      const existing = found.get(id);
      // A clean path outranks an accepted one.
      if (existing === undefined || (existing.accepted !== undefined && risk === undefined))
        found.set(id, { target: id, path: pathTo(visits, id, clean), ...(risk ? { accepted: risk } : {}) });
    }
    for (const edge of graph.out.get(id) ?? []) {
      if (edge.gate === "four-eyes") continue;
      const nextRisk = risk ?? edge.accepted;
      const nextVisits = nextRisk ? risky : clean;
      if (clean.has(edge.to) || nextVisits.has(edge.to)) continue;
      nextVisits.set(edge.to, { previous: id, edge, source: visit.source });
      queue.push({ id: edge.to, risk: nextRisk });
    }
  }
  return [...found.values()];
}

const hasTag = (node: GraphNode, tags: readonly AssetTag[]) => node.tags.some((t) => tags.includes(t));

/**
 * Rule 1 without one search per principal: owners spread along edges, each node keeping at most
 * three (an asset has at most two non-foreign owners, its app and its team, so three distinct ones
 * always include a foreign one if any exists). Linear in nodes plus edges.
 */
function crossOwner(graph: AccessGraph, tenantApps: ReadonlySet<string>): Finding[] {
  const CAP = 3;
  const labels = new Map<string, Map<string, { owner: Owner; previous: string | undefined; edge: GraphEdge | undefined }>>();
  const queue: { id: string; key: string }[] = [];
  for (const node of graph.nodes.values()) {
    if (node.kind !== "principal" || node.owner.kind === "platform") continue;
    const key = ownerKey(node.owner);
    labels.set(node.id, new Map([[key, { owner: node.owner, previous: undefined, edge: undefined }]]));
    queue.push({ id: node.id, key });
  }
  for (let head = 0; head < queue.length; head++) {
    const { id, key } = queue[head]!;
    const label = labels.get(id)!.get(key)!;
    for (const edge of graph.out.get(id) ?? []) {
      let target = labels.get(edge.to);
      if (target === undefined)
        labels.set(edge.to, (target = new Map<string, { owner: Owner; previous: string | undefined; edge: GraphEdge | undefined }>()));
      if (target.has(key) || target.size >= CAP) continue;
      target.set(key, { owner: label.owner, previous: id, edge });
      queue.push({ id: edge.to, key });
    }
  }
  const findings: Finding[] = [];
  for (const [id, held] of labels) {
    const node = graph.nodes.get(id)!;
    if (node.kind !== "asset") continue;
    for (const [key, label] of held) {
      if (!isForeign(label.owner, node.owner, tenantApps)) continue;
      const nodes = [id];
      const edges: GraphEdge[] = [];
      for (let at = labels.get(id)!.get(key)!; at.previous !== undefined; at = labels.get(at.previous)!.get(key)!) {
        nodes.unshift(at.previous);
        edges.unshift(at.edge!);
      }
      // Like the other rules: a path through a risk the stack accepts (the emergency edge) is reported, not failed.
      const accepted = edges.find((edge) => edge.accepted !== undefined)?.accepted;
      findings.push({ rule: "cross-owner", path: { nodes, edges }, alsoReaches: [], ...(accepted ? { accepted } : {}) });
      break;
    }
  }
  return findings;
}

/**
 * One finding per principal and way in: rule 1's findings of a principal that enter another
 * owner's part of the graph at the same node, and the other rules' findings of one principal,
 * become the shortest path plus the list of what else it reaches.
 */
function collapse(graph: AccessGraph, findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding>();
  for (const finding of findings) {
    const source = finding.path.nodes[0] as string;
    let key = `${finding.rule}\u0000${source}\u0000${finding.accepted?.id ?? ""}`;
    if (finding.rule === "cross-owner") {
      const owner = graph.nodes.get(source)!.owner;
      // Same way in: the node before the first foreign one, and the kind of edge that crosses (its first two words).
      const crossing = finding.path.nodes.findIndex((id) => isForeign(owner, graph.nodes.get(id)!.owner));
      const edge = finding.path.edges[crossing - 1];
      key += `\u0000${finding.path.nodes[crossing - 1] ?? ""}\u0000${edge?.via.split(" ").slice(0, 2).join(" ") ?? ""}`;
    }
    const existing = groups.get(key);
    const target = finding.path.nodes.at(-1) as string;
    if (existing === undefined) groups.set(key, { ...finding, alsoReaches: [] });
    else if (finding.path.nodes.length < existing.path.nodes.length)
      groups.set(key, { ...finding, alsoReaches: [...existing.alsoReaches, existing.path.nodes.at(-1) as string] });
    else existing.alsoReaches.push(target);
  }
  return [...groups.values()];
}

/** Evaluates the isolation rules over the graph. */
export function evaluateRules(graph: AccessGraph, tenantApps: ReadonlySet<string> = new Set()): Finding[] {
  return collapse(graph, allFindings(graph, tenantApps));
}

/** Every (principal, asset) finding, one witness path per reached asset. */
export function allFindings(graph: AccessGraph, tenantApps: ReadonlySet<string> = new Set()): Finding[] {
  const nodes = [...graph.nodes.values()];
  const findings: Finding[] = crossOwner(graph, tenantApps);

  const untrusted = nodes
    .filter((n) => n.refClass === "merge-request" || n.refClass === "fork-merge-request" || n.refClass === "unprotected-branch")
    .map((n) => n.id);
  for (const hit of reach(graph, untrusted, (n) => hasTag(n, ["signing", "deploy", "production-secret"])))
    findings.push({ rule: "untrusted-ref", path: hit.path, alsoReaches: [], ...(hit.accepted ? { accepted: hit.accepted } : {}) });

  // Unreviewed code: every ref but a default branch whose merges pass the approval gate.
  const unreviewed = (n: GraphNode) => n.refClass !== undefined && (n.refClass !== "default-branch" || n.review?.status !== "enforced");
  const reviewRisk = (id: string) => {
    const node = graph.nodes.get(id)!;
    return node.refClass === "default-branch" && node.review?.status === "accepted" ? node.review.accepted : undefined;
  };
  const changers = nodes.filter((n) => n.kind === "principal" && (n.owner.kind !== "platform" || unreviewed(n))).map((n) => n.id);
  for (const hit of reach(graph, changers, (n) => hasTag(n, ["production-change"]), reviewRisk))
    findings.push({
      rule: "unapproved-production-change",
      path: hit.path,
      alsoReaches: [],
      ...(hit.accepted ? { accepted: hit.accepted } : {}),
    });
  const signers = nodes.filter(unreviewed).map((n) => n.id);
  for (const hit of reach(graph, signers, (n) => hasTag(n, ["signing"]), reviewRisk))
    findings.push({
      rule: "unapproved-production-change",
      path: hit.path,
      alsoReaches: [],
      ...(hit.accepted ? { accepted: hit.accepted } : {}),
    });

  // Exposed jobs, each shown with the pipeline that runs it.
  const exposed = new Set(nodes.filter((n) => n.exposed === true).map((n) => n.id));
  const runBy = new Map<string, GraphEdge>();
  for (const edges of graph.out.values())
    for (const edge of edges) if (exposed.has(edge.to) && !runBy.has(edge.to)) runBy.set(edge.to, edge);
  for (const hit of reach(graph, [...exposed], (n) => hasTag(n, ["signing", "deploy"]))) {
    const run = runBy.get(hit.path.nodes[0]!);
    const path = run ? { nodes: [run.from, ...hit.path.nodes], edges: [run, ...hit.path.edges] } : hit.path;
    findings.push({ rule: "exposed-job", path, alsoReaches: [], ...(hit.accepted ? { accepted: hit.accepted } : {}) });
  }
  return findings;
}
