import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The Node major the project runs on: `.nvmrc`, the one source of it (package.json pins the exact release). */
export function requiredNodeMajor(root = path.resolve(__dirname, "..")): number {
  return Number(readFileSync(path.join(root, ".nvmrc"), "utf8").trim());
}

/**
 * What to tell someone whose `node` is not the project's major, or undefined when it is. `npm ci`
 * installs Node 24 for npm scripts on Linux x64/arm64 (package.json optionalDependencies); elsewhere
 * the developer installs it.
 */
export function nodeRuntimeProblem(version: string = process.versions.node, required: number = requiredNodeMajor()): string | undefined {
  const major = Number(version.split(".")[0]);
  if (major === required) return undefined;
  return (
    `this project runs on Node ${required} (.nvmrc); this is Node ${version}. ` +
    `Run it through npm (npm test, npm run <script>, npx): after 'npm ci' they use the Node ${required} in node_modules/.bin ` +
    `(Linux x64/arm64); elsewhere install Node ${required} first (for example 'nvm install').`
  );
}
