import { describeObject, objectsOfResource } from "./kubernetes-objects";
import type { ResourceRule } from "./rule";

/** The Rollout kind of Argo Rollouts (argo-helm charts/argo-rollouts/templates/crds/rollout-crd.yaml). */
export const ROLLOUT_GROUP = "argoproj.io";

interface RolloutSpec {
  template?: unknown;
  workloadRef?: { apiVersion?: string; kind?: string; name?: string };
}

/** Why a Rollout does not leave its pods to the app's Deployment, or nothing. */
export function rolloutProblems(spec: RolloutSpec | undefined): string[] {
  const problems: string[] = [];
  if (spec?.template !== undefined && spec.template !== null)
    problems.push("carries its own pod template (spec.template); reference the app's Deployment with spec.workloadRef instead");
  const ref = spec?.workloadRef;
  if (ref === undefined) problems.push("has no spec.workloadRef to the app's Deployment");
  else if (ref.apiVersion !== "apps/v1" || ref.kind !== "Deployment")
    problems.push(
      `references ${ref.apiVersion ?? "?"} ${ref.kind ?? "?"} '${ref.name ?? "?"}'; only an apps/v1 Deployment is checked by every workload guardrail`,
    );
  return problems;
}

/**
 * Rollouts in the plan (the apps' own Rollouts live in their config repositories and meet the
 * same rule at admission, policies/kyverno/rollout-rules.ts). The pod guardrails also read an
 * inline template (kubernetes-kinds.ts CUSTOM_POD_KINDS), so a privileged one fails there too.
 */
export const rolloutsReferenceDeployment: ResourceRule = {
  validateResource: (args, report) => {
    if (!args.type.startsWith("kubernetes:")) return args.notApplicable("applies to Kubernetes resources");
    const { objects } = objectsOfResource(args.type, args.props, args.name);
    for (const object of objects) {
      if (object.kind !== "Rollout" || object.group !== ROLLOUT_GROUP) continue;
      for (const problem of rolloutProblems((object.body as { spec?: RolloutSpec }).spec)) report(`${describeObject(object)} ${problem}`);
    }
  },
};
