/**
 * `npm run renovate-configs -- --plan <plan.json> [--plan ...] --out <dir>`
 * Writes the Renovate configuration the onboarding seeds into each app repository (the `renovate.json`
 * RepositoryFile of every plan), one `<stack>-<app>.json` per app, so CI can run Renovate's own validator
 * on them (.ci/run: `renovate-config-validator --strict --no-global`). Exit 0 when at least one was
 * written, 2 on usage, an unreadable plan, or plans without app Renovate files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { APP_RENOVATE_FILE } from "../components/onboarding/repositories/app-repo-files";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";
import { planArgument } from "./plan-argument";

const USAGE = `usage: npm run renovate-configs -- --plan <plan.json> [--plan <plan.json> ...] --out <dir>

Writes every app repository's generated ${APP_RENOVATE_FILE} found in the plans into <dir>.
Exit codes: 0 written, 2 usage, an invalid plan file or no app Renovate file in the plans.`;

const REPOSITORY_FILE = "gitlab:index/repositoryFile:RepositoryFile";

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(argv, { plan: { type: "string", multiple: true }, out: { type: "string" } }, USAGE, io, ["out"]);
  if (typeof args === "number") return args;
  const plans = args.plan ?? [];
  if (plans.length === 0) {
    io.stderr(`--plan is required\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  mkdirSync(args.out, { recursive: true });
  const written: string[] = [];
  for (const file of plans) {
    const plan = planArgument(file, io);
    if (plan === EXIT_USAGE) return plan;
    const stack = path.basename(file, ".json");
    for (const resource of plan.resources) {
      if (resource.type !== REPOSITORY_FILE || resource.inputs.filePath !== APP_RENOVATE_FILE) continue;
      const content = resource.inputs.content;
      if (typeof content !== "string") continue;
      const target = path.join(args.out, `${stack}-${resource.name}.json`);
      writeFileSync(target, content);
      written.push(target);
    }
  }
  if (written.length === 0) {
    io.stderr(`no ${APP_RENOVATE_FILE} RepositoryFile in ${plans.join(", ")}`);
    return EXIT_USAGE;
  }
  io.stdout(written.join("\n"));
  return EXIT_OK;
}

if (require.main === module) runAsProcess(main);
