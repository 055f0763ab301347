/**
 * `npm run review -- --plan <plan.json> [--markdown <file>] [--junit <file>] [--codequality <file>] [--stack-file <path>]`
 * Writes what a merge request shows of an offline plan: a Markdown summary (artifact and note text),
 * a JUnit report (artifacts:reports:junit) and a GitLab Code Quality report (artifacts:reports:codequality).
 * Exit codes: 0 written, 2 usage or a file that is not a plan. The plan job's own exit code is the gate.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { codeQualityReport } from "../review/code-quality-report";
import { junitReport } from "../review/junit-report";
import { markdownSummary } from "../review/markdown-summary";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";
import { planArgument } from "./plan-argument";

const USAGE = `usage: npm run review -- --plan <plan.json> [--markdown <file>] [--junit <file>] [--codequality <file>] [--stack-file <path>]

Reports on a plan written by \`npm run plan -- --stack <name> --json <plan.json>\`:
  --markdown <file>     Markdown summary: outcome, resources per type, every policy violation with its fix
  --junit <file>        JUnit XML: one test case per guardrail and resource (mandatory violations fail)
  --codequality <file>  GitLab Code Quality JSON: one issue per violation
  --stack-file <path>   where the issues point (default: stacks/Pulumi.<stack>.yaml)
Without a report option the Markdown summary is printed.`;

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(
    argv,
    {
      plan: { type: "string" },
      markdown: { type: "string" },
      junit: { type: "string" },
      codequality: { type: "string" },
      "stack-file": { type: "string" },
    },
    USAGE,
    io,
    ["plan"],
  );
  if (typeof args === "number") return args;
  const plan = planArgument(args.plan, io);
  if (plan === EXIT_USAGE) return plan;

  const write = (file: string, content: string, what: string) => {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, content);
    io.stdout(`${what} written to ${file}`);
  };
  if (args.markdown === undefined && args.junit === undefined && args.codequality === undefined) io.stdout(markdownSummary(plan));
  if (args.markdown !== undefined) write(args.markdown, markdownSummary(plan), "Markdown summary");
  if (args.junit !== undefined) write(args.junit, junitReport(plan), "JUnit report");
  if (args.codequality !== undefined) {
    const stackFile = args["stack-file"] ?? `stacks/Pulumi.${plan.stack}.yaml`;
    write(args.codequality, `${JSON.stringify(codeQualityReport(plan, stackFile), null, 2)}\n`, "Code Quality report");
  }
  return EXIT_OK;
}

if (require.main === module) runAsProcess(main);
