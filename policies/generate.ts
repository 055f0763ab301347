/**
 * Regenerates the artifacts derived from the catalog: policies/config/<profile>.json
 * (keeping each file's operator-set registryHost) and the table in docs/guardrails.md.
 * Run: npx tsx policies/generate.ts; with --check it only reports stale files (exit 1), which
 * test/policies/catalog.test.ts runs (Prettier's dynamic imports need a plain Node process).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as prettier from "prettier";
import { PROFILES } from "./catalog";
import { configFile, DETAILS_BEGIN, DETAILS_END, DOC_FILE, registryHostOf } from "./generated-files";
import { renderGuardrailDetails, renderGuardrailsTable, TABLE_BEGIN, TABLE_END } from "./catalog-table";
import { policyPackConfig, type PolicyPackConfig } from "./pack";

/** Generated files are written as Prettier would format them, so `npm run lint` stays clean. */
export async function formatted(file: string, text: string): Promise<string> {
  return prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
}

export const renderConfig = (profile: string, config: PolicyPackConfig) => formatted(configFile(profile), JSON.stringify(config));

/** docs/guardrails.md with the catalog table and details regenerated. */
export async function renderDoc(doc: string): Promise<string> {
  const withTable = replaceBetween(doc, TABLE_BEGIN, TABLE_END, renderGuardrailsTable());
  return formatted(
    DOC_FILE,
    replaceBetween(withTable, DETAILS_BEGIN, DETAILS_END, `${DETAILS_BEGIN}\n\n${renderGuardrailDetails()}\n\n${DETAILS_END}`),
  );
}

export function replaceBetween(text: string, begin: string, end: string, replacement: string): string {
  const from = text.indexOf(begin);
  const to = text.indexOf(end);
  if (from === -1 || to === -1) throw new Error(`markers ${begin} ... ${end} not found`);
  return text.slice(0, from) + replacement + text.slice(to + end.length);
}

/** Writes the generated files (or, with `check`, lists those that differ). */
async function generate(check: boolean): Promise<string[]> {
  const outputs: [string, string][] = [];
  for (const profile of PROFILES) {
    const file = configFile(profile);
    const current = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as PolicyPackConfig) : undefined;
    outputs.push([file, await renderConfig(profile, policyPackConfig(profile, { registryHost: registryHostOf(current) }))]);
  }
  outputs.push([DOC_FILE, await renderDoc(readFileSync(DOC_FILE, "utf8"))]);
  const stale = outputs.filter(([file, text]) => !existsSync(file) || readFileSync(file, "utf8") !== text).map(([file]) => file);
  if (!check) for (const [file, text] of outputs) writeFileSync(file, text);
  return stale;
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  generate(check).then(
    (stale) => {
      if (check && stale.length > 0) {
        process.stderr.write(`stale generated files (run npx tsx policies/generate.ts):\n${stale.map((f) => `  ${f}`).join("\n")}\n`);
        process.exitCode = 1;
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
