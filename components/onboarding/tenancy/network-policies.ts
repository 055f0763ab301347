import type * as k8s from "@pulumi/kubernetes";

export interface NetworkPolicyInputs {
  /** Namespace of the ingress controller. */
  ingressNamespace: string;
  /** Container port the app serves on. */
  servicePort: number;
  /** Namespace of the metrics scraper; no scrape rule without it. */
  monitoringNamespace?: string;
  /** Named port of the metrics endpoint. */
  metricsPort: string;
}

export interface NamedNetworkPolicy {
  /** metadata.name; prefixed so it cannot collide with policies Kyverno generates (`default-deny`). */
  name: string;
  spec: k8s.types.input.networking.v1.NetworkPolicySpec;
}

/** Every pod in the namespace. */
const ALL_PODS = {};
/** Selects a namespace by the name label the API server sets on every namespace. */
const namespaceNamed = (name: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } } });

/**
 * Default deny in both directions, then only what an app behind the ingress controller needs.
 * No egress to Vault: External Secrets fetches secrets, not the app. No egress to the API server:
 * the service account token is not mounted. Anything else (databases, external APIs) is a
 * deliberate platform change, not a default.
 */
export function networkPolicies(inputs: NetworkPolicyInputs): NamedNetworkPolicy[] {
  const policies: NamedNetworkPolicy[] = [
    { name: "tenant-default-deny", spec: { podSelector: ALL_PODS, policyTypes: ["Ingress", "Egress"] } },
    {
      name: "tenant-allow-dns",
      spec: {
        podSelector: ALL_PODS,
        policyTypes: ["Egress"],
        egress: [
          {
            // kube-dns and CoreDNS (also k3s') carry this label; both selectors must match.
            to: [{ ...namespaceNamed("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
    {
      // A podSelector without namespaceSelector only matches pods of this namespace.
      name: "tenant-allow-same-namespace",
      spec: {
        podSelector: ALL_PODS,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: ALL_PODS }] }],
        egress: [{ to: [{ podSelector: ALL_PODS }] }],
      },
    },
    {
      name: "tenant-allow-ingress-controller",
      spec: {
        podSelector: ALL_PODS,
        policyTypes: ["Ingress"],
        ingress: [{ from: [namespaceNamed(inputs.ingressNamespace)], ports: [{ protocol: "TCP", port: inputs.servicePort }] }],
      },
    },
  ];
  if (inputs.monitoringNamespace !== undefined)
    policies.push({
      // A named port in a NetworkPolicy names the container port: the app names it like its Service port.
      name: "tenant-allow-monitoring",
      spec: {
        podSelector: ALL_PODS,
        policyTypes: ["Ingress"],
        ingress: [{ from: [namespaceNamed(inputs.monitoringNamespace)], ports: [{ protocol: "TCP", port: inputs.metricsPort }] }],
      },
    });
  return policies;
}
