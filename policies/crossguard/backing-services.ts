import { PG_HBA_REJECT_PLAINTEXT } from "../../components/onboarding/backing-services/pg-hba";
import { asList, asObject, objectsOfResource, textOf, type Json } from "./kubernetes-objects";
import type { ResourceRule } from "./rule";

/**
 * Guardrail backing-services-private-encrypted: databases and caches stay inside the cluster and
 * speak TLS only. Data both enforcement points read (the Kyverno CEL rule in
 * policies/kyverno/backing-service-rules.ts checks Clusters at admission with the same values).
 */
export const CNPG_GROUP = "postgresql.cnpg.io";
export const CLUSTER_INTERNAL = "ClusterIP";
/** TLS versions a database may require at the least (PostgreSQL ssl_min_protocol_version); older ones are broken. */
export const MIN_TLS_VERSIONS: readonly string[] = ["TLSv1.2", "TLSv1.3"];
export { PG_HBA_REJECT_PLAINTEXT };
const RELEASE = "kubernetes:helm.sh/v3:Release";
/** Chart names of the caches the rule reads the values of. */
const VALKEY_CHARTS: readonly string[] = ["valkey"];

/** What is wrong with a CloudNativePG Cluster. */
export function postgresClusterProblems(cluster: Json): string[] {
  const spec = asObject(cluster.spec);
  const problems: string[] = [];
  asList(asObject(asObject(spec.managed).services).additional).forEach((service, index) => {
    const type = asObject(asObject(asObject(service).serviceTemplate).spec).type ?? CLUSTER_INTERNAL;
    if (type !== CLUSTER_INTERNAL)
      problems.push(
        `spec.managed.services.additional[${index}] is a ${textOf(type)} Service: the database would be reachable from outside the cluster`,
      );
  });
  if (spec.enableSuperuserAccess === true)
    problems.push("spec.enableSuperuserAccess is true: the postgres superuser gets a password any reader of its Secret can use");
  const postgresql = asObject(spec.postgresql);
  const hba = asList(postgresql.pg_hba);
  if (!PG_HBA_REJECT_PLAINTEXT.every((line, index) => hba[index] === line))
    problems.push(
      `spec.postgresql.pg_hba must start with ${PG_HBA_REJECT_PLAINTEXT.map((l) => `'${l}'`).join(", ")}: otherwise the operator's final 'host all all all' rule admits plaintext connections`,
    );
  const minTls = asObject(postgresql.parameters).ssl_min_protocol_version;
  if (minTls !== undefined && !MIN_TLS_VERSIONS.includes(textOf(minTls)))
    problems.push(
      `spec.postgresql.parameters.ssl_min_protocol_version '${textOf(minTls)}' allows broken TLS versions (use ${MIN_TLS_VERSIONS.join(" or ")})`,
    );
  return problems;
}

/** What is wrong with the values of a Valkey release (valkey-io chart: values.yaml @ valkey-0.11.0). */
export function valkeyValuesProblems(values: Json): string[] {
  const problems: string[] = [];
  if (asObject(values.tls).enabled !== true) problems.push("values.tls.enabled is not true: clients and replicas would talk in plaintext");
  if (asObject(values.auth).enabled !== true)
    problems.push("values.auth.enabled is not true: anyone in the namespace could read and write the cache");
  for (const [path, service] of [
    ["values.service", values.service],
    ["values.replica.service", asObject(values.replica).service],
    ["values.metrics.service", asObject(values.metrics).service],
  ] as const) {
    const type = asObject(service).type ?? CLUSTER_INTERNAL;
    if (type !== CLUSTER_INTERNAL) problems.push(`${path}.type is ${textOf(type)}: the cache would be reachable from outside the cluster`);
  }
  return problems;
}

export const backingServicesPrivateEncrypted: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type === RELEASE) {
      if (!VALKEY_CHARTS.includes(String(args.props.chart ?? ""))) return args.notApplicable("applies to Valkey releases");
      for (const problem of valkeyValuesProblems(asObject(args.props.values)))
        report(`release '${String(args.props.name ?? args.name)}': ${problem}`);
      return;
    }
    const clusters = objectsOfResource(args.type, args.props, args.name).objects.filter(
      (o) => o.group === CNPG_GROUP && o.kind === "Cluster",
    );
    if (clusters.length === 0) return args.notApplicable(`applies to ${CNPG_GROUP} Clusters and Valkey releases`);
    for (const cluster of clusters)
      for (const problem of postgresClusterProblems(cluster.body)) report(`Cluster '${cluster.name}': ${problem}`);
  },
};
