import * as pulumi from "@pulumi/pulumi";
import { harborOptions, registrationProps, requireInputs, secretInput } from "./binding";

const TYPE = "harbor:index/configAuth:ConfigAuth";

/** The OIDC subset of `harbor:index/configAuth:ConfigAuth` inputs (provider schema v3.10.21; the ldap* inputs are not bound). */
export interface ConfigAuthArgs {
  /** `oidc_auth`, `db_auth` (default) or `ldap_auth`. */
  authMode: pulumi.Input<string>;
  /** Harbor ≥ 2.8: whether this mode is the primary one on the login page. */
  primaryAuthMode?: pulumi.Input<boolean>;
  oidcName?: pulumi.Input<string>;
  /** The issuer URL. */
  oidcEndpoint?: pulumi.Input<string>;
  oidcClientId?: pulumi.Input<string>;
  /** Secret in the schema. */
  oidcClientSecret?: pulumi.Input<string>;
  /** Comma-separated; must contain `openid`. */
  oidcScope?: pulumi.Input<string>;
  oidcVerifyCert?: pulumi.Input<boolean>;
  oidcAutoOnboard?: pulumi.Input<boolean>;
  oidcUserClaim?: pulumi.Input<string>;
  oidcGroupsClaim?: pulumi.Input<string>;
  /** Members of this group become Harbor system admins. */
  oidcAdminGroup?: pulumi.Input<string>;
  /** Regular expression: only matching groups are onboarded. */
  oidcGroupFilter?: pulumi.Input<string>;
}

const PROPERTIES = [
  "authMode",
  "primaryAuthMode",
  "oidcName",
  "oidcEndpoint",
  "oidcClientId",
  "oidcClientSecret",
  "oidcScope",
  "oidcVerifyCert",
  "oidcAutoOnboard",
  "oidcUserClaim",
  "oidcGroupsClaim",
  "oidcAdminGroup",
  "oidcGroupFilter",
];

/** `harbor:index/configAuth:ConfigAuth`: Harbor's authentication mode (a singleton). */
export class ConfigAuth extends pulumi.CustomResource {
  declare public readonly authMode: pulumi.Output<string>;
  declare public readonly oidcEndpoint: pulumi.Output<string | undefined>;
  declare public readonly oidcClientId: pulumi.Output<string | undefined>;
  declare public readonly oidcClientSecret: pulumi.Output<string | undefined>;
  declare public readonly oidcAdminGroup: pulumi.Output<string | undefined>;

  constructor(name: string, args: ConfigAuthArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["authMode"], opts);
    super(
      TYPE,
      name,
      registrationProps(PROPERTIES, args, { oidcClientSecret: secretInput(args.oidcClientSecret) }),
      harborOptions(opts, ["oidcClientSecret", "ldapSearchPassword"]),
    );
  }
}
