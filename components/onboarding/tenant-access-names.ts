/**
 * The names of a tenant stack's grants (tenant-access.ts), data only: the guardrail pack recognises the
 * grants by these names and must not load the component (and with it the Pulumi resource SDKs).
 */

/** One platform namespace holds every tenant stack's ServiceAccount and token (read by the platform only). */
export const TENANT_STACKS_NAMESPACE = "tenant-stacks";
/** `tenant-stack-<stack>`: the Vault policy, the token role, the Roles and RoleBindings of a tenant stack. */
export const tenantGrantName = (stack: string): string => `tenant-stack-${stack}`;

/** The names of a tenant stack's grants, as the platform exports them and the tenant reads them. */
export interface TenantGrantNames {
  namespace: string;
  serviceAccount: string;
  tokenSecret: string;
  roleBinding: string;
  role: string;
  vaultPolicy: string;
  vaultTokenRole: string;
}

export function tenantGrantNames(stack: string): TenantGrantNames {
  return {
    namespace: TENANT_STACKS_NAMESPACE,
    serviceAccount: stack,
    tokenSecret: `${stack}-token`,
    roleBinding: tenantGrantName(stack),
    role: tenantGrantName(stack),
    vaultPolicy: tenantGrantName(stack),
    vaultTokenRole: tenantGrantName(stack),
  };
}
