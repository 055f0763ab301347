import type * as pulumi from "@pulumi/pulumi";

/**
 * Push rules (Premium). The schema has two object types with this exact field set,
 * `GroupPushRules` and `ProjectPushRules`; one interface serves both.
 */
export interface PushRulesArgs {
  authorEmailRegex?: pulumi.Input<string>;
  branchNameRegex?: pulumi.Input<string>;
  commitCommitterCheck?: pulumi.Input<boolean>;
  commitCommitterNameCheck?: pulumi.Input<boolean>;
  commitMessageNegativeRegex?: pulumi.Input<string>;
  commitMessageRegex?: pulumi.Input<string>;
  denyDeleteTag?: pulumi.Input<boolean>;
  fileNameRegex?: pulumi.Input<string>;
  /** Megabytes. */
  maxFileSize?: pulumi.Input<number>;
  memberCheck?: pulumi.Input<boolean>;
  preventSecrets?: pulumi.Input<boolean>;
  rejectNonDcoCommits?: pulumi.Input<boolean>;
  rejectUnsignedCommits?: pulumi.Input<boolean>;
}
