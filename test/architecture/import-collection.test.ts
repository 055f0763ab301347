// The import collector behind import-graph.test.ts, on a throwaway repository: which files it reads
// and which imports it sees, so that an empty or partial graph cannot pass the rules unnoticed.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { folderGraph, importGraph, repositoryTypeScriptFiles } from "./import-graph";

function repository(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "import-graph-"));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  execFileSync("git", ["init", "-q"], { cwd: root });
  return root;
}

const OPTIONS: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, resolveJsonModule: true };

it("reads tracked and new .ts files, not ignored ones or node_modules", () => {
  const root = repository({
    ".gitignore": "ignored/\n",
    "a/tracked.ts": "",
    "a/new.ts": "",
    "a/notes.md": "",
    "ignored/x.ts": "",
    "node_modules/pkg/index.ts": "",
  });
  execFileSync("git", ["add", "a/tracked.ts"], { cwd: root });
  expect(repositoryTypeScriptFiles(root)).toEqual(["a/new.ts", "a/tracked.ts"]);
});

it("sees every kind of import, resolves them, and skips packages", () => {
  const root = repository({
    "a/x.ts": [
      'import type { Y } from "../b/y";',
      'export * from "../c";',
      'import json from "../d/data.json";',
      'const lazy = () => import("../e/lazy");',
      'const required = require("../f/required");',
      'import { z } from "zod";',
      '// import "../g/commented-out";',
      'import "./missing";',
    ].join("\n"),
    "b/y.ts": "export type Y = 1;",
    "c/index.ts": "",
    "d/data.json": "{}",
    "e/lazy.ts": "",
    "f/required.ts": "",
    "node_modules/zod/index.d.ts": "export declare const z: unknown;",
  });
  const graph = importGraph(root, ["a/x.ts"], OPTIONS);
  expect(graph.imports.map((i) => i.to).sort()).toEqual(["b/y.ts", "c/index.ts", "d/data.json", "e/lazy.ts", "f/required.ts"]);
  expect(graph.unresolved).toEqual(["a/x.ts: ./missing"]);
});

it("groups imports by folder edge and leaves out imports within a folder", () => {
  const graph = folderGraph([
    { from: "a/x.ts", to: "b/y.ts" },
    { from: "a/z.ts", to: "b/y.ts" },
    { from: "a/x.ts", to: "a/z.ts" },
  ]);
  expect([...graph.keys()]).toEqual(["a"]);
  expect(
    graph
      .get("a")!
      .get("b")!
      .map((i) => i.from),
  ).toEqual(["a/x.ts", "a/z.ts"]);
});
