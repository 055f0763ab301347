import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, registrationProps } from "./binding";

const TYPE = "harbor:index/garbageCollection:GarbageCollection";

export interface GarbageCollectionArgs {
  /** `hourly`, `daily`, `weekly` or a 6-field cron expression. */
  schedule: pulumi.Input<string>;
  deleteUntagged?: pulumi.Input<boolean>;
  /** 1 to 5. */
  workers?: pulumi.Input<number>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["schedule", "deleteUntagged", "workers"];

/**
 * `harbor:index/garbageCollection:GarbageCollection`: the system GC schedule
 * (a singleton; deleting it resets the schedule to none).
 */
export class GarbageCollection extends pulumi.CustomResource {
  declare public readonly schedule: pulumi.Output<string>;
  declare public readonly deleteUntagged: pulumi.Output<boolean | undefined>;
  declare public readonly workers: pulumi.Output<number | undefined>;

  constructor(name: string, args: GarbageCollectionArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["schedule"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
