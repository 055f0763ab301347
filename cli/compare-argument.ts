import { BaselineError, compareWithBaseline, type Comparison } from "../plan/changes/compare-with-baseline";
import type { PlanDocument } from "../plan/plan-document";
import type { CliIo } from "./command-line";

/** The plan compared with the `--compare <file>` baseline, or undefined after saying why the file cannot be one. */
export function compareArgument(plan: PlanDocument, file: string, io: CliIo): Comparison | undefined {
  try {
    return compareWithBaseline(plan, file);
  } catch (error) {
    if (!(error instanceof BaselineError)) throw error;
    io.stderr(
      `--compare '${file}': ${error.message}.\n  Pass the target branch's plan (npm run plan -- --stack ${plan.stack} --json <file>) or the stack's state (pulumi stack export --stack ${plan.stack} --file <file>).`,
    );
    return undefined;
  }
}
