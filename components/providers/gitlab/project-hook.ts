import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** `ProjectHookCustomHeader` and `ProjectHookUrlVariable` share this shape; the schema marks `value` secret. */
export interface ProjectHookKeyValueArgs {
  key: pulumi.Input<string>;
  value: pulumi.Input<string>;
}

/** All inputs of `gitlab:index/projectHook:ProjectHook`. */
export interface ProjectHookArgs {
  /** Project ID or path. */
  project: pulumi.Input<string>;
  /** Changing it re-creates the hook, to preserve `token`. */
  url: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Sent as `X-Gitlab-Token`; Argo CD compares it with `webhook.gitlab.secret` in `argocd-secret`. */
  token?: pulumi.Input<string>;
  /** HMAC signing secret, write-only; GitLab 19.0+. */
  signingToken?: pulumi.Input<string>;
  enableSslVerification?: pulumi.Input<boolean>;
  /** Whole list is sent as one secret, since every `value` is secret. */
  customHeaders?: pulumi.Input<pulumi.Input<ProjectHookKeyValueArgs>[]>;
  customWebhookTemplate?: pulumi.Input<string>;
  /** Whole list is sent as one secret, since every `value` is secret. */
  urlVariables?: pulumi.Input<pulumi.Input<ProjectHookKeyValueArgs>[]>;
  /** Defaults to true in GitLab. */
  pushEvents?: pulumi.Input<boolean>;
  pushEventsBranchFilter?: pulumi.Input<string>;
  branchFilterStrategy?: pulumi.Input<"wildcard" | "regex" | "all_branches">;
  tagPushEvents?: pulumi.Input<boolean>;
  mergeRequestsEvents?: pulumi.Input<boolean>;
  pipelineEvents?: pulumi.Input<boolean>;
  jobEvents?: pulumi.Input<boolean>;
  deploymentEvents?: pulumi.Input<boolean>;
  releasesEvents?: pulumi.Input<boolean>;
  issuesEvents?: pulumi.Input<boolean>;
  confidentialIssuesEvents?: pulumi.Input<boolean>;
  noteEvents?: pulumi.Input<boolean>;
  confidentialNoteEvents?: pulumi.Input<boolean>;
  wikiPageEvents?: pulumi.Input<boolean>;
  emojiEvents?: pulumi.Input<boolean>;
  featureFlagEvents?: pulumi.Input<boolean>;
  milestoneEvents?: pulumi.Input<boolean>;
  resourceAccessTokenEvents?: pulumi.Input<boolean>;
  resourceDeployTokenEvents?: pulumi.Input<boolean>;
  vulnerabilityEvents?: pulumi.Input<boolean>;
}

export const projectHookSpec: BindingSpec<ProjectHookArgs> = {
  token: "gitlab:index/projectHook:ProjectHook",
  inputs: {
    project: "required",
    url: "required",
    name: "optional",
    description: "optional",
    token: "secret",
    signingToken: "secret",
    enableSslVerification: "optional",
    customHeaders: "secret",
    customWebhookTemplate: "optional",
    urlVariables: "secret",
    pushEvents: "optional",
    pushEventsBranchFilter: "optional",
    branchFilterStrategy: "optional",
    tagPushEvents: "optional",
    mergeRequestsEvents: "optional",
    pipelineEvents: "optional",
    jobEvents: "optional",
    deploymentEvents: "optional",
    releasesEvents: "optional",
    issuesEvents: "optional",
    confidentialIssuesEvents: "optional",
    noteEvents: "optional",
    confidentialNoteEvents: "optional",
    wikiPageEvents: "optional",
    emojiEvents: "optional",
    featureFlagEvents: "optional",
    milestoneEvents: "optional",
    resourceAccessTokenEvents: "optional",
    resourceDeployTokenEvents: "optional",
    vulnerabilityEvents: "optional",
  },
  exposedInputs: ["project", "url", "token"],
  outputs: ["alertStatus", "disabledUntil", "hookId", "projectId", "repositoryUpdateEvents", "signingTokenPresent"],
  secretOutputs: [],
};

/** A project webhook, e.g. push events to Argo CD's `/api/webhook` so syncs start without waiting for the poll. */
export class ProjectHook extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly url: pulumi.Output<string>;
  /** Secret. */
  declare public readonly token: pulumi.Output<string | undefined>;
  declare public readonly alertStatus: pulumi.Output<string>;
  declare public readonly disabledUntil: pulumi.Output<string>;
  declare public readonly hookId: pulumi.Output<number>;
  declare public readonly projectId: pulumi.Output<number>;
  declare public readonly repositoryUpdateEvents: pulumi.Output<boolean>;
  declare public readonly signingTokenPresent: pulumi.Output<boolean>;

  constructor(name: string, args: ProjectHookArgs, opts?: pulumi.CustomResourceOptions) {
    super(projectHookSpec.token, name, registrationInputs(projectHookSpec, args, opts), registrationOptions(projectHookSpec, opts));
  }
}
