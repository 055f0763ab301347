import { isDrillTarget } from "../../components/platform/restore-drills/names";
import type { AppRegistry } from "../apps";
import { namespaceRight } from "../assets";
import type { GraphBuilder } from "../graph";
import { field, list, text, type PlanIndex } from "../plan-index";
import type { KubernetesContext } from "./kubernetes";

const VALIDATING_POLICY = "kubernetes:policies.kyverno.io/v1:ValidatingPolicy";
const CONFINING_POLICY = "drill-restores-confined";

/** The user name the API server gives a RoleBinding subject, for the policies that match on it. */
function username(subject: unknown, bindingNamespace: string): string | undefined {
  const kind = text(field(subject, "kind"));
  const name = text(field(subject, "name"));
  if (name === undefined) return undefined;
  if (kind === "ServiceAccount") return `system:serviceaccount:${text(field(subject, "namespace")) ?? bindingNamespace}:${name}`;
  return kind === "User" ? name : undefined;
}

/** Whether the plan's admission policy drill-restores-confined denies (not only audits) this user's Restores. */
function confined(index: PlanIndex, user: string): boolean {
  return index.ofType(VALIDATING_POLICY).some((policy) => {
    const name = text(field(policy.inputs, "metadata", "name")) ?? "";
    if (name.split(".")[0] !== CONFINING_POLICY) return false;
    const spec = field(policy.inputs, "spec");
    const denies = list(field(spec, "validationActions")).map(String).includes("Deny");
    const matchesUser = list(field(spec, "matchConditions")).some((c) => (text(field(c, "expression")) ?? "").includes(`'${user}'`));
    return denies && matchesUser;
  });
}

/**
 * Creating a Velero Restore acts with Velero's rights (it restores anything, anywhere). For the
 * drill runner, whose Restores the admission policy drill-restores-confined confines, that is
 * deploying into the drill namespaces only; for anyone else, deploying into (and so reading the
 * Secrets of) every namespace.
 */
export function restoreEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  context: KubernetesContext,
  from: string,
  subject: unknown,
  bindingNamespace: string,
  via: string,
): void {
  const user = username(subject, bindingNamespace);
  if (user !== undefined && confined(index, user)) {
    for (const namespace of context.namespaces)
      if (isDrillTarget(namespace))
        graph.edge({
          from,
          to: namespaceRight(graph, apps, namespace, "deploy"),
          via: `${via}: creates Velero Restores, confined to drill namespaces by ${CONFINING_POLICY}`,
        });
    return;
  }
  for (const namespace of context.namespaces)
    for (const right of ["deploy", "secrets"] as const)
      graph.edge({
        from,
        to: namespaceRight(graph, apps, namespace, right),
        via: `${via}: creates Velero Restores, which restore with Velero's rights into any namespace`,
      });
}
