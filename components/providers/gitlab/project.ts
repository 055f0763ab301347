import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";
import type { VisibilityLevel } from "./group";
import type { PushRulesArgs } from "./push-rules";

/** Feature access levels (`buildsAccessLevel`, `issuesAccessLevel`, ...); package registry and pages also accept `public`. */
export type FeatureAccessLevel = "disabled" | "private" | "enabled";

export interface ProjectContainerExpirationPolicyArgs {
  cadence?: pulumi.Input<"1d" | "7d" | "14d" | "1month" | "3month">;
  enabled?: pulumi.Input<boolean>;
  keepN?: pulumi.Input<number>;
  nameRegexDelete?: pulumi.Input<string>;
  nameRegexKeep?: pulumi.Input<string>;
  olderThan?: pulumi.Input<string>;
}

/** The `gitlab:index/project:Project` inputs onboarding uses (a subset of the schema's 100; none is required). */
export interface ProjectArgs {
  name?: pulumi.Input<string>;
  path?: pulumi.Input<string>;
  /** Numeric ID of the group (or user namespace) owning the project. */
  namespaceId?: pulumi.Input<number>;
  description?: pulumi.Input<string>;
  visibilityLevel?: pulumi.Input<VisibilityLevel>;
  defaultBranch?: pulumi.Input<string>;
  /** Creates the default branch with a README commit, so files and branch protection can be added at once. */
  initializeWithReadme?: pulumi.Input<boolean>;
  topics?: pulumi.Input<pulumi.Input<string>[]>;
  archived?: pulumi.Input<boolean>;
  /** Archive instead of deleting on destroy: the DELETE call is skipped entirely. */
  archiveOnDestroy?: pulumi.Input<boolean>;
  permanentlyDeleteOnDestroy?: pulumi.Input<boolean>;
  ciConfigPath?: pulumi.Input<string>;
  ciDefaultGitDepth?: pulumi.Input<number>;
  /** Claims in the CI ID token `sub`; must start with `project_path` (GitLab 17.10+). */
  ciIdTokenSubClaimComponents?: pulumi.Input<pulumi.Input<"project_path" | "ref_type" | "ref">[]>;
  ciPipelineVariablesMinimumOverrideRole?: pulumi.Input<"developer" | "maintainer" | "owner" | "no_one_allowed">;
  ciPushRepositoryForJobTokenAllowed?: pulumi.Input<boolean>;
  ciSeparatedCaches?: pulumi.Input<boolean>;
  ciDeletePipelinesInSeconds?: pulumi.Input<number>;
  /** `enabled` or `disabled` (a string, not a boolean). */
  autoCancelPendingPipelines?: pulumi.Input<"enabled" | "disabled">;
  keepLatestArtifact?: pulumi.Input<boolean>;
  /** Seconds. */
  buildTimeout?: pulumi.Input<number>;
  buildsAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  containerRegistryAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  packageRegistryAccessLevel?: pulumi.Input<FeatureAccessLevel | "public">;
  environmentsAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  issuesAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  mergeRequestsAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  repositoryAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  wikiAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  snippetsAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  pagesAccessLevel?: pulumi.Input<FeatureAccessLevel | "public">;
  releasesAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  forkingAccessLevel?: pulumi.Input<FeatureAccessLevel>;
  mergeMethod?: pulumi.Input<"merge" | "rebase_merge" | "ff">;
  squashOption?: pulumi.Input<"never" | "always" | "default_on" | "default_off">;
  onlyAllowMergeIfPipelineSucceeds?: pulumi.Input<boolean>;
  onlyAllowMergeIfAllDiscussionsAreResolved?: pulumi.Input<boolean>;
  allowMergeOnSkippedPipeline?: pulumi.Input<boolean>;
  removeSourceBranchAfterMerge?: pulumi.Input<boolean>;
  resolveOutdatedDiffDiscussions?: pulumi.Input<boolean>;
  mergePipelinesEnabled?: pulumi.Input<boolean>;
  /** Needs `mergePipelinesEnabled`. */
  mergeTrainsEnabled?: pulumi.Input<boolean>;
  sharedRunnersEnabled?: pulumi.Input<boolean>;
  groupRunnersEnabled?: pulumi.Input<boolean>;
  autoDevopsEnabled?: pulumi.Input<boolean>;
  lfsEnabled?: pulumi.Input<boolean>;
  requestAccessEnabled?: pulumi.Input<boolean>;
  preReceiveSecretDetectionEnabled?: pulumi.Input<boolean>;
  /** Needed when the token is not an admin's and instance/group default-branch protection is off, or create hangs. */
  skipWaitForDefaultBranchProtection?: pulumi.Input<boolean>;
  pushRules?: pulumi.Input<PushRulesArgs>;
  containerExpirationPolicy?: pulumi.Input<ProjectContainerExpirationPolicyArgs>;
  importUrl?: pulumi.Input<string>;
  importUrlUsername?: pulumi.Input<string>;
  /** Secret in the schema; GitLab never returns it, so drift is not detected. */
  importUrlPassword?: pulumi.Input<string>;
  /** Replace-on-change; exclusive with `templateProjectId`. */
  templateName?: pulumi.Input<string>;
  templateProjectId?: pulumi.Input<number>;
  useCustomTemplate?: pulumi.Input<boolean>;
  groupWithProjectTemplatesId?: pulumi.Input<number>;
}

export const projectSpec: BindingSpec<ProjectArgs> = {
  token: "gitlab:index/project:Project",
  inputs: {
    name: "optional",
    path: "optional",
    namespaceId: "optional",
    description: "optional",
    visibilityLevel: "optional",
    defaultBranch: "optional",
    initializeWithReadme: "optional",
    topics: "optional",
    archived: "optional",
    archiveOnDestroy: "optional",
    permanentlyDeleteOnDestroy: "optional",
    ciConfigPath: "optional",
    ciDefaultGitDepth: "optional",
    ciIdTokenSubClaimComponents: "optional",
    ciPipelineVariablesMinimumOverrideRole: "optional",
    ciPushRepositoryForJobTokenAllowed: "optional",
    ciSeparatedCaches: "optional",
    ciDeletePipelinesInSeconds: "optional",
    autoCancelPendingPipelines: "optional",
    keepLatestArtifact: "optional",
    buildTimeout: "optional",
    buildsAccessLevel: "optional",
    containerRegistryAccessLevel: "optional",
    packageRegistryAccessLevel: "optional",
    environmentsAccessLevel: "optional",
    issuesAccessLevel: "optional",
    mergeRequestsAccessLevel: "optional",
    repositoryAccessLevel: "optional",
    wikiAccessLevel: "optional",
    snippetsAccessLevel: "optional",
    pagesAccessLevel: "optional",
    releasesAccessLevel: "optional",
    forkingAccessLevel: "optional",
    mergeMethod: "optional",
    squashOption: "optional",
    onlyAllowMergeIfPipelineSucceeds: "optional",
    onlyAllowMergeIfAllDiscussionsAreResolved: "optional",
    allowMergeOnSkippedPipeline: "optional",
    removeSourceBranchAfterMerge: "optional",
    resolveOutdatedDiffDiscussions: "optional",
    mergePipelinesEnabled: "optional",
    mergeTrainsEnabled: "optional",
    sharedRunnersEnabled: "optional",
    groupRunnersEnabled: "optional",
    autoDevopsEnabled: "optional",
    lfsEnabled: "optional",
    requestAccessEnabled: "optional",
    preReceiveSecretDetectionEnabled: "optional",
    skipWaitForDefaultBranchProtection: "optional",
    pushRules: "optional",
    containerExpirationPolicy: "optional",
    importUrl: "optional",
    importUrlUsername: "optional",
    importUrlPassword: "secret",
    templateName: "optional",
    templateProjectId: "optional",
    useCustomTemplate: "optional",
    groupWithProjectTemplatesId: "optional",
  },
  exposedInputs: ["name", "path", "namespaceId", "defaultBranch", "visibilityLevel"],
  outputs: ["avatarUrl", "emptyRepo", "httpUrlToRepo", "pathWithNamespace", "runnersToken", "sshUrlToRepo", "webUrl"],
  secretOutputs: ["runnersToken"],
};

/** A GitLab project (repository). Its `id` is the numeric project ID as a string; pass it as `project` to the other bindings. */
export class Project extends pulumi.CustomResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly path: pulumi.Output<string>;
  declare public readonly namespaceId: pulumi.Output<number>;
  declare public readonly defaultBranch: pulumi.Output<string>;
  declare public readonly visibilityLevel: pulumi.Output<VisibilityLevel>;
  declare public readonly avatarUrl: pulumi.Output<string>;
  declare public readonly emptyRepo: pulumi.Output<boolean>;
  declare public readonly httpUrlToRepo: pulumi.Output<string>;
  declare public readonly pathWithNamespace: pulumi.Output<string>;
  /** Secret. */
  declare public readonly runnersToken: pulumi.Output<string>;
  declare public readonly sshUrlToRepo: pulumi.Output<string>;
  declare public readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions) {
    super(projectSpec.token, name, registrationInputs(projectSpec, args, opts), registrationOptions(projectSpec, opts));
  }
}
