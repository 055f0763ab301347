import type * as pulumi from "@pulumi/pulumi";
import type { BranchProtectionArgs, ProjectArgs, ProjectLevelMrApprovalsArgs } from "../../providers/gitlab";

export const DEFAULT_BRANCH = "main";

/**
 * Project settings shared by the app and the config repository: private, main protected,
 * merges only through green pipelines with resolved discussions, and nothing GitLab would
 * host next to the platform's own services (Harbor is the registry, Argo CD deploys).
 */
export function hardenedProjectSettings(): ProjectArgs {
  return {
    visibilityLevel: "private",
    defaultBranch: DEFAULT_BRANCH,
    // The default branch must exist at once: managed files are committed to it right away.
    initializeWithReadme: true,
    // Protection comes from our BranchProtection, so do not wait for the instance default (create can hang otherwise).
    skipWaitForDefaultBranchProtection: true,
    onlyAllowMergeIfPipelineSucceeds: true,
    onlyAllowMergeIfAllDiscussionsAreResolved: true,
    allowMergeOnSkippedPipeline: false,
    removeSourceBranchAfterMerge: true,
    containerRegistryAccessLevel: "disabled",
    packageRegistryAccessLevel: "disabled",
    autoDevopsEnabled: false,
    requestAccessEnabled: false,
    // Nobody injects variables into a pipeline run: CI input comes from the file and Vault only.
    ciPipelineVariablesMinimumOverrideRole: "no_one_allowed",
    // With `protect: true` a delete needs an explicit unprotect; even then GitLab archives instead of deleting.
    archiveOnDestroy: true,
  };
}

/**
 * Main takes changes only through merge requests merged by maintainers. The listed users (the
 * automation identity behind Pulumi's GitLab token) are the only direct pushers, and they skip
 * the approval rules: never list the GitOps writer bot here. Force pushes are off for everyone.
 */
export function mainBranchProtection(
  project: pulumi.Input<string>,
  directPushUserIds: readonly pulumi.Input<number>[],
): BranchProtectionArgs {
  return {
    project,
    branch: DEFAULT_BRANCH,
    pushAccessLevel: "no one",
    mergeAccessLevel: "maintainer",
    allowForcePush: false,
    allowedToPushes: directPushUserIds.map((userId) => ({ userId })),
  };
}

/**
 * Environment branches (a protected pattern) take pushes from the listed users only, force pushes
 * included: the GitOps writer rebuilds each one from main on every deploy. Nobody merges into them.
 */
export function environmentBranchProtection(
  project: pulumi.Input<string>,
  pattern: string,
  pushUserIds: readonly pulumi.Input<number>[],
): BranchProtectionArgs {
  return {
    project,
    branch: pattern,
    pushAccessLevel: "no one",
    mergeAccessLevel: "no one",
    allowForcePush: true,
    allowedToPushes: pushUserIds.map((userId) => ({ userId })),
  };
}

/**
 * The release ledger's branch (docs/release-ledger.md): the bot appends, nobody force-pushes or
 * deletes it, so its history only grows; nobody merges into it.
 */
export function ledgerBranchProtection(
  project: pulumi.Input<string>,
  branch: string,
  pushUserIds: readonly pulumi.Input<number>[],
): BranchProtectionArgs {
  return { ...environmentBranchProtection(project, branch, pushUserIds), allowForcePush: false };
}

/** Four-eyes principle: the author and committers cannot approve, a new push resets approvals. */
export function mergeRequestApprovals(project: pulumi.Input<string>): ProjectLevelMrApprovalsArgs {
  return {
    project,
    resetApprovalsOnPush: true,
    mergeRequestsAuthorApproval: false,
    mergeRequestsDisableCommittersApproval: true,
    disableOverridingApproversPerMergeRequest: true,
  };
}
