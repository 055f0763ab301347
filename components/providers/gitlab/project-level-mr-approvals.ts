import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** Inputs of `gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals`, less the deprecated `requirePasswordToApprove`. */
export interface ProjectLevelMrApprovalsArgs {
  /** Project ID. */
  project: pulumi.Input<string>;
  /** Defaults to true in GitLab. */
  resetApprovalsOnPush?: pulumi.Input<boolean>;
  disableOverridingApproversPerMergeRequest?: pulumi.Input<boolean>;
  mergeRequestsAuthorApproval?: pulumi.Input<boolean>;
  mergeRequestsDisableCommittersApproval?: pulumi.Input<boolean>;
  requireReauthenticationToApprove?: pulumi.Input<boolean>;
  selectiveCodeOwnerRemovals?: pulumi.Input<boolean>;
}

export const projectLevelMrApprovalsSpec: BindingSpec<ProjectLevelMrApprovalsArgs> = {
  token: "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals",
  inputs: {
    project: "required",
    resetApprovalsOnPush: "optional",
    disableOverridingApproversPerMergeRequest: "optional",
    mergeRequestsAuthorApproval: "optional",
    mergeRequestsDisableCommittersApproval: "optional",
    requireReauthenticationToApprove: "optional",
    selectiveCodeOwnerRemovals: "optional",
  },
  exposedInputs: ["project"],
  outputs: [],
  secretOutputs: [],
};

/** Project-wide merge request approval settings (Premium/EE; the API rejects it on CE). */
export class ProjectLevelMrApprovals extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;

  constructor(name: string, args: ProjectLevelMrApprovalsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectLevelMrApprovalsSpec.token,
      name,
      registrationInputs(projectLevelMrApprovalsSpec, args, opts),
      registrationOptions(projectLevelMrApprovalsSpec, opts),
    );
  }
}
