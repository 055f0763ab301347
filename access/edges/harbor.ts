import type { AppRegistry } from "../apps";
import { appOwner } from "../apps";
import { harborProject, namespaceRight, platformAsset, type VaultAssets } from "../assets";
import type { GraphBuilder } from "../graph";
import { field, list, text, TYPES, type PlanIndex } from "../plan-index";

export const robotNode = (urn: string) => `identity:harbor-robot:${urn}`;

/**
 * Harbor robot accounts and where their secrets are kept. A robot's permissions name projects
 * (`kind: project`, `namespace`) or the whole registry (`kind: system`). Its secret is held by
 * whatever resource takes it as an input: a KV secret (the pipeline's credentials) or a Kubernetes
 * Secret (the image pull Secret), so reading that resource is acting as the robot.
 */
export function harborEdges(graph: GraphBuilder, index: PlanIndex, apps: AppRegistry, vault: VaultAssets): void {
  for (const robot of index.ofType(TYPES.harborRobot)) {
    const projectNames = list(robot.inputs.permissions).map((p) => text(field(p, "namespace")) ?? "*");
    const app = apps.app(projectNames[0] ?? "");
    const id = graph.node({
      id: robotNode(robot.urn),
      kind: "identity",
      label: `Harbor robot ${text(robot.inputs.name) ?? robot.name} (${text(robot.inputs.level) ?? "project"} level)`,
      owner: app ? appOwner(app) : { kind: "platform" },
    });
    for (const permission of list(robot.inputs.permissions)) {
      const project = text(field(permission, "namespace")) ?? "*";
      const system = text(field(permission, "kind")) === "system" || project === "*";
      for (const access of list(field(permission, "accesses"))) {
        const action = text(field(access, "action"));
        if (text(field(access, "effect")) === "deny" || (action !== "push" && action !== "pull")) continue;
        const to = system
          ? platformAsset(graph, `harbor-every-project-${action}`, `Harbor: ${action} in every project`)
          : harborProject(graph, apps, project, action);
        graph.edge({ from: id, to, via: `robot permission: ${action} on ${system ? "every project" : `project ${project}`}` });
      }
    }
  }

  // Custody: whoever reads the holder acts as the robot.
  const robots = new Set(index.ofType(TYPES.harborRobot).map((r) => r.urn));
  for (const secret of index.ofType(TYPES.kvSecret))
    for (const urn of secret.dependencies)
      if (robots.has(urn)) {
        const holder = vault.secret(`${text(secret.inputs.mount) ?? "secret"}/data/${text(secret.inputs.name) ?? ""}`);
        if (holder !== undefined)
          graph.edge({ from: holder, to: robotNode(urn), via: "holds the robot's secret (KV secret built from it)" });
      }
  for (const secret of index.ofType(TYPES.secret))
    for (const urn of secret.dependencies)
      if (robots.has(urn)) {
        const namespace = text(field(secret.inputs, "metadata", "namespace")) ?? "default";
        graph.edge({
          from: namespaceRight(graph, apps, namespace, "secrets"),
          to: robotNode(urn),
          via: `Secret ${namespace}/${text(field(secret.inputs, "metadata", "name")) ?? secret.name} holds the robot's secret`,
        });
      }
}
