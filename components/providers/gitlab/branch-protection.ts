import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

export type ProtectedBranchAccessLevel = "no one" | "developer" | "maintainer" | "admin";

/** One entry grants access by level or to one user/group; the fields are mutually exclusive. */
export interface BranchProtectionAllowedToMergeArgs {
  accessLevel?: pulumi.Input<ProtectedBranchAccessLevel>;
  groupId?: pulumi.Input<number>;
  userId?: pulumi.Input<number>;
}
export interface BranchProtectionAllowedToPushArgs extends BranchProtectionAllowedToMergeArgs {
  deployKeyId?: pulumi.Input<number>;
}
export type BranchProtectionAllowedToUnprotectArgs = BranchProtectionAllowedToMergeArgs;

/** All inputs of `gitlab:index/branchProtection:BranchProtection`. */
export interface BranchProtectionArgs {
  /** Project ID. */
  project: pulumi.Input<string>;
  branch: pulumi.Input<string>;
  pushAccessLevel?: pulumi.Input<ProtectedBranchAccessLevel>;
  mergeAccessLevel?: pulumi.Input<ProtectedBranchAccessLevel>;
  allowForcePush?: pulumi.Input<boolean>;
  /** Premium. */
  codeOwnerApprovalRequired?: pulumi.Input<boolean>;
  allowedToPushes?: pulumi.Input<pulumi.Input<BranchProtectionAllowedToPushArgs>[]>;
  allowedToMerges?: pulumi.Input<pulumi.Input<BranchProtectionAllowedToMergeArgs>[]>;
  allowedToUnprotects?: pulumi.Input<pulumi.Input<BranchProtectionAllowedToUnprotectArgs>[]>;
}

export const branchProtectionSpec: BindingSpec<BranchProtectionArgs> = {
  token: "gitlab:index/branchProtection:BranchProtection",
  inputs: {
    project: "required",
    branch: "required",
    pushAccessLevel: "optional",
    mergeAccessLevel: "optional",
    allowForcePush: "optional",
    codeOwnerApprovalRequired: "optional",
    allowedToPushes: "optional",
    allowedToMerges: "optional",
    allowedToUnprotects: "optional",
  },
  exposedInputs: ["project", "branch"],
  outputs: ["branchProtectionId"],
  secretOutputs: [],
};

/**
 * Protects a branch. It takes over a protection GitLab already created for the default branch,
 * so declare at most one per branch.
 */
export class BranchProtection extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly branch: pulumi.Output<string>;
  declare public readonly branchProtectionId: pulumi.Output<number>;

  constructor(name: string, args: BranchProtectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      branchProtectionSpec.token,
      name,
      registrationInputs(branchProtectionSpec, args, opts),
      registrationOptions(branchProtectionSpec, opts),
    );
  }
}
