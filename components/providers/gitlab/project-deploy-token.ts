import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

export type DeployTokenScope =
  | "read_repository"
  | "read_registry"
  | "write_registry"
  | "read_virtual_registry"
  | "write_virtual_registry"
  | "read_package_registry"
  | "write_package_registry";

/** All inputs of `gitlab:index/projectDeployToken:ProjectDeployToken` (v10 removed the old `DeployToken`). */
export interface ProjectDeployTokenArgs {
  /** Project ID or path. */
  project: pulumi.Input<string>;
  scopes: pulumi.Input<pulumi.Input<DeployTokenScope>[]>;
  name?: pulumi.Input<string>;
  /** Defaults to `gitlab+deploy-token-{n}`. */
  username?: pulumi.Input<string>;
  /** RFC 3339; not set by default. */
  expiresAt?: pulumi.Input<string>;
  validatePastExpirationDate?: pulumi.Input<boolean>;
}

export const projectDeployTokenSpec: BindingSpec<ProjectDeployTokenArgs> = {
  token: "gitlab:index/projectDeployToken:ProjectDeployToken",
  inputs: {
    project: "required",
    scopes: "required",
    name: "optional",
    username: "optional",
    expiresAt: "optional",
    validatePastExpirationDate: "optional",
  },
  exposedInputs: ["project", "name", "username"],
  outputs: ["expired", "revoked", "token"],
  secretOutputs: ["token"],
};

/** Repository or registry credentials (username + token) for a puller such as Argo CD. */
export class ProjectDeployToken extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly username: pulumi.Output<string>;
  declare public readonly expired: pulumi.Output<boolean>;
  declare public readonly revoked: pulumi.Output<boolean>;
  /** Secret. */
  declare public readonly token: pulumi.Output<string>;

  constructor(name: string, args: ProjectDeployTokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectDeployTokenSpec.token,
      name,
      registrationInputs(projectDeployTokenSpec, args, opts),
      registrationOptions(projectDeployTokenSpec, opts),
    );
  }
}
