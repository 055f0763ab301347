// Checks of a plan's Kyverno policies against the shared level rule (policies/enforcement/levels.ts),
// over what a plan carries: the policies, the namespaces with their labels, the profile and the
// environments. They run on fixtures cut from plans of earlier versions and on today's plans.
import { selectorMatches } from "../../access/edges/kubernetes";
import { TENANCY_LABEL_KEYS } from "../../components/onboarding/tenancy/labels";
import type { ValidationAction } from "../../components/platform/kyverno/validation-actions";
import { planEnforcement } from "../../plan/plan-guardrails";
import type { PlanDocument } from "../../plan/plan-document";
import { planProfile } from "../../plan/policy-evaluation";
import { GUARDRAILS } from "../../policies/catalog";
import { guardrailLevel, tierOf } from "../../policies/enforcement/levels";
import { admissionActions } from "../../policies/kyverno/admission-actions";
import { evaluateConditions } from "./harness";

/** The part of a plan these checks read (fixtures carry only that). */
export type PlanCut = Pick<PlanDocument, "outputs"> & { resources: Pick<PlanDocument["resources"][number], "urn" | "type" | "inputs">[] };

type Metadata = { name: string; labels?: Record<string, string> };
type PolicySpec = {
  validationActions: ValidationAction[];
  matchConstraints: { namespaceSelector?: unknown; resourceRules: { resources: string[] }[] };
  matchConditions?: { name: string; expression: string }[];
};
interface Policy {
  name: string;
  guardrail: string;
  spec: PolicySpec;
}

const POLICY_TYPES = ["kubernetes:policies.kyverno.io/v1:ValidatingPolicy", "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy"];

/** The guardrail a policy enforces: its label (per-app image policies), else its name up to a variant's '.'. */
function policies(plan: PlanCut): Policy[] {
  return plan.resources
    .filter((r) => POLICY_TYPES.includes(r.type))
    .map((r) => {
      const metadata = r.inputs.metadata as unknown as Metadata;
      return {
        name: metadata.name,
        guardrail: metadata.labels?.["platform.delivery/guardrail"] ?? metadata.name.split(".")[0]!,
        spec: r.inputs.spec as unknown as PolicySpec,
      };
    });
}

function namespaces(plan: PlanCut): Metadata[] {
  return plan.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace").map((r) => r.inputs.metadata as unknown as Metadata);
}

const selectorLabels = (ns: Metadata) => ({ ...ns.labels, "kubernetes.io/metadata.name": ns.name });
const matchesNamespaces = (policy: Policy) => policy.spec.matchConstraints.resourceRules.some((r) => r.resources.includes("namespaces"));

/**
 * The namespaces each namespace-matching policy's conditions select, evaluated in CEL as Kyverno
 * would, in one evaluator run: policy name → selected names.
 */
function conditionMatches(list: readonly Policy[], names: readonly string[]): Map<string, Set<string>> {
  const cases = list.flatMap((policy) => names.map((name) => ({ policy, name })));
  const verdicts = evaluateConditions(
    cases.map(({ policy, name }) => ({ conditions: policy.spec.matchConditions ?? [], object: { metadata: { name } } })),
  );
  const selected = new Map(list.map((p) => [p.name, new Set<string>()]));
  cases.forEach(({ policy, name }, i) => {
    const verdict = verdicts[i]!;
    if (verdict.error !== undefined) throw new Error(`${policy.name}: ${verdict.error}`);
    if (verdict.matched === true) selected.get(policy.name)!.add(name);
  });
  return selected;
}

/**
 * For every app namespace and Kyverno guardrail: the actions of the policies that match the
 * namespace, against what the rule gives its environment's tier. `advisoryActions`: the configured
 * `services.kyverno.validationActions` (default: the plan's own).
 */
export function admissionActionMismatches(plan: PlanCut, advisoryActions?: readonly ValidationAction[]): string[] {
  const profile = planProfile(plan as PlanDocument)!;
  const enforcement = planEnforcement(plan as PlanDocument, profile);
  const advisory = advisoryActions ?? enforcement.advisoryActions;
  const all = policies(plan);
  const appNamespaces = namespaces(plan).filter((ns) => ns.labels?.[TENANCY_LABEL_KEYS.environment] !== undefined);
  const selected = conditionMatches(
    all.filter(matchesNamespaces),
    appNamespaces.map((ns) => ns.name),
  );
  const problems: string[] = [];
  for (const guardrail of GUARDRAILS.filter((g) => g.kyverno !== undefined)) {
    const own = all.filter((p) => p.guardrail === guardrail.id);
    if (own.length === 0) continue;
    for (const ns of appNamespaces) {
      const environment = ns.labels![TENANCY_LABEL_KEYS.environment]!;
      const tier = tierOf(enforcement, environment);
      const expected = admissionActions(guardrailLevel(guardrail, tier), tier, advisory);
      const matching = own.filter((p) =>
        matchesNamespaces(p)
          ? selected.get(p.name)!.has(ns.name)
          : selectorMatches(p.spec.matchConstraints.namespaceSelector ?? {}, selectorLabels(ns)),
      );
      // Per-app image policies cover their own app's namespaces only; other guardrails every app namespace.
      if (matching.length === 0 && guardrail.id === "image-signature-verified") continue;
      const actual = matching.map((p) => `${p.name} [${p.spec.validationActions.join(", ")}]`);
      const agrees = matching.length === 1 && matching[0]!.spec.validationActions.join() === expected.join();
      if (!agrees)
        problems.push(
          `${ns.name} (${environment}, tier ${tier}): ${guardrail.id} expects [${expected.join(", ")}], got ${actual.join("; ") || "no policy"}`,
        );
    }
  }
  return problems;
}

/** Namespaces the namespace-labels policies would check although the platform does not own them. */
export function unownedNamespacesChecked(plan: PlanCut, unowned: readonly string[]): string[] {
  const checking = policies(plan).filter((p) => p.guardrail === "namespace-labels");
  const selected = conditionMatches(checking, unowned);
  return checking.flatMap((policy) =>
    unowned
      .filter((name) => selected.get(policy.name)!.has(name))
      .map((name) => `${policy.name} checks namespace '${name}', which the platform does not own`),
  );
}

/** Namespaces the platform creates in the plan that no namespace-labels policy checks. */
export function ownedNamespacesUnchecked(plan: PlanCut): string[] {
  const checking = policies(plan).filter((p) => p.guardrail === "namespace-labels");
  const names = namespaces(plan).map((ns) => ns.name);
  const selected = conditionMatches(checking, names);
  return names
    .filter((name) => !checking.some((p) => selected.get(p.name)!.has(name)))
    .map((name) => `no namespace-labels policy checks '${name}'`);
}
