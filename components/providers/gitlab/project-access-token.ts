import * as pulumi from "@pulumi/pulumi";
import { registrationInputs, registrationOptions, type BindingSpec } from "./binding";

export type ProjectAccessTokenScope =
  | "api"
  | "read_api"
  | "read_registry"
  | "write_registry"
  | "read_repository"
  | "write_repository"
  | "create_runner"
  | "manage_runner"
  | "ai_features"
  | "k8s_proxy"
  | "read_observability"
  | "write_observability"
  | "self_rotate";

export interface ProjectAccessTokenRotationConfigurationArgs {
  expirationDays: pulumi.Input<number>;
  rotateBeforeDays: pulumi.Input<number>;
}

/** All inputs of `gitlab:index/projectAccessToken:ProjectAccessToken`. */
export interface ProjectAccessTokenArgs {
  /** Project ID or path. */
  project: pulumi.Input<string>;
  scopes: pulumi.Input<pulumi.Input<ProjectAccessTokenScope>[]>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  /** Defaults to `maintainer`. */
  accessLevel?: pulumi.Input<
    "no one" | "minimal" | "guest" | "planner" | "reporter" | "security_manager" | "developer" | "maintainer" | "owner"
  >;
  /** `YYYY-MM-DD`; set automatically with `rotationConfiguration`, which is preferred over a changing date. */
  expiresAt?: pulumi.Input<string>;
  /** Rotation happens only when `pulumi up` runs. */
  rotationConfiguration?: pulumi.Input<ProjectAccessTokenRotationConfigurationArgs>;
  validatePastExpirationDate?: pulumi.Input<boolean>;
}

export const projectAccessTokenSpec: BindingSpec<ProjectAccessTokenArgs> = {
  token: "gitlab:index/projectAccessToken:ProjectAccessToken",
  inputs: {
    project: "required",
    scopes: "required",
    name: "optional",
    description: "optional",
    accessLevel: "optional",
    expiresAt: "optional",
    rotationConfiguration: "optional",
    validatePastExpirationDate: "optional",
  },
  exposedInputs: ["project", "name", "expiresAt"],
  outputs: ["active", "createdAt", "revoked", "token", "userId"],
  secretOutputs: ["token"],
};

/** A project bot token, e.g. for a pipeline that commits image bumps to the GitOps repository. */
export class ProjectAccessToken extends pulumi.CustomResource {
  declare public readonly project: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly expiresAt: pulumi.Output<string>;
  declare public readonly active: pulumi.Output<boolean>;
  declare public readonly createdAt: pulumi.Output<string>;
  declare public readonly revoked: pulumi.Output<boolean>;
  /** Secret. */
  declare public readonly token: pulumi.Output<string>;
  /** The token's bot user. */
  declare public readonly userId: pulumi.Output<number>;

  constructor(name: string, args: ProjectAccessTokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      projectAccessTokenSpec.token,
      name,
      registrationInputs(projectAccessTokenSpec, args, opts),
      registrationOptions(projectAccessTokenSpec, opts),
    );
  }
}
