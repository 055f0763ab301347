// Architecture rules over the import graph of every .ts file in the repository: stacks compose
// components and policies check them, so components import neither; and no two top-level folders
// depend on each other in a cycle. test/ imports everything and is imported by nothing: a sink.
import * as path from "node:path";
import { describeCycle, elementaryCycles } from "./cycles";
import { compilerOptions, folderGraph, importGraph, repositoryTypeScriptFiles, topFolder, type FileImport } from "./import-graph";

const ROOT = path.resolve(__dirname, "../..");
const files = repositoryTypeScriptFiles(ROOT);
const graph = importGraph(ROOT, files, compilerOptions(ROOT));
const arrow = ({ from, to }: FileImport) => `${from} → ${to}`;
const between = (from: string, to: string) => graph.imports.filter((i) => topFolder(i.from) === from && topFolder(i.to) === to).map(arrow);

it("sees the whole repository: every tracked .ts file, every relative import resolved", () => {
  expect(files.length).toBeGreaterThan(200);
  expect(files).toEqual(expect.arrayContaining(["stacks/index.ts", "components/platform/platform.ts", "cli/plan.ts"]));
  expect(graph.unresolved).toEqual([]);
  expect(graph.imports).toContainEqual({ from: "stacks/index.ts", to: "stacks/program.ts" });
  expect(graph.imports).toContainEqual({ from: "cli/plan.ts", to: "plan/plan-stack-file.ts" });
});

it("(1) components/ does not import stacks/: the stack composes components, not the reverse", () => {
  expect(between("components", "stacks")).toEqual([]);
});

it("(2) components/ does not import policies/: policies check components and may import them", () => {
  expect(between("components", "policies")).toEqual([]);
});

it("(3) the top-level folders import each other without cycles", () => {
  const folders = folderGraph(graph.imports.filter((i) => topFolder(i.from) !== "test"));
  const edges = new Map([...folders].map(([from, targets]) => [from, new Set(targets.keys())]));
  const example = (from: string, to: string) => {
    const [first] = folders
      .get(from)!
      .get(to)!
      .sort((a, b) => arrow(a).localeCompare(arrow(b)));
    return `${first!.from} imports ${first!.to}`;
  };
  expect(elementaryCycles(edges).map((cycle) => describeCycle(cycle, example))).toEqual([]);
});

it("(4) nothing outside test/ imports test/", () => {
  expect(graph.imports.filter((i) => topFolder(i.from) !== "test" && topFolder(i.to) === "test").map(arrow)).toEqual([]);
});
