import * as pulumi from "@pulumi/pulumi";
import { harborOptions, registrationProps, requireInputs } from "./binding";

const TYPE = "harbor:index/projectMemberGroup:ProjectMemberGroup";

export interface ProjectMemberGroupArgs {
  /** The project's id (`Project.id`, `/projects/<n>`). */
  projectId: pulumi.Input<string>;
  /** `projectadmin`, `maintainer`, `developer`, `guest` or `limitedguest`. */
  role: pulumi.Input<string>;
  /** `ldap`, `internal` or `oidc`. */
  type: pulumi.Input<string>;
  /** The group's name as the OIDC `groups` claim carries it. */
  groupName?: pulumi.Input<string>;
  groupId?: pulumi.Input<number>;
  ldapGroupDn?: pulumi.Input<string>;
}

const PROPERTIES = ["projectId", "role", "type", "groupName", "groupId", "ldapGroupDn", "memberId"];

/** `harbor:index/projectMemberGroup:ProjectMemberGroup`: a group's role in one project. */
export class ProjectMemberGroup extends pulumi.CustomResource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly role: pulumi.Output<string>;
  declare public readonly type: pulumi.Output<string>;
  declare public readonly groupName: pulumi.Output<string | undefined>;
  declare public readonly memberId: pulumi.Output<number>;

  constructor(name: string, args: ProjectMemberGroupArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["projectId", "role", "type"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
