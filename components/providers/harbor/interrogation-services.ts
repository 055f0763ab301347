import * as pulumi from "@pulumi/pulumi";
import { harborOptions, requireInputs, registrationProps } from "./binding";

const TYPE = "harbor:index/interrogationServices:InterrogationServices";

export interface InterrogationServicesArgs {
  /** Scan-all schedule: `Daily`, `Weekly`, `Monthly` or a 6-field cron expression. */
  vulnerabilityScanPolicy: pulumi.Input<string>;
  /** Name of a registered scanner; Harbor registers its bundled Trivy adapter as `Trivy`. */
  defaultScanner?: pulumi.Input<string>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = ["vulnerabilityScanPolicy", "defaultScanner"];

/** `harbor:index/interrogationServices:InterrogationServices`: default scanner and scan-all schedule (a singleton). */
export class InterrogationServices extends pulumi.CustomResource {
  declare public readonly vulnerabilityScanPolicy: pulumi.Output<string>;
  declare public readonly defaultScanner: pulumi.Output<string | undefined>;

  constructor(name: string, args: InterrogationServicesArgs, opts?: pulumi.CustomResourceOptions) {
    requireInputs(TYPE, args, ["vulnerabilityScanPolicy"], opts);
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
