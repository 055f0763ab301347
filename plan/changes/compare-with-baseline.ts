import type { PlanDocument } from "../plan-document";
import { passphraseFromEnvironment } from "../passphrase-secrets";
import { BaselineError } from "./baseline";
import type { ChangeSet } from "./change-document";
import { comparePlan } from "./compare-plan";
import { readBaseline } from "./read-baseline";
import { renderChangeTree } from "./render-changes";

export { BaselineError } from "./baseline";

export interface Comparison {
  changes: ChangeSet;
  /** The change tree for the terminal. */
  text: string;
}

/**
 * `--compare <file>`: reads the baseline, compares the plan with it and renders the tree. With
 * PULUMI_CONFIG_PASSPHRASE a checkpoint's secrets are fingerprinted as the plan's are. Throws
 * BaselineError (the CLI exits 2) for a file that is not a baseline of this stack.
 */
export function compareWithBaseline(plan: PlanDocument, file: string, env: NodeJS.ProcessEnv = process.env): Comparison {
  const baseline = readBaseline(file, { passphrase: passphraseFromEnvironment(env) });
  if (baseline.stack !== plan.stack) {
    throw new BaselineError(
      `it describes stack '${baseline.stack}', not '${plan.stack}': pass the plan or export of stack '${plan.stack}'`,
    );
  }
  const changes = comparePlan(plan, baseline);
  const parents = new Map(baseline.resources.map((r) => [r.urn, r.parent]));
  return { changes, text: renderChangeTree(plan, changes, parents) };
}
