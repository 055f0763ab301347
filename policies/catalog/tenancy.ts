import { guardrail, type Guardrail } from "./types";

export const TENANCY_GUARDRAILS: readonly Guardrail[] = [
  guardrail({
    id: "namespace-labels",
    title: "Namespaces declare their owner and Pod Security level",
    area: "tenancy",
    rationale:
      "The owner labels (platform service, or app, team and environment) scope policies, quotas and backups; the Pod Security label makes the API server enforce a pod security level.",
    fix: "Label the namespace pod-security.kubernetes.io/enforce and either platform.delivery/service or platform.delivery/app, /team and /environment (app onboarding does this).",
    severity: "medium",
    regulations: [
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 8(1)" },
    ],
    implementations: ["crossguard", "kyverno"],
  }),
  guardrail({
    id: "app-namespace-isolation",
    title: "App namespaces have a default-deny NetworkPolicy, a ResourceQuota and a LimitRange",
    area: "tenancy",
    rationale: "Without them one tenant can reach every other tenant's pods and exhaust the cluster's capacity.",
    fix: "Create the app's namespaces through app onboarding (tenancy part), which adds the NetworkPolicies, ResourceQuota and LimitRange.",
    severity: "high",
    regulations: [
      { framework: "CRA", article: "Annex I Part I (2)(j)" },
      { framework: "NIS2", article: "Art. 21(2)(i)" },
      { framework: "DORA", article: "Art. 9(2)" },
    ],
    implementations: ["crossguard"],
  }),
];
