import type { PlanDocument, PlanResource } from "../plan/plan-document";

export const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

export const ofType = (plan: PlanDocument, type: string): PlanResource[] => plan.resources.filter((r) => r.type === type);

/** Helm releases of a chart, matched on the chart name (also for `oci://…/<chart>` references). */
export const releasesOf = (plan: PlanDocument, chart: string): PlanResource[] =>
  ofType(plan, HELM_RELEASE).filter((r) => typeof r.inputs.chart === "string" && r.inputs.chart.split("/").pop() === chart);

/** Value at a dotted path (`values.server.retentionPeriod`); keys containing dots can be given as an array. */
export function valueAt(root: unknown, path: string | readonly string[]): unknown {
  const keys = typeof path === "string" ? path.split(".") : path;
  let current: unknown = root;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A plan value as report text; absent values are said to be absent rather than shown as empty. */
export function display(value: unknown): string {
  if (value === undefined || value === null) return "not set";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** Namespace a Kubernetes object in the plan lives in (metadata.namespace, or the release's namespace). */
export const namespaceOf = (resource: PlanResource): string | undefined => {
  const fromMetadata = valueAt(resource.inputs, "metadata.namespace");
  if (typeof fromMetadata === "string") return fromMetadata;
  return typeof resource.inputs.namespace === "string" ? resource.inputs.namespace : undefined;
};

/** Velero Schedules and the namespaces each one includes. */
export function veleroSchedules(plan: PlanDocument): { resource: PlanResource; namespaces: string[]; ttl: string; cron: string }[] {
  return ofType(plan, "kubernetes:velero.io/v1:Schedule").map((resource) => {
    const included = valueAt(resource.inputs, "spec.template.includedNamespaces");
    return {
      resource,
      namespaces: Array.isArray(included) ? included.filter((n): n is string => typeof n === "string") : [],
      ttl: display(valueAt(resource.inputs, "spec.template.ttl")),
      cron: display(valueAt(resource.inputs, "spec.schedule")),
    };
  });
}

/** Image references set in release values (`image: repo:tag`), e.g. plugins the platform adds to a chart. */
export function releaseValueImages(values: unknown, at = ""): [string, string][] {
  if (Array.isArray(values)) return values.flatMap((v, i) => releaseValueImages(v, `${at}[${i}]`));
  if (values !== null && typeof values === "object")
    return Object.entries(values).flatMap(([k, v]): [string, string][] => {
      const path = at ? `${at}.${k}` : k;
      return k === "image" && typeof v === "string" && /:[^/]+$|@sha256:/.test(v) ? [[path, v]] : releaseValueImages(v, path);
    });
  return [];
}
