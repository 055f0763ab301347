import { NAMESPACE_NAME_LABEL, PEER_NAMESPACES } from "../crossguard/network-policies";
import {
  APP_NAMESPACE_CLUSTER_ROLES,
  FORBIDDEN_RESOURCES,
  FORBIDDEN_VERBS,
  SERVICE_ACCOUNT_USER_PREFIX,
  SYSTEM_SUBJECT_PREFIX,
} from "../crossguard/rbac";
import { EGRESS_CIDRS_ANNOTATION } from "../../components/onboarding/tenancy/labels";
import { celList, celString } from "./cel-literals";
import type { CelRule, ResourceMatch } from "./cel-rules";

const kinds = (apiGroup: string, resources: readonly string[]): ResourceMatch => ({
  apiGroups: [apiGroup],
  apiVersions: ["v1"],
  resources,
});
/** The namespace the object is admitted in (namespaceObject is always set for namespaced objects). */
const OWN_NAMESPACE = "namespaceObject.metadata.name";

/**
 * The Kyverno side of the tenancy guardrails over objects in app namespaces (NetworkPolicies,
 * Roles and RoleBindings, PersistentVolumeClaims); the CrossGuard side (policies/crossguard/
 * network-policies.ts, rbac.ts, storage.ts) reads the same lists, and the parity tests run both.
 */
export function tenancyCelRules(peerNamespaces: readonly string[] = PEER_NAMESPACES): Readonly<Record<string, CelRule>> {
  const role = (expression: string) => `object.kind != 'Role' || object.?rules.orValue([]).all(r, ${expression})`;
  const binding = (expression: string) => `object.kind != 'RoleBinding' || (${expression})`;
  const peerName = `p.namespaceSelector.?matchLabels.orValue({})[?${celString(NAMESPACE_NAME_LABEL)}].orValue('')`;
  return {
    "app-network-policies-scoped": {
      resource: "app-namespaced",
      kinds: [kinds("networking.k8s.io", ["networkpolicies"])],
      variables: [
        {
          // The CIDRs the platform listed on the namespace for egress (a database's API server and backup store).
          name: "egressCidrs",
          expression: `namespaceObject.metadata.?annotations[?${celString(EGRESS_CIDRS_ANNOTATION)}].orValue('').split(',')`,
        },
        {
          // Every rule's peer list: an empty one allows all traffic.
          name: "peerLists",
          expression:
            "object.spec.?ingress.orValue([]).map(r, r.?from.orValue([])) + object.spec.?egress.orValue([]).map(r, r.?to.orValue([]))",
        },
      ],
      validations: [
        {
          expression: "variables.peerLists.all(l, size(l) > 0)",
          message: "Every ingress and egress rule must name its peers: a rule without from/to allows all traffic.",
        },
        {
          expression:
            "object.spec.?ingress.orValue([]).all(r, r.?from.orValue([]).all(p, !has(p.ipBlock) && (has(p.podSelector) || has(p.namespaceSelector)))) && " +
            "object.spec.?egress.orValue([]).all(r, r.?to.orValue([]).all(p, has(p.ipBlock) ? p.ipBlock.cidr in variables.egressCidrs : (has(p.podSelector) || has(p.namespaceSelector))))",
          message: `Peers are pods of this namespace or a named namespace: ipBlocks reach every tenant's pods and the nodes (egress only to the namespace's ${EGRESS_CIDRS_ANNOTATION}).`,
        },
        {
          expression:
            "variables.peerLists.all(l, l.all(p, !has(p.namespaceSelector) || (" +
            `p.namespaceSelector.all(k, k == 'matchLabels') && size(p.namespaceSelector.?matchLabels.orValue({})) == 1 && ` +
            `(${peerName} == ${OWN_NAMESPACE} || ${peerName} in ${celList(peerNamespaces)}))))`,
          message: `A namespaceSelector must name one namespace by ${NAMESPACE_NAME_LABEL}: this one or a platform namespace.`,
        },
      ],
    },
    "rbac-least-privilege": {
      resource: "app-namespaced",
      kinds: [kinds("rbac.authorization.k8s.io", ["roles", "rolebindings"])],
      variables: [],
      validations: [
        {
          expression: role(
            `!r.?verbs.orValue([]).exists(v, v in ${celList(FORBIDDEN_VERBS)}) && !r.?resources.orValue([]).exists(x, x in ${celList(FORBIDDEN_RESOURCES)})`,
          ),
          message: `Roles may not grant ${FORBIDDEN_VERBS.join(", ")} or ${FORBIDDEN_RESOURCES.join(", ")}.`,
        },
        {
          expression: role(
            "['apiGroups', 'resources', 'nonResourceURLs', 'resourceNames'].all(f, !(f in r) || !r[f].exists(x, x.contains('*')))",
          ),
          message: "Roles list their API groups, resources and names: no wildcards.",
        },
        {
          expression: binding(`object.roleRef.kind != 'ClusterRole' || object.roleRef.name in ${celList(APP_NAMESPACE_CLUSTER_ROLES)}`),
          message: `RoleBindings in app namespaces bind only ${APP_NAMESPACE_CLUSTER_ROLES.join(", ")} or the namespace's own Roles.`,
        },
        {
          expression: binding(
            `object.?subjects.orValue([]).all(s, s.kind == 'ServiceAccount' ? s.?namespace.orValue(${OWN_NAMESPACE}) == ${OWN_NAMESPACE} : ` +
              `(!s.name.startsWith(${celString(SYSTEM_SUBJECT_PREFIX)}) || (s.kind == 'User' && s.name.startsWith(${celString(SERVICE_ACCOUNT_USER_PREFIX)} + ${OWN_NAMESPACE} + ':'))))`,
          ),
          message:
            "RoleBindings name the namespace's own service accounts and named groups or users: no system:authenticated, system:serviceaccounts, system:anonymous, ...",
        },
      ],
    },
    "persistent-volumes-provisioned": {
      resource: "app-namespaced",
      kinds: [kinds("", ["persistentvolumeclaims"])],
      variables: [],
      validations: [
        {
          expression: "object.spec.?volumeName.orValue('') == ''",
          message: "Claims in app namespaces are provisioned by their storage class: no spec.volumeName.",
        },
        {
          expression:
            `object.spec.?dataSource.?namespace.orValue(${OWN_NAMESPACE}) == ${OWN_NAMESPACE} && ` +
            `object.spec.?dataSourceRef.?namespace.orValue(${OWN_NAMESPACE}) == ${OWN_NAMESPACE}`,
          message: "Claims copy data only from their own namespace.",
        },
      ],
    },
  };
}
