// Where the example stacks' plans of one jest run live: shared by the global setup that starts
// planning them, the process that plans them and the helper tests read them through.
import * as path from "node:path";

/** Set by the global setup to a fresh directory; tests read it, never write it. */
export const EXAMPLE_PLANS_DIR = "EXAMPLE_PLANS_DIR";

/** The plan CLI's `--json` output for the stack. */
export const planFile = (dir: string, stack: string) => path.join(dir, `${stack}.json`);
/** The plan CLI's `--out` directory for the stack. */
export const artifactsDir = (dir: string, stack: string) => path.join(dir, `${stack}-artifacts`);
/** The CLI run (ExampleRun in example-plans.ts), written last: once it exists, the stack's files are complete. */
export const runFile = (dir: string, stack: string) => path.join(dir, `${stack}.run.json`);
/** The planning process's exit status, written when it ends, and what it printed on stderr. */
export const exitFile = (dir: string) => path.join(dir, "exit.json");
export const logFile = (dir: string) => path.join(dir, "stderr.log");
