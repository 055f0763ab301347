import { DRILL_LABEL } from "./names";

/** One namespace a drill restores: the backed-up one and its scratch copy. */
export interface DrillNamespace {
  source: string;
  target: string;
}

/** One restore drill: the latest backup of a Velero schedule, restored into drill namespaces. */
export interface DrillTarget {
  /** Kubernetes name of the drill (its CronJob `drill-<name>`): the schedule's name. */
  name: string;
  /** The Velero Schedule whose latest completed backup is restored. */
  scheduleName: string;
  namespaces: readonly DrillNamespace[];
  /**
   * The app's optional HTTP smoke check: a Service of the restored copy, its port and a path, and
   * the container port the Service forwards to (which the drill namespace's NetworkPolicy opens).
   */
  httpCheck?: { service: string; port: number; path: string; targetPort: number };
}

/**
 * Objects a drill leaves out of the restore: they would act outside the scratch namespace. An
 * Ingress or HTTPRoute would claim the production host, a Certificate would order it again, an
 * ExternalSecret or SecretStore would call Vault with the copy's identity (refused: roles are
 * bound to the production namespace), and scrape objects and rules would double the app's metrics
 * and alerts. Names as Velero takes them (`<resource>.<group>`, restore-reference.md).
 */
export const DRILL_EXCLUDED_RESOURCES = [
  "ingresses.networking.k8s.io",
  "httproutes.gateway.networking.k8s.io",
  "certificates.cert-manager.io",
  "externalsecrets.external-secrets.io",
  "secretstores.external-secrets.io",
  "vmservicescrapes.operator.victoriametrics.com",
  "vmpodscrapes.operator.victoriametrics.com",
  "vmrules.operator.victoriametrics.com",
] as const;

/**
 * The Restore the runner creates (`velero.io/v1`, fields of velero.io_restores.yaml at Velero 1.18.1,
 * vmware-tanzu/velero@d30d389 config/crd/v1/bases). Everything the admission policy
 * drill-restores-confined checks is spelled out, not left to defaults: the included namespaces
 * exactly, each mapped to its drill namespace (unmapped ones would restore in place), no
 * cluster-scoped resources, no hooks or resource modifiers, existing objects left alone.
 */
export function drillRestore(drill: DrillTarget, names: { restore: string; backup: string; veleroNamespace: string }) {
  return {
    apiVersion: "velero.io/v1",
    kind: "Restore",
    metadata: { name: names.restore, namespace: names.veleroNamespace, labels: { [DRILL_LABEL]: drill.name } },
    spec: {
      backupName: names.backup,
      includedNamespaces: drill.namespaces.map((ns) => ns.source),
      namespaceMapping: Object.fromEntries(drill.namespaces.map((ns) => [ns.source, ns.target])),
      includeClusterResources: false,
      excludedResources: [...DRILL_EXCLUDED_RESOURCES],
      restorePVs: true,
      existingResourcePolicy: "none",
    },
  };
}
