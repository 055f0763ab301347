import type { AppRegistry } from "../apps";
import { namespaceRight, platformAsset } from "../assets";
import type { GraphBuilder } from "../graph";
import { implicitSource } from "../implicit-edges";
import { field, list, text, TYPES, type PlanIndex } from "../plan-index";
import { platformIdentity } from "../principals";

/**
 * Backups: Velero's storage locations (chart values) hold every namespace's objects and Secrets.
 * Velero reads them with the credentials Secret its values name; whoever reads Secrets in
 * Velero's namespace has them too. Velero itself is cluster-admin inside the chart.
 */
export function backupEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  namespaces: ReadonlySet<string>,
  chartVersions: ReadonlyMap<string, string>,
): void {
  const release = index.ofType(TYPES.helmRelease).find((r) => text(r.inputs.chart) === "velero");
  if (release === undefined) return;
  const namespace = text(release.inputs.namespace) ?? "velero";
  const values = field(release.inputs, "values");
  const velero = platformIdentity(graph, "velero", `Velero server (${namespace})`);
  const source = implicitSource("veleroClusterAdmin", chartVersions);
  for (const ns of namespaces)
    for (const right of ["deploy", "secrets"] as const)
      graph.edge({ from: velero, to: namespaceRight(graph, apps, ns, right), via: "cluster-admin (chart default)", source });
  const credentials = text(field(values, "credentials", "existingSecret"));
  for (const location of list(field(values, "configuration", "backupStorageLocation"))) {
    const bucket = text(field(location, "bucket")) ?? "?";
    const asset = platformAsset(graph, `backup:${bucket}`, `backup bucket ${bucket} (every namespace's objects and Secrets)`, [
      "production-secret",
    ]);
    graph.edge({ from: velero, to: asset, via: `backup storage location ${text(field(location, "name")) ?? "default"}` });
    if (credentials !== undefined)
      graph.edge({
        from: namespaceRight(graph, apps, namespace, "secrets"),
        to: asset,
        via: `Secret ${namespace}/${credentials} holds the bucket's credentials`,
      });
  }
}
