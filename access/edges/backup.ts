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
  const buckets = new Map<string, string>();
  for (const location of list(field(values, "configuration", "backupStorageLocation"))) {
    const bucket = text(field(location, "bucket")) ?? "?";
    const asset = platformAsset(graph, `backup:${bucket}`, `backup bucket ${bucket} (every namespace's objects and Secrets)`, [
      "production-secret",
    ]);
    buckets.set(bucket, asset);
    graph.edge({ from: velero, to: asset, via: `backup storage location ${text(field(location, "name")) ?? "default"}` });
    if (credentials !== undefined)
      graph.edge({
        from: namespaceRight(graph, apps, namespace, "secrets"),
        to: asset,
        via: `Secret ${namespace}/${credentials} holds the bucket's credentials`,
      });
  }
  snapshotBucketEdges(graph, index, apps, buckets);
}

/** `rclone copy <dir> backup:<bucket>/<prefix>` in the raft snapshot job (components/platform/vault/raft-snapshot-job.ts). */
const RCLONE_DESTINATION = /rclone copy \S+ [a-z]+:([^/\s]+)\/(\S+)/;

/**
 * Vault raft snapshots: the upload job's credentials (a Secret External Secrets fills in its
 * namespace) reach the snapshot prefix, a bucket area of its own. When the snapshots share
 * Velero's bucket, Velero's credentials reach the prefix too (an S3 key scoped to a bucket reaches
 * every prefix in it), never the other way round.
 */
function snapshotBucketEdges(graph: GraphBuilder, index: PlanIndex, apps: AppRegistry, veleroBuckets: ReadonlyMap<string, string>): void {
  for (const job of index.ofType("kubernetes:batch/v1:CronJob")) {
    if (text(field(job.inputs, "metadata", "name")) !== "vault-raft-snapshot") continue;
    const namespace = text(field(job.inputs, "metadata", "namespace")) ?? "vault";
    const pod = field(job.inputs, "spec", "jobTemplate", "spec", "template", "spec");
    for (const container of list(field(pod, "containers"))) {
      const script = list(field(container, "command")).map(String).join(" ");
      const match = RCLONE_DESTINATION.exec(script);
      if (match === null) continue;
      const [, bucket, prefix] = match;
      const asset = platformAsset(
        graph,
        `backup:${bucket}/${prefix}`,
        `backup bucket ${bucket}/${prefix} (Vault raft snapshots: every secret)`,
        ["production-secret"],
      );
      const secrets = new Set(
        list(field(container, "env"))
          .map((env) => text(field(env, "valueFrom", "secretKeyRef", "name")))
          .filter((name): name is string => name !== undefined),
      );
      for (const secret of secrets)
        graph.edge({
          from: namespaceRight(graph, apps, namespace, "secrets"),
          to: asset,
          via: `Secret ${namespace}/${secret} holds the snapshot upload credentials`,
        });
      const shared = veleroBuckets.get(bucket!);
      if (shared !== undefined) graph.edge({ from: shared, to: asset, via: `the prefix ${prefix} is in Velero's bucket ${bucket}` });
    }
  }
}
