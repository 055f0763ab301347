import type { AppNames } from "../app-names";

export interface GroupRoleBinding {
  /** metadata.name of the RoleBinding. */
  name: string;
  /** A built-in aggregated ClusterRole, bound only inside the namespace. */
  clusterRole: "edit" | "view";
  /** Identity-provider group. */
  group: string;
}

/**
 * Developers edit outside production and only read in production, where changes go through GitOps;
 * maintainers can operate every environment. RoleBindings (not ClusterRoleBindings) keep both
 * groups inside the app's namespaces.
 */
export function roleBindings(names: Pick<AppNames, "groups">, production: boolean): GroupRoleBinding[] {
  return [
    { name: "tenant-developers", clusterRole: production ? "view" : "edit", group: names.groups.developers },
    { name: "tenant-maintainers", clusterRole: "edit", group: names.groups.maintainers },
  ];
}
