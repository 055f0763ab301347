import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as grafana from "@pulumiverse/grafana";
import { groupRole } from "../../platform/vault/oidc-auth";
import { ProjectMemberGroup } from "../../providers/harbor";
import type { AppNames } from "../app-names";
import type { OnboardingContext } from "../onboarding-context";

/** One onboarded app of the team, as team access needs it. */
export interface TeamApp {
  names: AppNames;
  /** The app's Harbor project (`Project.id`). */
  harborProjectId: pulumi.Input<string>;
}

export interface TeamAccessArgs {
  team: string;
  apps: readonly TeamApp[];
  context: Pick<OnboardingContext, "environments" | "identity" | "vault" | "registry">;
}

/** A group's role in the team: developers build and read non-production secrets, maintainers operate everything. */
export type GroupRole = "developers" | "maintainers";

/** Harbor project roles (goharbor/harbor src/common/rbac: guest pulls, developer pushes). */
export const HARBOR_GROUP_ROLES: Readonly<Record<GroupRole, string>> = { developers: "guest", maintainers: "developer" };

/** The team's groups and which apps each serves in which role (an app may name other groups: `access`). */
export function teamGroups(apps: readonly Pick<TeamApp, "names">[]): Map<string, { role: GroupRole; apps: AppNames[] }> {
  const groups = new Map<string, { role: GroupRole; apps: AppNames[] }>();
  for (const { names } of apps)
    for (const role of ["developers", "maintainers"] as const) {
      const group = names.groups[role];
      const entry = groups.get(group) ?? { role, apps: [] };
      entry.apps.push(names);
      groups.set(group, entry);
    }
  return groups;
}

/** The Vault policies a group's role hands out: each app's environment policies, production ones only to maintainers unless configured. */
export function groupVaultPolicies(
  entry: { role: GroupRole; apps: readonly AppNames[] },
  production: (environment: string) => boolean,
  developerProdSecrets: boolean,
): string[] {
  return entry.apps.flatMap((names) =>
    names.environments
      .filter((environment) => entry.role === "maintainers" || developerProdSecrets || !production(environment))
      .map((environment) => names.vault.environmentAccess[environment]!),
  );
}

/**
 * A team's identity, created once per team (from the apps' `team`, shared by all its apps): its
 * groups in the platform realm and what each tool grants them. Argo CD project roles and Kubernetes
 * RoleBindings already name these groups (gitops/rbac.ts, tenancy/role-bindings.ts); here they get
 * Vault OIDC roles, Harbor project memberships and a Grafana team folder.
 */
export class TeamAccess extends pulumi.ComponentResource {
  public readonly groups: readonly string[];

  constructor(name: string, args: TeamAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:onboarding:TeamAccess", name, {}, opts);
    const { team, apps, context } = args;
    const identity = context.identity;
    const groups = teamGroups(apps);
    this.groups = [...groups.keys()];
    const production = (environment: string) => context.environments.some((e) => e.name === environment && e.production);

    for (const [group, entry] of groups) {
      if (identity?.realm)
        new keycloak.Group(
          `${name}-${group}`,
          {
            realmId: identity.realm.id,
            name: group,
            description: `Team ${team}: ${entry.role}`,
            attributes: { "platform.delivery/team": team, "platform.delivery/role": entry.role },
          },
          { parent: this, provider: identity.realm.provider },
        );
      const policies = groupVaultPolicies(entry, production, identity?.developerProdSecrets ?? false);
      if (identity?.vaultOidc && policies.length > 0)
        groupRole(
          `${name}-${group}-vault`,
          {
            backend: identity.vaultOidc.path,
            roleName: group,
            group,
            groupsClaim: identity.vaultOidc.groupsClaim,
            address: identity.vaultOidc.address,
            policies,
          },
          { parent: this, provider: context.vault.provider },
        );
      if (identity?.harborGroups)
        for (const app of apps.filter((a) => a.names.groups[entry.role] === group))
          new ProjectMemberGroup(
            `${name}-${group}-${app.names.registry.project}`,
            { projectId: app.harborProjectId, type: "oidc", groupName: group, role: HARBOR_GROUP_ROLES[entry.role] },
            { parent: this, provider: context.registry.provider },
          );
    }

    if (identity?.grafana) {
      const g = { parent: this, provider: identity.grafana.provider };
      // Grafana OSS does not sync team members from the groups claim (team sync is Enterprise): the
      // team is the folder's grantee, its members are added by a Grafana admin (docs/identity.md).
      const grafanaTeam = new grafana.oss.Team(`${name}-grafana-team`, { name: team, ignoreExternallySyncedMembers: true }, g);
      const folder = new grafana.oss.Folder(`${name}-grafana-folder`, { title: team, uid: `team-${team}` }, g);
      new grafana.oss.FolderPermission(
        `${name}-grafana-folder-permissions`,
        { folderUid: folder.uid, permissions: [{ teamId: grafanaTeam.id, permission: "Edit" }] },
        g,
      );
    }
    this.registerOutputs({ groups: this.groups });
  }
}
