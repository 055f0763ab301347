import type { AppRegistry } from "../apps";
import { namespaceRight, platformAsset, platformHostname } from "../assets";
import type { GraphBuilder } from "../graph";
import { implicitSource } from "../implicit-edges";
import { field, list, record, strings, text, TYPES, type PlanIndex } from "../plan-index";
import { selectorMatches } from "./kubernetes";

/** Kinds an app may create in its namespace that reach past it, and what they reach. */
const REACH = [
  { resource: "ingresses", what: (host: string) => `an Ingress claiming ${host}` },
  { resource: "services", what: (_host: string) => "a Service of type LoadBalancer or NodePort, or with externalIPs" },
  {
    resource: "vmservicescrapes",
    what: (_host: string) => "a VMServiceScrape with namespaceSelector.any (synced by Argo CD; `edit` alone cannot create one)",
  },
] as const;

/**
 * Admission policies that refuse a kind in a namespace: a Kyverno ValidatingPolicy whose
 * matchConstraints cover CREATE of the resource there and whose validationActions deny. Its CEL
 * is not evaluated here (the guardrail tests do that); the graph only sees that a denying policy
 * is in the way.
 */
function guards(index: PlanIndex, resource: string, namespace: string, labels: Readonly<Record<string, string>>): string | undefined {
  // A tenant plan carries the platform stack's policies as an output (stacks/tenant.ts).
  const policies = [
    ...index.ofType(TYPES.validatingPolicy).map((policy) => ({
      name: text(field(policy.inputs, "metadata", "name")) ?? policy.name,
      spec: record(policy.inputs.spec),
    })),
    ...list(index.plan.outputs.platformAdmissionPolicies).map((policy) => ({
      name: `${text(field(policy, "name")) ?? "?"} (platform stack)`,
      spec: record(policy),
    })),
  ];
  for (const policy of policies) {
    const { spec } = policy;
    if (!strings(spec.validationActions).includes("Deny")) continue;
    const constraints = record(spec.matchConstraints);
    const covers = list(constraints.resourceRules).some(
      (rule) =>
        strings(field(rule, "resources")).some((r) => r === resource || r === "*") &&
        strings(field(rule, "operations")).some((o) => o === "CREATE" || o === "*"),
    );
    const selector = constraints.namespaceSelector;
    if (covers && (selector === undefined || selectorMatches(selector, labels))) return policy.name;
  }
  return undefined;
}

/**
 * What deploying in an app namespace reaches beyond it, unless admission refuses it: an Ingress
 * claiming a platform hostname (the ingress controller routes it), a Service opening node ports or
 * external IPs, a scrape of every namespace's metrics.
 */
export function exposureEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  labels: ReadonlyMap<string, Record<string, string>>,
  chartVersions: ReadonlyMap<string, string>,
): void {
  const urls = record(index.plan.outputs.urls);
  const hosts = Object.values(urls)
    .map((u) => (typeof u === "string" ? /^https?:\/\/([^/:]+)/.exec(u)?.[1] : undefined))
    .filter((h): h is string => h !== undefined)
    .sort();
  for (const app of apps.apps)
    for (const namespace of Object.values(app.names.kubernetes.namespaces)) {
      const nsLabels = labels.get(namespace) ?? { "kubernetes.io/metadata.name": namespace };
      const deploy = namespaceRight(graph, apps, namespace, "deploy");
      for (const reach of REACH) {
        const guard = guards(index, reach.resource, namespace, nsLabels);
        if (guard !== undefined) continue;
        const unguarded = `; no admission policy denies ${reach.resource} in ${namespace}`;
        if (reach.resource === "ingresses")
          for (const host of hosts) graph.edge({ from: deploy, to: platformHostname(graph, host), via: `${reach.what(host)}${unguarded}` });
        else if (reach.resource === "services")
          graph.edge({
            from: deploy,
            to: platformAsset(graph, "node-network", "the nodes' ports and external IPs"),
            via: `${reach.what("")}${unguarded}`,
          });
        else
          graph.edge({
            from: deploy,
            to: platformAsset(graph, "all-metrics", "metrics of every namespace"),
            via: `${reach.what("")}${unguarded}`,
            source: implicitSource("vmOperatorAggregation", chartVersions),
          });
      }
    }
  // Ingresses the plan itself creates in app namespaces, claiming a platform hostname.
  const platformHosts = new Set(hosts);
  for (const ingress of index.ofType(TYPES.ingress)) {
    const namespace = text(field(ingress.inputs, "metadata", "namespace")) ?? "default";
    if (apps.namespace(namespace) === undefined) continue;
    for (const rule of list(field(ingress.inputs, "spec", "rules"))) {
      const host = text(field(rule, "host"));
      if (host !== undefined && platformHosts.has(host))
        graph.edge({
          from: namespaceRight(graph, apps, namespace, "deploy"),
          to: platformHostname(graph, host),
          via: `Ingress ${namespace}/${text(field(ingress.inputs, "metadata", "name")) ?? ingress.name} in the plan claims ${host}`,
        });
    }
  }
}
