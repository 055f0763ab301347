import * as pulumi from "@pulumi/pulumi";
import { harborOptions, registrationProps } from "./binding";

const TYPE = "harbor:index/configSystem:ConfigSystem";

export interface ConfigSystemBannerMessage {
  message: pulumi.Input<string>;
  /** `info`, `warning`, `success` or `danger`. */
  type?: pulumi.Input<string>;
  closable?: pulumi.Input<boolean>;
  /** `MM/DD/YYYY`. */
  fromDate?: pulumi.Input<string>;
  toDate?: pulumi.Input<string>;
}

export interface ConfigSystemArgs {
  /** `adminonly` or `everyone`. */
  projectCreationRestriction?: pulumi.Input<string>;
  robotNamePrefix?: pulumi.Input<string>;
  /** Days. */
  robotTokenExpiration?: pulumi.Input<number>;
  /** GiB; -1 for unlimited. */
  storagePerProject?: pulumi.Input<number>;
  readOnly?: pulumi.Input<boolean>;
  scannerSkipUpdatePulltime?: pulumi.Input<boolean>;
  skipAuditLogDatabase?: pulumi.Input<boolean>;
  auditLogForwardEndpoint?: pulumi.Input<string>;
  bannerMessage?: pulumi.Input<ConfigSystemBannerMessage>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = [
  "projectCreationRestriction",
  "robotNamePrefix",
  "robotTokenExpiration",
  "storagePerProject",
  "readOnly",
  "scannerSkipUpdatePulltime",
  "skipAuditLogDatabase",
  "auditLogForwardEndpoint",
  "bannerMessage",
];

/** `harbor:index/configSystem:ConfigSystem`: Harbor's system settings (a singleton). */
export class ConfigSystem extends pulumi.CustomResource {
  declare public readonly projectCreationRestriction: pulumi.Output<string | undefined>;
  declare public readonly robotNamePrefix: pulumi.Output<string | undefined>;
  declare public readonly robotTokenExpiration: pulumi.Output<number | undefined>;
  declare public readonly storagePerProject: pulumi.Output<number | undefined>;
  declare public readonly readOnly: pulumi.Output<boolean | undefined>;
  declare public readonly scannerSkipUpdatePulltime: pulumi.Output<boolean | undefined>;
  declare public readonly skipAuditLogDatabase: pulumi.Output<boolean | undefined>;
  declare public readonly auditLogForwardEndpoint: pulumi.Output<string | undefined>;
  declare public readonly bannerMessage: pulumi.Output<ConfigSystemBannerMessage | undefined>;

  constructor(name: string, args: ConfigSystemArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
