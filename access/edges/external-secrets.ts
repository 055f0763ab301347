import type { AppRegistry } from "../apps";
import { appOwner } from "../apps";
import { namespaceRight } from "../assets";
import type { GraphBuilder } from "../graph";
import { implicitSource } from "../implicit-edges";
import { field, list, text, TYPES, type PlanIndex } from "../plan-index";
import { platformIdentity } from "../principals";
import { selectorMatches, vaultLogins } from "./kubernetes";

/**
 * External Secrets stores. An ExternalSecret in a namespace may use that namespace's SecretStores
 * and every ClusterSecretStore whose `spec.conditions` admit the namespace (none: every
 * namespace); it then reads whatever the store's Vault role reads. Who may create ExternalSecrets:
 * whoever holds `edit` there, since the chart aggregates its roles into `edit`, and whatever Argo
 * CD syncs into the namespace (both reach the namespace's deploy right).
 */
export function externalSecretsEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  namespaces: ReadonlySet<string>,
  labels: ReadonlyMap<string, Record<string, string>>,
  chartVersions: ReadonlyMap<string, string>,
): void {
  const kubernetesRoles = index.ofType(TYPES.kubernetesRole);
  const rolesByName = new Map<string, typeof kubernetesRoles>();
  for (const role of kubernetesRoles) {
    const name = text(role.inputs.roleName) ?? role.name;
    rolesByName.set(name, [...(rolesByName.get(name) ?? []), role]);
  }
  const source = implicitSource("esoAggregatesIntoEdit", chartVersions);
  const store = (kind: string, name: string, namespace: string | undefined, spec: unknown) => {
    const owned = namespace !== undefined ? apps.namespace(namespace) : undefined;
    const id = graph.node({
      id: `identity:eso:${kind}:${namespace ?? ""}/${name}`,
      kind: "identity",
      label: `External Secrets ${kind} ${namespace !== undefined ? `${namespace}/` : ""}${name}`,
      owner: owned ? appOwner(owned.app) : { kind: "platform" },
    });
    const auth = field(spec, "provider", "vault", "auth", "kubernetes");
    const role = text(field(auth, "role"));
    const account = text(field(auth, "serviceAccountRef", "name"));
    const accountNamespace = text(field(auth, "serviceAccountRef", "namespace")) ?? namespace;
    if (role !== undefined && account !== undefined && accountNamespace !== undefined)
      vaultLogins(graph, id, accountNamespace, account, rolesByName.get(role) ?? []);
    return id;
  };
  for (const resource of index.ofType(TYPES.secretStore)) {
    const namespace = text(field(resource.inputs, "metadata", "namespace")) ?? "default";
    const name = text(field(resource.inputs, "metadata", "name")) ?? resource.name;
    const id = store("SecretStore", name, namespace, field(resource.inputs, "spec"));
    graph.edge({
      from: namespaceRight(graph, apps, namespace, "deploy"),
      to: id,
      via: `an ExternalSecret in ${namespace} uses SecretStore ${name}`,
      source,
    });
  }
  for (const resource of index.ofType(TYPES.clusterSecretStore)) {
    const name = text(field(resource.inputs, "metadata", "name")) ?? resource.name;
    const spec = field(resource.inputs, "spec");
    const id = store("ClusterSecretStore", name, undefined, spec);
    const conditions = list(field(spec, "conditions"));
    for (const namespace of namespaces) {
      const nsLabels = labels.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
      const admitted =
        conditions.length === 0 ||
        conditions.some(
          (c) =>
            list(field(c, "namespaces")).includes(namespace) ||
            list(field(c, "namespaceRegexes")).some((r) => new RegExp(String(r)).test(namespace)) ||
            (field(c, "namespaceSelector") !== undefined && selectorMatches(field(c, "namespaceSelector"), nsLabels)),
        );
      if (admitted)
        graph.edge({
          from: namespaceRight(graph, apps, namespace, "deploy"),
          to: id,
          via: `an ExternalSecret in ${namespace} uses ClusterSecretStore ${name} (${conditions.length === 0 ? "no spec.conditions: every namespace" : "its spec.conditions admit it"})`,
          source,
        });
    }
  }

  // The controller itself (inside the chart): it logs in as its own ServiceAccount.
  const release = index.ofType(TYPES.helmRelease).find((r) => text(r.inputs.chart)?.endsWith("external-secrets"));
  if (release !== undefined) {
    const namespace = text(release.inputs.namespace) ?? "external-secrets";
    const account = text(field(release.inputs, "values", "serviceAccount", "name")) ?? "external-secrets";
    const controller = platformIdentity(graph, "external-secrets", `External Secrets controller (${namespace}/${account})`);
    vaultLogins(graph, controller, namespace, account, kubernetesRoles);
    const controllerSource = implicitSource("esoController", chartVersions);
    for (const ns of namespaces)
      graph.edge({
        from: controller,
        to: namespaceRight(graph, apps, ns, "secrets"),
        via: "the controller's ClusterRole reads and writes Secrets everywhere",
        source: controllerSource,
      });
  }
}
