import { SERVICE_NAMESPACES } from "../../components/platform/service-catalog";
import { asList, asObject, type Json } from "./kubernetes-objects";
import { inAppNamespaces } from "./tenancy";

/**
 * What a NetworkPolicy in an app namespace may allow, as data both enforcement points read (the
 * Kyverno CEL rule in policies/kyverno/tenancy-rules.ts takes the same values). NetworkPolicies
 * add up: one allow-all beside the default deny undoes it. So each rule must name its peers, and
 * each peer is the namespace's own pods or one named platform namespace.
 */
/** The label the API server sets on every namespace: the one selector that names exactly one namespace. */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/**
 * Namespaces app pods may talk to or be reached from, besides their own: the platform's services,
 * kube-system (DNS; k3d's ingress controller) and the usual ingress controller namespace.
 * Stacks whose ingress controller runs elsewhere set it (policies/config, kyvernoPolicyManifests).
 */
export const PEER_NAMESPACES: readonly string[] = [
  ...new Set([...Object.values(SERVICE_NAMESPACES), "kube-system", "ingress-nginx"]),
].sort();

export const NETWORK_POLICY_DEFAULTS = { peerNamespaces: PEER_NAMESPACES };

function peerProblem(
  peer: Json,
  namespace: string,
  peerNamespaces: readonly string[],
  egressCidrs?: readonly string[],
): string | undefined {
  if (peer.ipBlock !== undefined) {
    // Egress to what the platform listed on the namespace (a database's API server and backup store) is that platform change.
    if (egressCidrs !== undefined && egressCidrs.includes(String(asObject(peer.ipBlock).cidr))) return undefined;
    return "selects an ipBlock: most CNIs apply it to pod and node addresses, so 0.0.0.0/0 (or two /1 halves, or 10.0.0.0/8) reaches every tenant; egress beyond the cluster is a platform change";
  }
  if (peer.namespaceSelector === undefined) return peer.podSelector === undefined ? "selects nothing it names" : undefined;
  const selector = asObject(peer.namespaceSelector);
  const labels = asObject(selector.matchLabels);
  const keys = Object.keys(selector);
  if (keys.some((key) => key !== "matchLabels") || Object.keys(labels).length !== 1 || typeof labels[NAMESPACE_NAME_LABEL] !== "string")
    return `selects namespaces by ${JSON.stringify(selector)}: name exactly one namespace with matchLabels '${NAMESPACE_NAME_LABEL}'`;
  const name = labels[NAMESPACE_NAME_LABEL];
  return name === namespace || peerNamespaces.includes(name)
    ? undefined
    : `selects namespace '${name}', which is neither this namespace nor a platform namespace (${peerNamespaces.join(", ")})`;
}

/** What is wrong with a NetworkPolicy (or NetworkPolicyPatch) in the app namespace `namespace`. */
export function networkPolicyProblems(
  policy: Json,
  namespace: string,
  peerNamespaces: readonly string[],
  egressCidrs: readonly string[] = [],
): string[] {
  const spec = asObject(policy.spec);
  const problems: string[] = [];
  for (const [direction, peersField] of [
    ["ingress", "from"],
    ["egress", "to"],
  ] as const)
    asList(spec[direction]).forEach((rule, index) => {
      const peers = asList(asObject(rule)[peersField]);
      const where = `spec.${direction}[${index}]`;
      // An empty or missing peer list matches every source or destination.
      if (peers.length === 0) problems.push(`${where} has no '${peersField}', so it allows all traffic (on its ports)`);
      peers.forEach((peer, peerIndex) => {
        const problem = peerProblem(asObject(peer), namespace, peerNamespaces, direction === "egress" ? egressCidrs : undefined);
        if (problem !== undefined) problems.push(`${where}.${peersField}[${peerIndex}] ${problem}`);
      });
    });
  return problems;
}

export const appNetworkPoliciesScoped = inAppNamespaces(
  ["NetworkPolicy"],
  ["spec.ingress", "spec.egress"],
  ({ object }, namespace, config) => networkPolicyProblems(object.body, namespace.name, config.peerNamespaces, namespace.egressCidrs),
  NETWORK_POLICY_DEFAULTS,
);
