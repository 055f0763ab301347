// The cycle finder behind the folder rule of import-graph.test.ts, on graphs small enough to check by hand.
import { describeCycle, elementaryCycles } from "./cycles";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([from, to]) => [from, new Set(to)]));

describe("elementaryCycles", () => {
  it("finds none in an acyclic graph, diamonds included", () => {
    expect(elementaryCycles(graph({ a: ["b", "c"], b: ["d"], c: ["d"], d: [] }))).toEqual([]);
  });

  it("finds every cycle once, starting at its smallest node, also where cycles share nodes", () => {
    // a ⇄ b, b → c → d → b, and a → c closes a third cycle a → c → d → b → a.
    const cycles = elementaryCycles(graph({ a: ["b", "c"], b: ["a", "c"], c: ["d"], d: ["b"] }));
    expect(cycles).toEqual([
      ["a", "b"],
      ["a", "c", "d", "b"],
      ["b", "c", "d"],
    ]);
  });

  it("finds a self-loop and a cycle through a node that only appears as a target", () => {
    expect(elementaryCycles(graph({ x: ["x", "y"], y: ["z"] }))).toEqual([["x"]]);
    expect(elementaryCycles(graph({ b: ["a"], c: ["b"] }))).toEqual([]);
    expect(elementaryCycles(graph({ b: ["a"], a: ["b"] }))).toEqual([["a", "b"]]);
  });
});

describe("describeCycle", () => {
  it("closes the path and names one example per edge, in order", () => {
    expect(describeCycle(["a", "b"], (from, to) => `${from}/x.ts imports ${to}/y.ts`)).toBe(
      "a → b → a (a/x.ts imports b/y.ts; b/x.ts imports a/y.ts)",
    );
  });
});
