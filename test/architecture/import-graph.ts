// The repository's import graph, file by file, as the TypeScript compiler resolves it.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

/** One import between two files of the repository, as paths relative to its root. */
export interface FileImport {
  from: string;
  to: string;
}

export interface ImportGraph {
  imports: FileImport[];
  /** Relative specifiers that resolve to no file (`from: specifier`): a graph with holes proves nothing. */
  unresolved: string[];
}

/** The `.ts` files git tracks, plus new ones not ignored yet, so a file is checked before its first commit. */
export function repositoryTypeScriptFiles(root: string): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.ts"], {
    cwd: root,
    encoding: "utf8",
  });
  return [...new Set(listed.split("\0"))]
    .filter((file) => file !== "" && !file.split("/").includes("node_modules") && existsSync(path.join(root, file)))
    .sort();
}

/** The compiler options of `<root>/tsconfig.json`, so imports resolve as `tsc` resolves them. */
export function compilerOptions(root: string): ts.CompilerOptions {
  const file = path.join(root, "tsconfig.json");
  const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
  if (read.error !== undefined) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  return ts.parseJsonConfigFileContent(read.config as object, ts.sys, root).options;
}

/**
 * Every import, `export … from`, `import type`, `import()` and `require()` of the files,
 * resolved by the compiler. Imports of packages (node_modules) are not edges of the graph.
 */
export function importGraph(root: string, files: readonly string[], options: ts.CompilerOptions): ImportGraph {
  const cache = ts.createModuleResolutionCache(root, (name) => name, options);
  const imports: FileImport[] = [];
  const unresolved: string[] = [];
  for (const from of files) {
    const absolute = path.join(root, from);
    const { importedFiles } = ts.preProcessFile(readFileSync(absolute, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const resolved = ts.resolveModuleName(specifier, absolute, options, ts.sys, cache).resolvedModule;
      if (resolved === undefined) {
        if (specifier.startsWith(".")) unresolved.push(`${from}: ${specifier}`);
        continue;
      }
      const to = path.relative(root, resolved.resolvedFileName).split(path.sep).join("/");
      if (resolved.isExternalLibraryImport || to.startsWith("../") || to.split("/").includes("node_modules")) continue;
      imports.push({ from, to });
    }
  }
  return { imports, unresolved };
}

/** The top-level folder a repository path belongs to. */
export const topFolder = (file: string): string => file.split("/")[0]!;

/** Imports between different top-level folders, grouped by folder edge (`from` folder → `to` folder → imports). */
export function folderGraph(imports: readonly FileImport[]): Map<string, Map<string, FileImport[]>> {
  const graph = new Map<string, Map<string, FileImport[]>>();
  for (const edge of imports) {
    const [from, to] = [topFolder(edge.from), topFolder(edge.to)];
    if (from === to) continue;
    const targets = graph.get(from) ?? new Map<string, FileImport[]>();
    targets.set(to, [...(targets.get(to) ?? []), edge]);
    graph.set(from, targets);
  }
  return graph;
}
