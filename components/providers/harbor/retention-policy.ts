import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, registrationProps } from "./binding";

const TYPE = "harbor:index/retentionPolicy:RetentionPolicy";

/**
 * One retention rule. Always set `repoMatching` and `tagMatching`: provider
 * 3.10.21 accepts a rule without them but Harbor then rejects it at run time.
 */
export interface RetentionPolicyRule {
  repoMatching?: pulumi.Input<string>;
  repoExcluding?: pulumi.Input<string>;
  tagMatching?: pulumi.Input<string>;
  tagExcluding?: pulumi.Input<string>;
  disabled?: pulumi.Input<boolean>;
  alwaysRetain?: pulumi.Input<boolean>;
  untaggedArtifacts?: pulumi.Input<boolean>;
  mostRecentlyPulled?: pulumi.Input<number>;
  mostRecentlyPushed?: pulumi.Input<number>;
  nDaysSinceLastPull?: pulumi.Input<number>;
  nDaysSinceLastPush?: pulumi.Input<number>;
}

export interface RetentionPolicyArgs {
  /** The project's `id` (`/projects/<n>`). */
  scope: pulumi.Input<string>;
  /** At most 15 rules. */
  rules: pulumi.Input<pulumi.Input<RetentionPolicyRule>[]>;
  /** `Hourly`, `Daily`, `Weekly` or a 6-field cron expression. */
  schedule?: pulumi.Input<string>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["scope", "rules", "schedule"];

/** `harbor:index/retentionPolicy:RetentionPolicy`: which artifacts a project keeps. */
export class RetentionPolicy extends pulumi.CustomResource {
  declare public readonly scope: pulumi.Output<string>;
  declare public readonly rules: pulumi.Output<RetentionPolicyRule[]>;
  declare public readonly schedule: pulumi.Output<string | undefined>;

  constructor(name: string, args: RetentionPolicyArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["scope", "rules"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
