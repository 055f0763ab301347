/**
 * Every elementary cycle of a directed graph, each once, as the list of its nodes
 * starting at its smallest one (`["a", "b"]` is a → b → a). Enumerates paths from each
 * start through larger nodes only, which is exponential in the worst case: meant for
 * graphs of a dozen nodes such as the repository's top-level folders.
 */
export function elementaryCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const nodes = [...new Set([...edges.keys(), ...[...edges.values()].flatMap((targets) => [...targets])])].sort();
  const cycles: string[][] = [];
  for (const start of nodes) {
    const walk = (path: string[]) => {
      for (const next of [...(edges.get(path[path.length - 1]!) ?? [])].sort()) {
        if (next === start) cycles.push([...path]);
        else if (next > start && !path.includes(next)) walk([...path, next]);
      }
    };
    walk([start]);
  }
  return cycles;
}

/** `a → b → a (a/x.ts imports b/y.ts; b/y.ts imports a/z.ts)`: a cycle with one example per edge. */
export function describeCycle(cycle: readonly string[], example: (from: string, to: string) => string): string {
  const closed = [...cycle, cycle[0]!];
  const examples = cycle.map((from, i) => example(from, closed[i + 1]!));
  return `${closed.join(" → ")} (${examples.join("; ")})`;
}
