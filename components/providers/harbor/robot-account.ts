import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, secretInput, registrationProps } from "./binding";

const TYPE = "harbor:index/robotAccount:RobotAccount";

export interface RobotAccountPermissionAccess {
  /** For example `repository`, `artifact`, `tag`, `label` (Harbor 2.10+ names). */
  resource: pulumi.Input<string>;
  /** For example `pull`, `push`, `read`, `list`, `create`, `delete`. */
  action: pulumi.Input<string>;
  /** `allow` (default) or `deny`. */
  effect?: pulumi.Input<string>;
}

export interface RobotAccountPermission {
  /** `system` or `project`. */
  kind: pulumi.Input<string>;
  /** Project name; `/` for kind `system`, `*` for all projects. */
  namespace: pulumi.Input<string>;
  accesses: pulumi.Input<pulumi.Input<RobotAccountPermissionAccess>[]>;
}

export interface RobotAccountArgs {
  /** `system` or `project`. */
  level: pulumi.Input<string>;
  permissions: pulumi.Input<pulumi.Input<RobotAccountPermission>[]>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  disable?: pulumi.Input<boolean>;
  /** Days until expiry; -1 never expires. */
  duration?: pulumi.Input<number>;
  /** Harbor generates one when omitted; either way it comes back as the secret `secret` output. */
  secret?: pulumi.Input<string>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["level", "permissions", "name", "description", "disable", "duration", "secret", "fullName", "robotId"];

/** `harbor:index/robotAccount:RobotAccount`: a machine login for pipelines and pull secrets. */
export class RobotAccount extends pulumi.CustomResource {
  declare public readonly level: pulumi.Output<string>;
  declare public readonly permissions: pulumi.Output<RobotAccountPermission[]>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly disable: pulumi.Output<boolean | undefined>;
  declare public readonly duration: pulumi.Output<number | undefined>;
  /** The robot's password (always secret). */
  declare public readonly secret: pulumi.Output<string>;
  /** Login name including the prefix, for example `robot$project+name`. */
  declare public readonly fullName: pulumi.Output<string>;
  declare public readonly robotId: pulumi.Output<string>;

  constructor(name: string, args: RobotAccountArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["level", "permissions"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args, { secret: secretInput(args.secret) }), harborOptions(opts, ["secret"]));
  }
}
