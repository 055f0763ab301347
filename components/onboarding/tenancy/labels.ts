import type { AppNames } from "../app-names";

/** Label keys every object of an app's tenancy carries; policies, scrapes and backups select on them. */
export const TENANCY_LABEL_KEYS = {
  team: "platform.delivery/team",
  app: "platform.delivery/app",
  environment: "platform.delivery/environment",
  partOf: "app.kubernetes.io/part-of",
} as const;

/**
 * Annotation of an app namespace naming the host its Ingresses and Certificates may use, subdomains
 * included (AppNames.ingress.hosts). Admission sees only the object and its namespace, so the host
 * travels on the namespace; no app identity can write a namespace (cluster-scoped, not in the
 * AppProject's kinds, not in `edit`).
 */
export const INGRESS_HOST_ANNOTATION = "platform.delivery/ingress-host";

/** Labels of the objects in one environment's namespace, the namespace included. */
export function environmentLabels(names: Pick<AppNames, "labels">, environment: string): Record<string, string> {
  return { ...names.labels.app, [TENANCY_LABEL_KEYS.environment]: environment };
}

/**
 * Annotation of an app namespace listing (comma-separated) the CIDRs its NetworkPolicies may name
 * as egress ipBlocks: the API server and the backup store, for namespaces with a database
 * (backing-services/egress-cidrs.ts). Like the ingress host, it travels on the namespace, which no
 * app identity can write; guardrail app-network-policies-scoped admits no other ipBlock.
 */
export const EGRESS_CIDRS_ANNOTATION = "platform.delivery/egress-cidrs";
