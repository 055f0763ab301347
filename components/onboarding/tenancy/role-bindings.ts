import type { AppSpec } from "../app-spec";

export interface GroupRoleBinding {
  /** metadata.name of the RoleBinding. */
  name: string;
  /** A built-in aggregated ClusterRole, bound only inside the namespace. */
  clusterRole: "edit" | "view";
  /** Identity-provider group. */
  group: string;
}

export const developersGroup = (spec: Pick<AppSpec, "team" | "access">): string => spec.access.developers ?? `${spec.team}-developers`;
export const maintainersGroup = (spec: Pick<AppSpec, "team" | "access">): string => spec.access.maintainers ?? `${spec.team}-maintainers`;

/**
 * Developers edit outside production and only read in production, where changes go through GitOps;
 * maintainers can operate every environment. RoleBindings (not ClusterRoleBindings) keep both
 * groups inside the app's namespaces.
 */
export function roleBindings(spec: Pick<AppSpec, "team" | "access">, production: boolean): GroupRoleBinding[] {
  return [
    { name: "tenant-developers", clusterRole: production ? "view" : "edit", group: developersGroup(spec) },
    { name: "tenant-maintainers", clusterRole: "edit", group: maintainersGroup(spec) },
  ];
}
