import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** All inputs of `gitlab:index/branch:Branch`. */
export interface BranchArgs {
  /** Project ID or path. */
  project: pulumi.Input<string>;
  name: pulumi.Input<string>;
  /** The ref the branch is created from (a branch, tag or commit). */
  ref: pulumi.Input<string>;
  /** Leave the branch in GitLab when the resource is deleted. */
  keepOnDestroy?: pulumi.Input<boolean>;
}

export const branchSpec: BindingSpec<BranchArgs> = {
  token: "gitlab:index/branch:Branch",
  inputs: { project: "required", name: "optional", ref: "required", keepOnDestroy: "optional" },
  exposedInputs: ["project", "name", "ref"],
  outputs: ["canPush", "commits", "default", "developerCanMerge", "developerCanPush", "merged", "protected", "webUrl"],
  secretOutputs: [],
};

/** A branch, created once from `ref`; later commits to it are not Pulumi's. */
export class Branch extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly ref: pulumi.Output<string>;
  declare public readonly canPush: pulumi.Output<boolean>;
  declare public readonly commits: pulumi.Output<unknown[]>;
  declare public readonly default: pulumi.Output<boolean>;
  declare public readonly developerCanMerge: pulumi.Output<boolean>;
  declare public readonly developerCanPush: pulumi.Output<boolean>;
  declare public readonly merged: pulumi.Output<boolean>;
  declare public readonly protected: pulumi.Output<boolean>;
  declare public readonly webUrl: pulumi.Output<string>;

  constructor(name: string, args: BranchArgs, opts?: pulumi.CustomResourceOptions) {
    super(branchSpec.token, name, registrationInputs(branchSpec, args, opts), registrationOptions(branchSpec, opts));
  }
}
