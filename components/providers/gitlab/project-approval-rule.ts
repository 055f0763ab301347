import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** All inputs of `gitlab:index/projectApprovalRule:ProjectApprovalRule`. */
export interface ProjectApprovalRuleArgs {
  /** Project ID; replace-on-change. */
  project: pulumi.Input<string>;
  approvalsRequired: pulumi.Input<number>;
  name?: pulumi.Input<string>;
  /** Defaults to `regular`; a project has at most one `any_approver` rule. Replace-on-change. */
  ruleType?: pulumi.Input<"regular" | "any_approver" | "report_approver">;
  /** Required when `ruleType` is `report_approver`. */
  reportType?: pulumi.Input<"code_coverage">;
  userIds?: pulumi.Input<pulumi.Input<number>[]>;
  groupIds?: pulumi.Input<pulumi.Input<number>[]>;
  /** Use `BranchProtection.branchProtectionId`. Ignored when `appliesToAllProtectedBranches` is true. */
  protectedBranchIds?: pulumi.Input<pulumi.Input<number>[]>;
  appliesToAllProtectedBranches?: pulumi.Input<boolean>;
  /** Otherwise an existing `any_approver` rule is imported on create. */
  disableImportingDefaultAnyApproverRuleOnCreate?: pulumi.Input<boolean>;
}

export const projectApprovalRuleSpec: BindingSpec<ProjectApprovalRuleArgs> = {
  token: "gitlab:index/projectApprovalRule:ProjectApprovalRule",
  inputs: {
    project: "required",
    approvalsRequired: "required",
    name: "optional",
    ruleType: "optional",
    reportType: "optional",
    userIds: "optional",
    groupIds: "optional",
    protectedBranchIds: "optional",
    appliesToAllProtectedBranches: "optional",
    disableImportingDefaultAnyApproverRuleOnCreate: "optional",
  },
  exposedInputs: ["project", "name", "approvalsRequired", "ruleType"],
  outputs: [],
  secretOutputs: [],
};

/** A merge request approval rule (Premium/EE). */
export class ProjectApprovalRule extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly approvalsRequired: pulumi.Output<number>;
  declare public readonly ruleType: pulumi.Output<string>;

  constructor(name: string, args: ProjectApprovalRuleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectApprovalRuleSpec.token,
      name,
      registrationInputs(projectApprovalRuleSpec, args, opts),
      registrationOptions(projectApprovalRuleSpec, opts),
    );
  }
}
