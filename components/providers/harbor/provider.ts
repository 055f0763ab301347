import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, secretInput } from "./binding";

/** Provider configuration, as in the schema's `config` section. */
export interface ProviderArgs {
  /** Harbor base URL, for example `https://harbor.example.com`. */
  url: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  password?: pulumi.Input<string>;
  /**
   * Skip TLS verification. The provider defaults to `true` (no verification),
   * so this binding always sends an explicit value and defaults to `false`.
   */
  insecure?: pulumi.Input<boolean>;
  /** Harbor API version; the provider's default is 2. */
  apiVersion?: pulumi.Input<number>;
  bearerToken?: pulumi.Input<string>;
  sessionId?: pulumi.Input<string>;
  /** Robot name prefix, so the provider can compute robot short names without admin rights. */
  robotPrefix?: pulumi.Input<string>;
}

/** An explicit `pulumi:providers:harbor` instance. */
export class Provider extends pulumi.ProviderResource {
  declare public readonly url: pulumi.Output<string>;
  declare public readonly username: pulumi.Output<string | undefined>;
  declare public readonly password: pulumi.Output<string | undefined>;

  constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
    requireInputs("harbor:Provider", args, ["url"], opts);
    super(
      "harbor",
      name,
      {
        url: args.url,
        username: args.username,
        password: secretInput(args.password),
        // Non-string provider config travels JSON-encoded, as in the generated SDK.
        insecure: pulumi.output(args.insecure ?? false).apply((v) => JSON.stringify(v)),
        apiVersion: args.apiVersion === undefined ? undefined : pulumi.output(args.apiVersion).apply((v) => JSON.stringify(v)),
        // Not marked secret in the schema, but both are credentials.
        bearerToken: secretInput(args.bearerToken),
        sessionId: secretInput(args.sessionId),
        robotPrefix: args.robotPrefix,
      },
      harborOptions(opts),
    );
  }
}
