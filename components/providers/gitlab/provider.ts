import * as pulumi from "@pulumi/pulumi";
import { GITLAB_PLUGIN_VERSION } from "./binding";

/** Provider configuration, exactly the `config.variables` of the v10.1.1 schema (none is required). */
export interface ProviderArgs {
  /** API root, e.g. `https://gitlab.example.com/api/v4/`; it must end with a slash. Falls back to GITLAB_BASE_URL. */
  baseUrl?: pulumi.Input<string>;
  cacertFile?: pulumi.Input<string>;
  clientCert?: pulumi.Input<string>;
  clientKey?: pulumi.Input<string>;
  configFile?: pulumi.Input<string>;
  context?: pulumi.Input<string>;
  /** Set false when the GitLab instance is created in the same deployment and is not reachable at preview. */
  earlyAuthCheck?: pulumi.Input<boolean>;
  enableAutoCiSupport?: pulumi.Input<boolean>;
  headers?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  insecure?: pulumi.Input<boolean>;
  /** Retries on HTTP 429. */
  retries?: pulumi.Input<number>;
  /** Personal, group, project or CI job token. Falls back to GITLAB_TOKEN. */
  token?: pulumi.Input<string>;
}

/**
 * How each config key is sent: the engine hands provider config to the plugin as strings,
 * so non-string values are JSON-encoded, as the generated SDK does.
 */
export const providerConfig: { readonly [K in keyof ProviderArgs]-?: "string" | "json" | "secret" } = {
  baseUrl: "string",
  cacertFile: "string",
  clientCert: "string",
  clientKey: "string",
  configFile: "string",
  context: "string",
  earlyAuthCheck: "json",
  enableAutoCiSupport: "json",
  headers: "json",
  insecure: "json",
  retries: "json",
  token: "secret",
};

/** Explicit `pulumi:providers:gitlab` resource; pass it as `provider` (or `providers: [p]` on a component). */
export class Provider extends pulumi.ProviderResource {
  declare public readonly baseUrl: pulumi.Output<string | undefined>;
  declare public readonly cacertFile: pulumi.Output<string | undefined>;
  declare public readonly clientCert: pulumi.Output<string | undefined>;
  declare public readonly clientKey: pulumi.Output<string | undefined>;
  declare public readonly configFile: pulumi.Output<string | undefined>;
  declare public readonly context: pulumi.Output<string | undefined>;
  declare public readonly token: pulumi.Output<string | undefined>;

  constructor(name: string, args?: ProviderArgs, opts?: pulumi.ResourceOptions) {
    const inputs: pulumi.Inputs = {};
    for (const [key, kind] of Object.entries(providerConfig) as [keyof ProviderArgs, "string" | "json" | "secret"][]) {
      const value = args?.[key];
      if (kind === "json") inputs[key] = pulumi.output(value).apply((v) => JSON.stringify(v));
      else if (kind === "secret") inputs[key] = value === undefined ? undefined : pulumi.secret(value);
      else inputs[key] = value;
    }
    const options = pulumi.mergeOptions(pulumi.mergeOptions({ version: GITLAB_PLUGIN_VERSION }, opts), {
      additionalSecretOutputs: ["token"],
    });
    super("gitlab", name, inputs, options);
  }
}
