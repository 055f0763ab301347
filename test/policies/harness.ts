import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { runResourcePolicy, runStackPolicy } from "../../plan/policy-evaluation";
import { guardrailPolicies } from "../../policies/pack";
import type { PlanResource } from "../../plan/plan-document";
import { planResource } from "../helpers/plan-resource";

export { planResource };
import type { CelRule } from "../../policies/kyverno/cel-rules";

export const STACK = planResource("pulumi:pulumi:Stack", "delivery-platform-test", {}, { custom: false });

export function policyNamed(name: string) {
  const policy = guardrailPolicies().find((p) => p.name === name);
  if (policy === undefined) throw new Error(`no policy '${name}'`);
  return policy;
}

/** Messages a guardrail reports for one resource (resource policies) or a set of resources (stack policies). */
export async function violations(
  name: string,
  resources: PlanResource | PlanResource[],
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const policy = policyNamed(name);
  if ("validateStack" in policy) {
    const list = Array.isArray(resources) ? resources : [resources];
    return (await runStackPolicy(policy, [STACK, ...list], config)).map((v) => v.message);
  }
  const list = Array.isArray(resources) ? resources : [resources];
  const found = await Promise.all(list.map((r) => runResourcePolicy(policy, r, config)));
  return found.flat().map((v) => v.message);
}

export interface CelVerdict {
  allowed?: boolean;
  failed?: string[];
  error?: string;
}

const EVALUATOR = path.join(__dirname, "cel-evaluator.mjs");

/** Evaluates CEL rules over objects (and the namespace each is in, as `namespaceObject`) in one child process; one verdict per case. */
export function evaluateCel(cases: { rule: CelRule; object: unknown; namespaceObject?: unknown }[]): CelVerdict[] {
  const input = JSON.stringify(
    cases.map(({ rule, object, namespaceObject }) => ({
      variables: rule.variables,
      validations: rule.validations,
      object,
      namespaceObject,
    })),
  );
  return JSON.parse(execFileSync(process.execPath, [EVALUATOR], { input, encoding: "utf8" })) as CelVerdict[];
}

/**
 * Evaluates match conditions (a policy's or a PolicyException's `matchConditions`) over objects, at
 * `now` for Kyverno's `time.now()`, in one child process; one verdict per case (`matched`: all hold).
 */
export function evaluateConditions(
  cases: { conditions: readonly { name: string; expression: string }[]; object: unknown; namespaceObject?: unknown; now?: Date }[],
): { matched?: boolean; error?: string }[] {
  const input = JSON.stringify(cases.map(({ now, ...rest }) => ({ ...rest, ...(now ? { now: now.toISOString() } : {}) })));
  return JSON.parse(execFileSync(process.execPath, [EVALUATOR], { input, encoding: "utf8" })) as { matched?: boolean; error?: string }[];
}
