import type { PolicyResource } from "@pulumi/policy";
import { resourcesInNamespace, resourcesOfType } from "./resource-index";
import { type ResourceRule, type StackRule } from "./rule";

const NAMESPACE = "kubernetes:core/v1:Namespace";
export const POD_SECURITY_LABEL = "pod-security.kubernetes.io/enforce";
export const SERVICE_LABEL = "platform.delivery/service";
export const APP_LABELS = ["platform.delivery/app", "platform.delivery/team", "platform.delivery/environment"] as const;

/** What the namespace-labels guardrail requires (the Kyverno CEL expression says the same). */
export function namespaceLabelProblems(labels: Record<string, string>): string[] {
  const problems: string[] = [];
  if (!(POD_SECURITY_LABEL in labels)) problems.push(`has no '${POD_SECURITY_LABEL}' label`);
  if (!(SERVICE_LABEL in labels) && !APP_LABELS.every((label) => label in labels))
    problems.push(`has neither '${SERVICE_LABEL}' nor all of ${APP_LABELS.map((l) => `'${l}'`).join(", ")}`);
  return problems;
}

type Metadata = { name?: string; namespace?: string; labels?: Record<string, string> };
const metadataOf = (resource: { props: Record<string, unknown> }) => (resource.props.metadata ?? {}) as Metadata;

export const namespaceLabels: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== NAMESPACE) return args.notApplicable(`applies to ${NAMESPACE}`);
    const metadata = metadataOf(args);
    for (const problem of namespaceLabelProblems(metadata.labels ?? {})) report(`namespace '${metadata.name ?? args.name}' ${problem}`);
  },
};

export const appNamespaces = (resources: readonly PolicyResource[]) =>
  resourcesOfType(resources, NAMESPACE).filter((r) => APP_LABELS[0] in (metadataOf(r).labels ?? {}));

const isDefaultDeny = (policy: PolicyResource) => {
  const spec = (policy.props.spec ?? {}) as {
    podSelector?: Record<string, unknown>;
    policyTypes?: string[];
    ingress?: unknown[];
    egress?: unknown[];
  };
  const selectsAll = Object.keys(spec.podSelector ?? {}).every((key) => {
    const value = spec.podSelector?.[key];
    return value === undefined || (typeof value === "object" && value !== null && Object.keys(value).length === 0);
  });
  const types = spec.policyTypes ?? [];
  return (
    selectsAll &&
    types.includes("Ingress") &&
    types.includes("Egress") &&
    (spec.ingress ?? []).length === 0 &&
    (spec.egress ?? []).length === 0
  );
};

export const appNamespaceIsolation: StackRule = {
  validateStack: (args, report) => {
    for (const namespace of appNamespaces(args.resources)) {
      const name = metadataOf(namespace).name ?? namespace.name;
      const missing: string[] = [];
      if (!resourcesInNamespace(args.resources, "kubernetes:networking.k8s.io/v1:NetworkPolicy", name).some(isDefaultDeny))
        missing.push("a default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)");
      if (resourcesInNamespace(args.resources, "kubernetes:core/v1:ResourceQuota", name).length === 0) missing.push("a ResourceQuota");
      if (resourcesInNamespace(args.resources, "kubernetes:core/v1:LimitRange", name).length === 0) missing.push("a LimitRange");
      if (missing.length > 0) report(`app namespace '${name}' has no ${missing.join(", ")}`, namespace.urn);
    }
  },
};
