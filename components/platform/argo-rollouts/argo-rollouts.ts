import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import type { PlatformContext } from "../platform-context";
import type { ScrapeTarget } from "../scrape-target";
import { ARGO_ROLLOUTS_CHART, ARGO_ROLLOUTS_RELEASE } from "./chart";
import { argoRolloutsMetricsEndpoints } from "./metrics";
import { ARGO_ROLLOUTS_SERVICE } from "./service";
import type { ArgoRolloutsSettings } from "./settings";
import { argoRolloutsValues } from "./values";

export interface ArgoRolloutsArgs {
  context: PlatformContext;
  /** `services.argoRollouts`, as parsed from the stack config. */
  settings: ArgoRolloutsSettings;
}

/**
 * The Argo Rollouts controller (and its CRDs) on the platform's cluster: it runs the Rollouts and
 * AnalysisRuns of apps with `delivery.strategy` canary or blueGreen. Stateless: a Rollout's state
 * lives in its status, so nothing here is protected.
 */
export class ArgoRollouts extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;
  /** The controller's metrics Service, for the VictoriaMetrics scrapes. */
  public readonly metrics: ScrapeTarget[];

  constructor(name: string, args: ArgoRolloutsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:ArgoRollouts", name, {}, opts);
    const ns = namespace(
      `${name}-namespace`,
      {
        name: ARGO_ROLLOUTS_SERVICE.namespace,
        podSecurity: "restricted",
        labels: { "platform.delivery/service": ARGO_ROLLOUTS_SERVICE.namespace, "platform.delivery/profile": args.context.profile },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;
    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: ARGO_ROLLOUTS_CHART,
        versionOverride: args.settings.chartVersion,
        releaseName: ARGO_ROLLOUTS_RELEASE,
        namespace: this.namespace,
        values: argoRolloutsValues(args.context, args.settings.replicas),
        overrides: args.settings.values,
      },
      { parent: this },
    );
    this.metrics = argoRolloutsMetricsEndpoints(this.namespace);
    this.registerOutputs({ namespace: this.namespace, metrics: this.metrics });
  }
}
