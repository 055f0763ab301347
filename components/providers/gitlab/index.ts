/**
 * Hand-written typed bindings for the Pulumi GitLab provider v10.1.1 (plugin `gitlab`), because
 * `@pulumi/gitlab` is not served by the npm registry reachable here. They register the same type
 * tokens, property names, secrets and `{ version: "10.1.1" }` options as the generated SDK, so each
 * class can be replaced one-for-one by its `@pulumi/gitlab` namesake (`gitlab.Project`, ...)
 * without changing URNs or state. Only the inputs app onboarding needs are exposed.
 */
export { GITLAB_PLUGIN_VERSION, type BindingSpec, type InputKind } from "./binding";
export { Provider, providerConfig, type ProviderArgs } from "./provider";
export type { PushRulesArgs } from "./push-rules";
export { Group, groupSpec, type GroupArgs, type GroupDefaultBranchProtectionDefaultsArgs, type VisibilityLevel } from "./group";
export { getCurrentUserOutput, GET_CURRENT_USER_TOKEN, type GetCurrentUserResult } from "./get-current-user";
export { getGroup, getGroupOutput, GET_GROUP_TOKEN, type GetGroupArgs, type GetGroupOutputArgs, type GetGroupResult } from "./get-group";
export { Project, projectSpec, type ProjectArgs, type ProjectContainerExpirationPolicyArgs, type FeatureAccessLevel } from "./project";
export { Branch, branchSpec, type BranchArgs } from "./branch";
export {
  BranchProtection,
  branchProtectionSpec,
  type BranchProtectionArgs,
  type BranchProtectionAllowedToMergeArgs,
  type BranchProtectionAllowedToPushArgs,
  type BranchProtectionAllowedToUnprotectArgs,
  type ProtectedBranchAccessLevel,
} from "./branch-protection";
export { ProjectLevelMrApprovals, projectLevelMrApprovalsSpec, type ProjectLevelMrApprovalsArgs } from "./project-level-mr-approvals";
export { ProjectApprovalRule, projectApprovalRuleSpec, type ProjectApprovalRuleArgs } from "./project-approval-rule";
export { RepositoryFile, repositoryFileSpec, type RepositoryFileArgs } from "./repository-file";
export { ProjectVariable, projectVariableSpec, type ProjectVariableArgs } from "./project-variable";
export {
  ProjectAccessToken,
  projectAccessTokenSpec,
  type ProjectAccessTokenArgs,
  type ProjectAccessTokenRotationConfigurationArgs,
  type ProjectAccessTokenScope,
} from "./project-access-token";
export { ProjectDeployToken, projectDeployTokenSpec, type ProjectDeployTokenArgs, type DeployTokenScope } from "./project-deploy-token";
export { ProjectHook, projectHookSpec, type ProjectHookArgs, type ProjectHookKeyValueArgs } from "./project-hook";
