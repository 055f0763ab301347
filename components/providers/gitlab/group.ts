import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";
import type { PushRulesArgs } from "./push-rules";

export type VisibilityLevel = "private" | "internal" | "public";
/** Levels GitLab accepts in group default-branch protection (schema description). */
export type DefaultBranchAccessLevel = "developer" | "maintainer" | "no one";

export interface GroupDefaultBranchProtectionDefaultsArgs {
  allowForcePush?: pulumi.Input<boolean>;
  allowedToMerges?: pulumi.Input<pulumi.Input<DefaultBranchAccessLevel>[]>;
  allowedToPushes?: pulumi.Input<pulumi.Input<DefaultBranchAccessLevel>[]>;
  codeOwnerApprovalRequired?: pulumi.Input<boolean>;
  developerCanInitialPush?: pulumi.Input<boolean>;
}

/** The `gitlab:index/group:Group` inputs onboarding uses (a subset of the schema's 37). */
export interface GroupArgs {
  /** URL path segment; the only required input. */
  path: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  /** Numeric ID of the parent group: set it to create a subgroup. */
  parentId?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
  visibilityLevel?: pulumi.Input<VisibilityLevel>;
  defaultBranch?: pulumi.Input<string>;
  defaultBranchProtectionDefaults?: pulumi.Input<GroupDefaultBranchProtectionDefaultsArgs>;
  projectCreationLevel?: pulumi.Input<"noone" | "owner" | "maintainer" | "developer" | "administrator">;
  subgroupCreationLevel?: pulumi.Input<"owner" | "maintainer">;
  requireTwoFactorAuthentication?: pulumi.Input<boolean>;
  twoFactorGracePeriod?: pulumi.Input<number>;
  requestAccessEnabled?: pulumi.Input<boolean>;
  membershipLock?: pulumi.Input<boolean>;
  shareWithGroupLock?: pulumi.Input<boolean>;
  preventForkingOutsideGroup?: pulumi.Input<boolean>;
  preventSharingGroupsOutsideHierarchy?: pulumi.Input<boolean>;
  onlyAllowMergeIfPipelineSucceeds?: pulumi.Input<boolean>;
  onlyAllowMergeIfAllDiscussionsAreResolved?: pulumi.Input<boolean>;
  allowMergeOnSkippedPipeline?: pulumi.Input<boolean>;
  autoDevopsEnabled?: pulumi.Input<boolean>;
  lfsEnabled?: pulumi.Input<boolean>;
  emailsEnabled?: pulumi.Input<boolean>;
  mentionsDisabled?: pulumi.Input<boolean>;
  sharedRunnersSetting?: pulumi.Input<"enabled" | "disabled_and_overridable" | "disabled_and_unoverridable" | "disabled_with_override">;
  wikiAccessLevel?: pulumi.Input<"disabled" | "private" | "enabled">;
  ipRestrictionRanges?: pulumi.Input<pulumi.Input<string>[]>;
  allowedEmailDomainsLists?: pulumi.Input<pulumi.Input<string>[]>;
  pushRules?: pulumi.Input<PushRulesArgs>;
  /** Archive instead of deleting on destroy: the DELETE call is skipped entirely. */
  archiveOnDestroy?: pulumi.Input<boolean>;
  /** Subgroups only; must already be applied before a destroy to take effect. */
  permanentlyRemoveOnDelete?: pulumi.Input<boolean>;
}

export const groupSpec: BindingSpec<GroupArgs> = {
  token: "gitlab:index/group:Group",
  inputs: {
    path: "required",
    name: "optional",
    parentId: "optional",
    description: "optional",
    visibilityLevel: "optional",
    defaultBranch: "optional",
    defaultBranchProtectionDefaults: "optional",
    projectCreationLevel: "optional",
    subgroupCreationLevel: "optional",
    requireTwoFactorAuthentication: "optional",
    twoFactorGracePeriod: "optional",
    requestAccessEnabled: "optional",
    membershipLock: "optional",
    shareWithGroupLock: "optional",
    preventForkingOutsideGroup: "optional",
    preventSharingGroupsOutsideHierarchy: "optional",
    onlyAllowMergeIfPipelineSucceeds: "optional",
    onlyAllowMergeIfAllDiscussionsAreResolved: "optional",
    allowMergeOnSkippedPipeline: "optional",
    autoDevopsEnabled: "optional",
    lfsEnabled: "optional",
    emailsEnabled: "optional",
    mentionsDisabled: "optional",
    sharedRunnersSetting: "optional",
    wikiAccessLevel: "optional",
    ipRestrictionRanges: "optional",
    allowedEmailDomainsLists: "optional",
    pushRules: "optional",
    archiveOnDestroy: "optional",
    permanentlyRemoveOnDelete: "optional",
  },
  exposedInputs: ["path", "name", "parentId", "visibilityLevel"],
  outputs: ["avatarUrl", "fullName", "fullPath", "runnersToken", "webUrl"],
  secretOutputs: ["runnersToken"],
};

/** A GitLab group; with `parentId` a team subgroup. Its `id` is the numeric group ID as a string. */
export class Group extends pulumi.CustomResource {
  declare public readonly path: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly parentId: pulumi.Output<number>;
  declare public readonly visibilityLevel: pulumi.Output<VisibilityLevel>;
  declare public readonly avatarUrl: pulumi.Output<string>;
  declare public readonly fullName: pulumi.Output<string>;
  declare public readonly fullPath: pulumi.Output<string>;
  /** Secret. */
  declare public readonly runnersToken: pulumi.Output<string>;
  declare public readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: GroupArgs, opts?: pulumi.CustomResourceOptions) {
    super(groupSpec.token, name, registrationInputs(groupSpec, args, opts), registrationOptions(groupSpec, opts));
  }
}
