/**
 * The deploy critical path of a plan: the engine creates a resource once
 * everything it waits for exists, and runs independent creates in parallel, so
 * the shortest possible `pulumi up` is the longest duration-weighted chain.
 */

export interface GraphResource {
  urn: string;
  type: string;
  custom: boolean;
  parent: string | null;
  /** `<provider urn>::<id>`. */
  provider: string | null;
  dependencies: readonly string[];
  inputs: Record<string, unknown>;
}

export interface CriticalPath {
  /** Longest chain of estimated create times: the deploy time with unlimited parallelism. */
  criticalSeconds: number;
  /** Sum of all estimated create times: a fully sequential deploy. */
  sequentialSeconds: number;
  /** URNs along the critical path, first created first. */
  path: string[];
}

/**
 * What a resource waits for before the engine creates it: its dependencies
 * (explicit `dependsOn`, expanded from components, and those implied by
 * inputs), its provider (a provider with `dependsOn`, such as Vault's, carries
 * that wait to every resource it manages) and its parent (a child registers
 * after its parent; components take no time, so this only adds what the
 * parent itself waited for).
 */
export function waitsFor(resource: GraphResource): string[] {
  const edges = new Set(resource.dependencies);
  if (resource.parent !== null) edges.add(resource.parent);
  if (resource.provider !== null) edges.add(providerUrn(resource.provider));
  edges.delete(resource.urn);
  return [...edges];
}

const providerUrn = (reference: string): string => {
  const separator = reference.lastIndexOf("::");
  return separator < 0 ? reference : reference.slice(0, separator);
};

/**
 * The critical path over `resources`, weighted by `duration`. Edges to
 * resources outside the list count as already done (a subgraph, such as one
 * app on a running platform). Throws on a cycle: the engine would deadlock too.
 */
export function criticalPath(resources: readonly GraphResource[], duration: (resource: GraphResource) => number): CriticalPath {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const finish = new Map<string, { at: number; previous: string | undefined }>();
  const visiting = new Set<string>();

  // Iterative depth-first search: plans of hundreds of apps must not hit the call stack limit.
  for (const start of resources) {
    const stack: { urn: string; expanded: boolean }[] = [{ urn: start.urn, expanded: false }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (finish.has(frame.urn)) {
        stack.pop();
        continue;
      }
      const resource = byUrn.get(frame.urn)!;
      const upstream = waitsFor(resource).filter((urn) => byUrn.has(urn));
      if (!frame.expanded) {
        frame.expanded = true;
        visiting.add(frame.urn);
        for (const urn of upstream) {
          if (visiting.has(urn)) throw new Error(`dependency cycle through ${urn}`);
          if (!finish.has(urn)) stack.push({ urn, expanded: false });
        }
        continue;
      }
      let start = 0;
      let previous: string | undefined;
      for (const urn of upstream) {
        const at = finish.get(urn)!.at;
        if (at > start) [start, previous] = [at, urn];
      }
      finish.set(frame.urn, { at: start + duration(resource), previous });
      visiting.delete(frame.urn);
      stack.pop();
    }
  }

  let last: string | undefined;
  let criticalSeconds = 0;
  for (const [urn, { at }] of finish) {
    if (at > criticalSeconds) [criticalSeconds, last] = [at, urn];
  }
  const path: string[] = [];
  for (let urn = last; urn !== undefined; urn = finish.get(urn)!.previous) path.unshift(urn);
  const sequentialSeconds = resources.reduce((sum, r) => sum + duration(r), 0);
  return { criticalSeconds: round(criticalSeconds), sequentialSeconds: round(sequentialSeconds), path };
}

/** Resources under `rootUrn` (the root included), by parent chain. */
export function subtree<T extends GraphResource>(resources: readonly T[], rootUrn: string): T[] {
  const children = new Map<string, T[]>();
  for (const r of resources) {
    if (r.parent === null) continue;
    const siblings = children.get(r.parent);
    if (siblings) siblings.push(r);
    else children.set(r.parent, [r]);
  }
  const root = resources.find((r) => r.urn === rootUrn);
  if (root === undefined) return [];
  const result: T[] = [];
  const queue = [root];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    result.push(next);
    queue.push(...(children.get(next.urn) ?? []));
  }
  return result;
}

const round = (seconds: number): number => Math.round(seconds * 10) / 10;
