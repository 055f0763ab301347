import type { CelRule } from "./cel-rules";

/**
 * Rollouts in app namespaces leave their pods to the app's Deployment (workloadRef): Kyverno's
 * autogen covers Deployments but not Rollouts (kyverno pkg/cel/autogen/config.go), so a Rollout's
 * own template would be checked only once its pods exist. Same rule as CrossGuard's
 * rollouts-reference-deployment (policies/crossguard/rollouts.ts).
 */
export function rolloutCelRules(): Readonly<Record<string, CelRule>> {
  return {
    "rollouts-reference-deployment": {
      resource: "app-namespaced",
      kinds: [{ apiGroups: ["argoproj.io"], apiVersions: ["*"], resources: ["rollouts"] }],
      variables: [],
      validations: [
        {
          expression: "!has(object.spec.template)",
          message: "A Rollout carries no pod template of its own: reference the app's Deployment with spec.workloadRef.",
        },
        {
          expression:
            "has(object.spec.workloadRef) && object.spec.workloadRef.?apiVersion.orValue('') == 'apps/v1' && object.spec.workloadRef.?kind.orValue('') == 'Deployment'",
          message: "A Rollout references an apps/v1 Deployment (spec.workloadRef), whose pod template every workload guardrail checks.",
        },
      ],
    },
  };
}
