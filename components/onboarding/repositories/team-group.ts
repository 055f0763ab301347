import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { Group, getGroupOutput, Provider as GitlabProvider } from "../../providers/gitlab";
import { parseComponentArgs } from "../../validation/issues";
import { teamGroupPath } from "../app-names";
import { dnsLabel } from "../app-spec";
import type { OnboardingContext } from "../onboarding-context";
import { gitlabId } from "./gitlab-id";
import { DEFAULT_BRANCH } from "./project-settings";

export interface TeamGroupArgs {
  /** The team name (`spec.team` of its apps); becomes the subgroup path. */
  team: string;
  context: OnboardingContext;
}

const GROUP_PATH = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(\/[A-Za-z0-9_.][A-Za-z0-9_.-]*)*$/;

const argsSchema = z.object({
  team: dnsLabel(),
  context: z.object({
    gitlab: z.object({
      url: z.url({ protocol: /^https?$/ }),
      parentGroupPath: z.string().regex(GROUP_PATH, "must be a GitLab group path such as platform/apps"),
      provider: z.custom<GitlabProvider>((v) => v instanceof GitlabProvider, "must be the GitLab provider"),
    }),
  }),
});

/**
 * The team's GitLab subgroup under the platform's parent group. Several apps of one team share
 * it, so create one per team (not per app) and pass `groupId` to each app's onboarding.
 */
export class TeamGroup extends pulumi.ComponentResource {
  public readonly team: string;
  /** Numeric group ID, for `AppRepositories.teamGroupId`. */
  public readonly groupId: pulumi.Output<number>;
  public readonly fullPath: pulumi.Output<string>;
  public readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: TeamGroupArgs, opts?: pulumi.ComponentResourceOptions) {
    const { team, context } = parseComponentArgs("TeamGroup", argsSchema, args);
    super("delivery-platform:onboarding:TeamGroup", name, {}, opts);
    const provider = args.context.gitlab.provider;
    const parentPath = context.gitlab.parentGroupPath;

    const parent = getGroupOutput({ fullPath: parentPath }, { parent: this, provider });
    const group = new Group(
      `${name}-group`,
      {
        path: team,
        name: team,
        parentId: parent.apply((g) => gitlabId(g.groupId, parentPath)),
        description: `Team ${team}: app and GitOps repositories, managed by the delivery platform.`,
        visibilityLevel: "private",
        defaultBranch: DEFAULT_BRANCH,
        // Projects created by hand in the group get the same main-branch rules as onboarded ones.
        defaultBranchProtectionDefaults: {
          allowForcePush: false,
          allowedToPushes: ["no one"],
          allowedToMerges: ["maintainer"],
          developerCanInitialPush: false,
        },
        projectCreationLevel: "maintainer",
        subgroupCreationLevel: "owner",
        requestAccessEnabled: false,
        preventForkingOutsideGroup: true,
        onlyAllowMergeIfPipelineSucceeds: true,
        onlyAllowMergeIfAllDiscussionsAreResolved: true,
        allowMergeOnSkippedPipeline: false,
        autoDevopsEnabled: false,
        // Even once unprotected, a destroy archives the group instead of deleting its projects.
        archiveOnDestroy: true,
      },
      // Holds every project of the team.
      { parent: this, provider, protect: true },
    );

    const fullPath = teamGroupPath(parentPath, team);
    this.team = team;
    this.groupId = group.id.apply((id) => gitlabId(id, fullPath));
    // Known at plan time (Argo CD and the pipeline need it); waits for the group.
    this.fullPath = group.id.apply(() => fullPath);
    this.webUrl = group.id.apply(() => `${context.gitlab.url.replace(/\/+$/, "")}/${fullPath}`);
    this.registerOutputs({ groupId: this.groupId, fullPath: this.fullPath, webUrl: this.webUrl });
  }
}
