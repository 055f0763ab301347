import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, secretInput, registrationProps } from "./binding";

const TYPE = "harbor:index/registry:Registry";

export interface RegistryArgs {
  /**
   * Provider-side registry type: `docker-hub`, `github` (GHCR), `quay`, `harbor`,
   * `docker-registry`, `gitlab`, `aws`, `azure`, `google`, `jfrog`, ... Changing it replaces the endpoint.
   */
  providerName: pulumi.Input<string>;
  /** For example `https://hub.docker.com`. */
  endpointUrl: pulumi.Input<string>;
  name?: pulumi.Input<string>;
  description?: pulumi.Input<string>;
  insecure?: pulumi.Input<boolean>;
  accessId?: pulumi.Input<string>;
  accessSecret?: pulumi.Input<string>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["providerName", "endpointUrl", "name", "description", "insecure", "accessId", "accessSecret", "registryId", "status"];

/** `harbor:index/registry:Registry`: an upstream endpoint for replication or proxy caching. */
export class Registry extends pulumi.CustomResource {
  declare public readonly providerName: pulumi.Output<string>;
  declare public readonly endpointUrl: pulumi.Output<string>;
  declare public readonly name: pulumi.Output<string>;
  declare public readonly description: pulumi.Output<string | undefined>;
  declare public readonly insecure: pulumi.Output<boolean | undefined>;
  declare public readonly accessId: pulumi.Output<string | undefined>;
  declare public readonly accessSecret: pulumi.Output<string | undefined>;
  /** Numeric endpoint id (output only); what `Project.registryId` takes. */
  declare public readonly registryId: pulumi.Output<number>;
  declare public readonly status: pulumi.Output<string>;

  constructor(name: string, args: RegistryArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["providerName", "endpointUrl"], opts);
    super(
      TYPE,
      name,
      registrationProps(PROPERTIES, args, { accessSecret: secretInput(args.accessSecret) }),
      harborOptions(opts, ["accessSecret"]),
    );
  }
}
