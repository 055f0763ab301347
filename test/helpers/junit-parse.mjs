// Parses JUnit XML (stdin) with junit2json, a maintained JUnit parser, and prints the result as
// JSON. Its own Node process because junit2json is ESM-only and jest's CommonJS runtime cannot load it.
import { readFileSync } from "node:fs";
import { parse } from "junit2json";

try {
  process.stdout.write(JSON.stringify(await parse(readFileSync(0, "utf8"))));
} catch (error) {
  process.stderr.write(String(error));
  process.exitCode = 1;
}
