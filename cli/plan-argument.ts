import type { PlanDocument } from "../plan/plan-document";
import { readPlanFile } from "../plan/plan-file";
import { EXIT_USAGE, type CliIo } from "./command-line";

/** The plan a `--plan <file>` option names, or the usage exit code after saying why it cannot be read. */
export function planArgument(file: string, io: CliIo): PlanDocument | typeof EXIT_USAGE {
  let read;
  try {
    read = readPlanFile(file);
  } catch (error) {
    io.stderr(`cannot read plan '${file}': ${(error as Error).message}`);
    return EXIT_USAGE;
  }
  if (read.kind === "not-a-plan") {
    io.stderr(`'${file}' is not a plan document:\n${read.problems.map((p) => `  - ${p}`).join("\n")}`);
    return EXIT_USAGE;
  }
  return read.plan;
}
