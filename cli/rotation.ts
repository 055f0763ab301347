/**
 * `npm run rotation -- --history <file> --state <file> --targets <file>`
 * What the scheduled rotation job (.gitlab-ci.yml `rotate`) runs `pulumi up` on: prints the commit of
 * the stack's last successful update (from `pulumi stack history --json`) and writes one
 * `--target=<urn>` line per rotation clock in its state (`pulumi stack export`) to the targets file.
 * Prints nothing (and says why on stderr) when the stack was never updated from a clean checkout or
 * has no clock: then there is nothing to rotate. Exit codes: 0 done, 2 usage or unreadable input.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { lastDeployedCommit, RotationInputError, rotationTargets } from "../plan/scheduled-rotation";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

const USAGE = `usage: npm run rotation -- --history <file> --state <file> --targets <file>

  --history <file>   output of 'pulumi stack history --json'
  --state <file>     output of 'pulumi stack export'
  --targets <file>   written: one --target=<urn> per rotation clock (for xargs)`;

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(argv, { history: { type: "string" }, state: { type: "string" }, targets: { type: "string" } }, USAGE, io, [
    "history",
    "state",
    "targets",
  ]);
  if (typeof args === "number") return args;
  try {
    const deployed = lastDeployedCommit(JSON.parse(readFileSync(args.history, "utf8")));
    const targets = rotationTargets(JSON.parse(readFileSync(args.state, "utf8")));
    writeFileSync(args.targets, targets.map((urn) => `--target=${urn}\n`).join(""));
    if (deployed === undefined) io.stderr("no successful update from a clean git checkout in the stack's history: nothing to rotate");
    else if (targets.length === 0) io.stderr("the stack's state has no rotation clock: nothing to rotate");
    else {
      io.stderr(`${targets.length} rotation clock(s); last deployed commit ${deployed.commit} (update ${deployed.version ?? "?"})`);
      io.stdout(deployed.commit);
    }
    return EXIT_OK;
  } catch (error) {
    if (error instanceof RotationInputError || error instanceof SyntaxError) {
      io.stderr(error.message);
      return EXIT_USAGE;
    }
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      io.stderr(`cannot read '${(error as NodeJS.ErrnoException).path}'`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) runAsProcess(main);
