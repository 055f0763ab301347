import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { TestSuites } from "junit2json";

const PARSER = path.join(__dirname, "junit-parse.mjs");

/** JUnit XML as junit2json reads it; throws with the parser's message when the XML does not parse. */
export function parseJunit(xml: string): TestSuites {
  const run = spawnSync(process.execPath, [PARSER], { input: xml, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`junit2json could not parse the report: ${run.stderr}`);
  return JSON.parse(run.stdout) as TestSuites;
}
