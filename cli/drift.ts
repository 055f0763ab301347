/**
 * `npm run drift -- --stack <name> --preview <file> --exit-code <n> [--markdown <file>] [--junit <file>]`
 * Reports a drift check (`pulumi preview --refresh --expect-no-changes`, run by the scheduled CI job)
 * the way the offline plan is reported: a Markdown summary and a JUnit report.
 * Exit codes: 0 written, 2 usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { driftJunit, driftMarkdown } from "../review/drift-report";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

const USAGE = `usage: npm run drift -- --stack <name> --preview <file> --exit-code <n> [--markdown <file>] [--junit <file>]

  --stack <name>      the stack that was checked
  --preview <file>    what 'pulumi preview --refresh --expect-no-changes' printed
  --exit-code <n>     its exit code (0: no drift)
  --markdown <file>   Markdown summary (default: printed)
  --junit <file>      JUnit XML, one test case for the stack`;

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(
    argv,
    {
      stack: { type: "string" },
      preview: { type: "string" },
      "exit-code": { type: "string" },
      markdown: { type: "string" },
      junit: { type: "string" },
    },
    USAGE,
    io,
    ["stack", "preview", "exit-code"],
  );
  if (typeof args === "number") return args;
  if (!/^\d+$/.test(args["exit-code"])) {
    io.stderr(`--exit-code must be a number (got '${args["exit-code"]}')`);
    return EXIT_USAGE;
  }
  let output: string;
  try {
    output = readFileSync(args.preview, "utf8");
  } catch (error) {
    io.stderr(`cannot read the preview output '${args.preview}': ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  const check = { stack: args.stack, exitCode: Number(args["exit-code"]), output };
  const write = (file: string, content: string) => {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, content);
  };
  if (args.markdown !== undefined) write(args.markdown, driftMarkdown(check));
  else io.stdout(driftMarkdown(check));
  if (args.junit !== undefined) write(args.junit, driftJunit(check));
  return EXIT_OK;
}

if (require.main === module) runAsProcess(main);
