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

/**
 * Imports that break rules 1 and 2 today; the changes removing them are under way in other
 * branches. This list must only shrink: the test fails when an offending import appears that
 * is not listed, and when a listed one is gone (delete its entry then). Never add to it.
 */
const KNOWN_OFFENDERS = {
  "components → stacks": [
    "components/platform/cert-manager/issuers.ts → stacks/config/schema.ts",
    "components/platform/platform.ts → stacks/config/schema.ts",
  ],
  "components → policies": ["components/onboarding/app-onboarding.ts → policies/kyverno/app-image-policy.ts"],
};

it("sees the whole repository: every tracked .ts file, every relative import resolved", () => {
  expect(files.length).toBeGreaterThan(200);
  expect(files).toEqual(expect.arrayContaining(["stacks/index.ts", "components/platform/platform.ts", "cli/plan.ts"]));
  expect(graph.unresolved).toEqual([]);
  expect(graph.imports).toContainEqual({ from: "stacks/index.ts", to: "stacks/program.ts" });
  expect(graph.imports).toContainEqual({ from: "cli/plan.ts", to: "plan/plan-stack-file.ts" });
});

it("(1) components/ does not import stacks/: the stack composes components, not the reverse", () => {
  expect(between("components", "stacks").sort()).toEqual(KNOWN_OFFENDERS["components → stacks"]);
});

it("(2) components/ does not import policies/: policies check components and may import them", () => {
  expect(between("components", "policies").sort()).toEqual(KNOWN_OFFENDERS["components → policies"]);
});

it("(3) the top-level folders import each other without cycles", () => {
  // The known offenders of rules 1 and 2 are tracked there; every other import counts here.
  const known = new Set(Object.values(KNOWN_OFFENDERS).flat());
  const folders = folderGraph(graph.imports.filter((i) => topFolder(i.from) !== "test" && !known.has(arrow(i))));
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
