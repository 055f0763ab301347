import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, registrationProps } from "./binding";

const TYPE = "harbor:index/purgeAuditLog:PurgeAuditLog";

export interface PurgeAuditLogArgs {
  /** `Hourly`, `Daily`, `Weekly` or a cron expression (Harbor's job service takes 6 fields, seconds first). */
  schedule: pulumi.Input<string>;
  /** Audit log entries older than this many hours are purged. */
  auditRetentionHour: pulumi.Input<number>;
  /** Comma-separated operations whose entries are purged: `create`, `delete`, `pull`. */
  includeOperations: pulumi.Input<string>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["schedule", "auditRetentionHour", "includeOperations"];

/**
 * `harbor:index/purgeAuditLog:PurgeAuditLog`: the system job that purges old audit log entries
 * (a singleton, like garbage collection), which is what gives Harbor's audit log a retention.
 */
export class PurgeAuditLog extends pulumi.CustomResource {
  declare public readonly schedule: pulumi.Output<string>;
  declare public readonly auditRetentionHour: pulumi.Output<number>;
  declare public readonly includeOperations: pulumi.Output<string>;

  constructor(name: string, args: PurgeAuditLogArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["schedule", "auditRetentionHour", "includeOperations"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
