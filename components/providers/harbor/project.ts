import * as pulumi from "@pulumi/pulumi";
import { harborOptions, registrationProps } from "./binding";

const TYPE = "harbor:index/project:Project";

export interface ProjectArgs {
  name?: pulumi.Input<string>;
  /** Anonymous pull access (provider default false). */
  public?: pulumi.Input<boolean>;
  /** Scan on push (provider default true). */
  vulnerabilityScanning?: pulumi.Input<boolean>;
  /** `critical`, `high`, `medium`, `low` or `none`; omit rather than send "". */
  deploymentSecurity?: pulumi.Input<string>;
  /** Notary v1, removed in Harbor 2.9; use `enableContentTrustCosign`. */
  enableContentTrust?: pulumi.Input<boolean>;
  enableContentTrustCosign?: pulumi.Input<boolean>;
  autoSbomGeneration?: pulumi.Input<boolean>;
  /** GB; -1 for unlimited. */
  storageQuota?: pulumi.Input<number>;
  cveAllowlists?: pulumi.Input<pulumi.Input<string>[]>;
  forceDestroy?: pulumi.Input<boolean>;
  /** Makes the project a proxy cache of this registry endpoint (`Registry.registryId`). */
  registryId?: pulumi.Input<number>;
}

/** What the class declares: each becomes an Output even when unset. */
const PROPERTIES = [
  "name",
  "public",
  "vulnerabilityScanning",
  "deploymentSecurity",
  "enableContentTrust",
  "enableContentTrustCosign",
  "autoSbomGeneration",
  "storageQuota",
  "cveAllowlists",
  "forceDestroy",
  "registryId",
  "projectId",
];

/** `harbor:index/project:Project`. Its `id` is `/projects/<n>`, which is what rules and members expect as project id. */
export class Project extends pulumi.CustomResource {
  declare public readonly name: pulumi.Output<string>;
  declare public readonly public: pulumi.Output<boolean | undefined>;
  declare public readonly vulnerabilityScanning: pulumi.Output<boolean | undefined>;
  declare public readonly deploymentSecurity: pulumi.Output<string | undefined>;
  declare public readonly enableContentTrust: pulumi.Output<boolean | undefined>;
  declare public readonly enableContentTrustCosign: pulumi.Output<boolean | undefined>;
  declare public readonly autoSbomGeneration: pulumi.Output<boolean | undefined>;
  declare public readonly storageQuota: pulumi.Output<number | undefined>;
  declare public readonly cveAllowlists: pulumi.Output<string[] | undefined>;
  declare public readonly forceDestroy: pulumi.Output<boolean | undefined>;
  declare public readonly registryId: pulumi.Output<number>;
  /** Numeric project id (output only). */
  declare public readonly projectId: pulumi.Output<number>;

  constructor(name: string, args: ProjectArgs = {}, opts?: pulumi.CustomResourceOptions) {
    super(TYPE, name, registrationProps(PROPERTIES, args), harborOptions(opts));
  }
}
