import type { NamedNetworkPolicy } from "./network-policies";

/** The CloudNativePG instance manager's status port, which the operator calls on every instance (cloudnative-pg docs/src/networking.md). */
export const CNPG_STATUS_PORT = 8000;
/** The label the operator puts on every pod of a Cluster. */
export const CNPG_CLUSTER_LABEL = "cnpg.io/cluster";

export interface PostgresNetworkInputs {
  /** Cluster name: its pods carry `cnpg.io/cluster=<name>`. */
  cluster: string;
  /** Namespace of the operator (and the Barman Cloud plugin). */
  operatorNamespace: string;
  /** The API server as pods reach it: the instance manager watches its Cluster there. */
  apiServer: { cidrs: readonly string[]; ports: readonly number[] };
  /** The backup store: a namespace of the cluster, or external addresses. */
  store: { namespace: string; port: number } | { cidrs: readonly string[]; port: number };
}

/**
 * The openings a database needs on top of the tenant policies (tenancy/network-policies.ts: default
 * deny, DNS, anything inside the namespace, so the app's pods already reach port 5432 and the
 * instances replicate to each other). Only the database's pods get them: the operator may call
 * their status port, and they may reach the API server and the backup store. Nothing outside the
 * namespace reaches PostgreSQL itself, and the app's pods gain no egress.
 */
export function postgresNetworkPolicies(inputs: PostgresNetworkInputs): NamedNetworkPolicy[] {
  const pods = { matchLabels: { [CNPG_CLUSTER_LABEL]: inputs.cluster } };
  const store = inputs.store;
  return [
    {
      name: `tenant-allow-${inputs.cluster}-operator`,
      spec: {
        podSelector: pods,
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": inputs.operatorNamespace } } }],
            ports: [{ protocol: "TCP", port: CNPG_STATUS_PORT }],
          },
        ],
      },
    },
    {
      name: `tenant-allow-${inputs.cluster}-egress`,
      spec: {
        podSelector: pods,
        policyTypes: ["Egress"],
        egress: [
          {
            to: inputs.apiServer.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
            ports: inputs.apiServer.ports.map((port) => ({ protocol: "TCP", port })),
          },
          "namespace" in store
            ? {
                to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": store.namespace } } }],
                ports: [{ protocol: "TCP", port: store.port }],
              }
            : { to: store.cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ protocol: "TCP", port: store.port }] },
        ],
      },
    },
  ];
}
