import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, registrationProps } from "./binding";

const TYPE = "harbor:index/immutableTagRule:ImmutableTagRule";

export interface ImmutableTagRuleArgs {
  /** The project's `id` (`/projects/<n>`); a bare number causes a diff and a replacement. */
  projectId: pulumi.Input<string>;
  repoMatching?: pulumi.Input<string>;
  repoExcluding?: pulumi.Input<string>;
  tagMatching?: pulumi.Input<string>;
  tagExcluding?: pulumi.Input<string>;
  disabled?: pulumi.Input<boolean>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["projectId", "repoMatching", "repoExcluding", "tagMatching", "tagExcluding", "disabled"];

/** `harbor:index/immutableTagRule:ImmutableTagRule`: tags that can never be overwritten or deleted. */
export class ImmutableTagRule extends pulumi.CustomResource {
  declare public readonly projectId: pulumi.Output<string>;
  declare public readonly repoMatching: pulumi.Output<string | undefined>;
  declare public readonly repoExcluding: pulumi.Output<string | undefined>;
  declare public readonly tagMatching: pulumi.Output<string | undefined>;
  declare public readonly tagExcluding: pulumi.Output<string | undefined>;
  declare public readonly disabled: pulumi.Output<boolean | undefined>;

  constructor(name: string, args: ImmutableTagRuleArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["projectId"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
