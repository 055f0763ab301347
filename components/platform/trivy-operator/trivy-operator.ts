import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import { vmRule } from "../victoria-metrics/operator-resources";
import { TRIVY_OPERATOR_CHART, TRIVY_OPERATOR_CRDS_CHART, TRIVY_OPERATOR_CRDS_RELEASE, TRIVY_OPERATOR_RELEASE } from "./chart";
import { trivyOperatorMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { TRIVY_OPERATOR_SERVICE } from "./service";
import type { TrivyOperatorSettings } from "./settings";
import { trivyOperatorValues } from "./values";
import { firstSeenRecording, vulnerabilityAlertRules } from "./vulnerability-rules";

export interface TrivyOperatorArgs {
  context: PlatformContext;
  settings: TrivyOperatorSettings;
  /** Where the VMRule of deadline and CRA alerts goes: VictoriaMetrics' namespace and the release that installs its CRDs. */
  monitoring: { namespace: pulumi.Input<string>; crdRelease: pulumi.Resource };
}

const argsSchema = z.object({
  context: z.object({ profile: z.enum(["dev", "staging", "prod"]) }).loose(),
  settings: z.object({ values: z.record(z.string(), z.unknown()).optional() }).loose(),
  monitoring: z.object({
    namespace: z.custom<pulumi.Input<string>>((v) => (typeof v === "string" && v !== "") || pulumi.Output.isInstance(v), {
      message: "must be a namespace name or a Pulumi Output",
    }),
    crdRelease: z.custom<pulumi.Resource>((v) => pulumi.Resource.isInstance(v), { message: "must be the VictoriaMetrics stack release" }),
  }),
});

/** Label vmalert selects platform rules by (as the other platform VMRules). */
const PLATFORM_RULES = { "platform.delivery/monitoring": "platform" };

/**
 * The vulnerability inventory: the Trivy Operator scans the image of every running container (digest per
 * namespace, VulnerabilityReports), rescans continuously and exports one metric series per finding, which
 * VictoriaMetrics scrapes (service.ts). The VMRule records when each finding was first seen and alerts on
 * severity deadlines, known exploited vulnerabilities and CRA Art. 14 clocks (vulnerability-rules.ts).
 */
export class TrivyOperator extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly metrics: MetricsEndpoint[];
  public readonly releases: { operator: k8s.helm.v3.Release; crds: k8s.helm.v3.Release };
  public readonly rules: k8s.apiextensions.CustomResource;

  constructor(name: string, args: TrivyOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
    parseComponentArgs("TrivyOperator", argsSchema, args);
    const { context, settings } = args;
    super("delivery-platform:platform:TrivyOperator", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      // baseline: scan jobs run the scanned image's own filesystem (Standalone mode), some as root.
      {
        name: TRIVY_OPERATOR_SERVICE.namespace,
        podSecurity: "baseline",
        labels: { "platform.delivery/service": TRIVY_OPERATOR_SERVICE.namespace },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    // Protected and retained: uninstalling a CRD deletes every report of its kind (chart.ts).
    const crds = pinnedRelease(
      `${name}-crds`,
      { pin: TRIVY_OPERATOR_CRDS_CHART, releaseName: TRIVY_OPERATOR_CRDS_RELEASE, namespace: this.namespace, values: {} },
      { parent: this, protect: true, retainOnDelete: true },
    );
    const operator = pinnedRelease(
      `${name}-operator`,
      {
        pin: TRIVY_OPERATOR_CHART,
        versionOverride: settings.chartVersion,
        releaseName: TRIVY_OPERATOR_RELEASE,
        namespace: this.namespace,
        values: trivyOperatorValues(context, settings),
        overrides: settings.values,
      },
      { parent: this, dependsOn: [crds] },
    );
    this.releases = { operator, crds };
    this.metrics = trivyOperatorMetricsEndpoints(this.namespace);

    this.rules = vmRule(
      `${name}-vulnerability-rules`,
      {
        name: "platform-vulnerability-response",
        namespace: args.monitoring.namespace,
        labels: PLATFORM_RULES,
        spec: {
          groups: [
            { name: "platform-vulnerability-first-seen", interval: "1m", rules: [firstSeenRecording()] },
            { name: "platform-vulnerability-response", rules: vulnerabilityAlertRules(settings) },
          ],
        },
      },
      { parent: this, dependsOn: [args.monitoring.crdRelease] },
    );

    this.registerOutputs({ namespace: this.namespace, metrics: this.metrics });
  }
}
