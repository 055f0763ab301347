import type { PlanDocument } from "../plan/plan-document";

/**
 * A tenant app is planned in two stacks (docs/access.md, "Tenant stack credentials"): the
 * platform's plan has its foundations (namespaces, Vault roles, Argo CD, admission), the tenant's
 * its GitLab projects, pipeline and External Secrets objects. Neither alone shows the whole path
 * from a pipeline to production, nor every asset the tenant's credentials could reach, so the
 * graph reads them together: every resource of both (their URNs differ by stack) and the tenant's
 * outputs over the platform's (`claims` and `credentials` say who the tenant is and may do).
 */
export function combinedTenantPlan(platform: PlanDocument, tenant: PlanDocument): PlanDocument {
  if (tenant.outputs.platformStack === undefined)
    throw new Error(`stack '${tenant.stack}' is not a tenant stack (no platformStack output)`);
  return {
    ...tenant,
    resources: [...platform.resources, ...tenant.resources],
    outputs: { ...platform.outputs, ...tenant.outputs, apps: { ...(platform.outputs.apps as object), ...(tenant.outputs.apps as object) } },
  };
}
