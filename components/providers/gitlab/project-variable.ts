import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

/** All inputs of `gitlab:index/projectVariable:ProjectVariable`. */
export interface ProjectVariableArgs {
  /** Project ID or path. */
  project: pulumi.Input<string>;
  key: pulumi.Input<string>;
  /**
   * Always sent and stored as a Pulumi secret: the schema does not mark it secret. With `masked`,
   * GitLab enforces its masking rules (e.g. at least 8 characters) and rejects the value otherwise.
   */
  value: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Defaults to `*`; other scopes cause perpetual diffs on Community Edition. */
  environmentScope?: pulumi.Input<string>;
  masked?: pulumi.Input<boolean>;
  /** Also hides the value in the CI/CD settings UI. */
  hidden?: pulumi.Input<boolean>;
  /** Only exposed to pipelines on protected branches and tags. */
  protected?: pulumi.Input<boolean>;
  /** Do not expand `$VAR` references in the value. */
  raw?: pulumi.Input<boolean>;
  variableType?: pulumi.Input<"env_var" | "file">;
}

export const projectVariableSpec: BindingSpec<ProjectVariableArgs> = {
  token: "gitlab:index/projectVariable:ProjectVariable",
  inputs: {
    project: "required",
    key: "required",
    value: "required-secret",
    description: "optional",
    environmentScope: "optional",
    masked: "optional",
    hidden: "optional",
    protected: "optional",
    raw: "optional",
    variableType: "optional",
  },
  exposedInputs: ["project", "key", "value", "environmentScope"],
  outputs: [],
  secretOutputs: [],
};

/** A CI/CD variable of one project. */
export class ProjectVariable extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly key: pulumi.Output<string>;
  /** Secret. */
  declare public readonly value: pulumi.Output<string>;
  declare public readonly environmentScope: pulumi.Output<string>;

  constructor(name: string, args: ProjectVariableArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectVariableSpec.token,
      name,
      registrationInputs(projectVariableSpec, args, opts),
      registrationOptions(projectVariableSpec, opts),
    );
  }
}
