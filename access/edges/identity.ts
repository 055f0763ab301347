import type { AppRegistry } from "../apps";
import { harborProject } from "../assets";
import type { GraphBuilder } from "../graph";
import { field, record, text, TYPES, type PlanIndex } from "../plan-index";
import { anyone, humanGroup } from "../principals";
import { jwtRoleNode } from "./vault";

/** Harbor project roles that push as well as pull (goharbor/harbor src/common/rbac/project/rbac_role.go). */
const PUSHING_ROLES = new Set(["projectadmin", "maintainer", "developer"]);

/**
 * Human principals through single sign-on: the identity provider's groups (Keycloak groups of the
 * plan, and every group a role or membership names), what Vault OIDC roles they sign in to (a role
 * binds the groups its `boundClaims` name on its `groupsClaim`), and the Harbor projects their
 * OIDC group memberships reach. Argo CD project roles and Kubernetes RoleBindings name the same
 * groups (argocd.ts, kubernetes.ts), so one node per group carries every tool's reach.
 */
export function identityEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  groupTeam: (group: string) => string | undefined,
): void {
  const group = (name: string) => humanGroup(graph, name, groupTeam(name));
  for (const kc of index.ofType(TYPES.keycloakGroup)) {
    const name = text(kc.inputs.name);
    if (name !== undefined) group(name);
  }

  for (const role of index.ofType(TYPES.jwtRole)) {
    if (text(role.inputs.roleType) !== "oidc") continue;
    const claim = text(role.inputs.groupsClaim) ?? "groups";
    const bound = text(record(role.inputs.boundClaims)[claim]);
    const backend = text(role.inputs.backend) ?? "oidc";
    const roleName = text(role.inputs.roleName) ?? role.name;
    // Without a group binding every user who can sign in to the identity provider gets the role.
    if (bound === undefined) {
      graph.edge({
        from: anyone(graph),
        to: jwtRoleNode(backend, roleName),
        via: `signs in to Vault role ${backend}/${roleName} (no ${claim} bound)`,
      });
      continue;
    }
    for (const name of bound.split(",").map((g) => g.trim()))
      graph.edge({
        from: group(name),
        to: jwtRoleNode(backend, roleName),
        via: `signs in to Vault role ${backend}/${roleName} (boundClaims ${claim}=${name})`,
      });
  }

  for (const member of index.ofType(TYPES.harborMemberGroup)) {
    const name = text(member.inputs.groupName);
    if (name === undefined || text(member.inputs.type) !== "oidc") continue;
    // The project id is the Project's output: the membership depends on that Project.
    const project = index.dependenciesOfType(member, TYPES.harborProject)[0];
    const projectName = text(field(project?.inputs, "name"));
    if (projectName === undefined) continue;
    const role = text(member.inputs.role) ?? "";
    for (const action of PUSHING_ROLES.has(role) ? (["pull", "push"] as const) : (["pull"] as const))
      graph.edge({
        from: group(name),
        to: harborProject(graph, apps, projectName, action),
        via: `Harbor project ${projectName} member group (${role})`,
      });
  }
}
