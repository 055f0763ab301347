/** A Role rule (rbac.authorization.k8s.io/v1 PolicyRule). */
export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * In Velero's namespace: start a Restore, watch it and delete it afterwards, and find the latest
 * backup of a schedule. No Secrets, no Backups or Schedules to change, no DeleteBackupRequests.
 * A Restore runs with Velero's own (cluster-wide) rights, so what it may restore where is decided
 * by the admission policy drill-restores-confined, not by this Role.
 */
export const VELERO_NAMESPACE_RULES: readonly PolicyRule[] = [
  { apiGroups: ["velero.io"], resources: ["restores"], verbs: ["create", "get", "delete"] },
  { apiGroups: ["velero.io"], resources: ["backups"], verbs: ["get", "list"] },
];

/** Kinds a restored copy consists of, which the runner checks (readiness) and deletes (clean-up, by Velero's restore label). */
export const DRILL_CLEANUP_KINDS: readonly { group: string; resources: string[] }[] = [
  { group: "apps", resources: ["deployments", "statefulsets", "daemonsets", "replicasets"] },
  { group: "batch", resources: ["jobs", "cronjobs"] },
  { group: "", resources: ["pods", "services", "configmaps", "persistentvolumeclaims", "serviceaccounts"] },
  { group: "policy", resources: ["poddisruptionbudgets"] },
  { group: "autoscaling", resources: ["horizontalpodautoscalers"] },
  { group: "networking.k8s.io", resources: ["networkpolicies"] },
  { group: "rbac.authorization.k8s.io", resources: ["roles", "rolebindings"] },
];

/**
 * In each drill namespace: read and delete what a restore put there. Secrets only by
 * `deletecollection` (a DELETE on the collection with a label selector): the runner can remove
 * the restored Secrets without ever reading one. Nothing is created: Velero does that.
 */
export const DRILL_NAMESPACE_RULES: readonly PolicyRule[] = [
  ...DRILL_CLEANUP_KINDS.map(({ group, resources }) => ({
    apiGroups: [group],
    resources: [...resources],
    verbs: ["get", "list", "watch", "delete"],
  })),
  { apiGroups: [""], resources: ["secrets"], verbs: ["deletecollection"] },
];
