import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { PROFILES } from "../../shared/profiles";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import { allSecret } from "../service-settings";
import { KYVERNO_CHART, KYVERNO_RELEASE } from "./chart";
import { kyvernoMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { checkPolicySet, policyKey, policyManifest } from "./policy-manifests";
import { KYVERNO_SERVICE } from "./service";
import { kyvernoSettings, type KyvernoSettingsInput } from "./settings";
import { kyvernoValues } from "./values";

export { VALIDATION_ACTIONS, type ValidationAction } from "./validation-actions";

export interface KyvernoArgs {
  context: PlatformContext;
  /**
   * Full manifests of `policies.kyverno.io/v1` kinds (ValidatingPolicy,
   * ImageValidatingPolicy, ..., PolicyException). apiVersion, kind and
   * metadata must be plain values; `spec` may contain Outputs.
   */
  policies?: pulumi.Input<Record<string, unknown>>[];
  /** `services.kyverno`; omitted fields take the profile's defaults. */
  settings?: KyvernoSettingsInput;
}

const argsSchema = z.object({
  context: z.looseObject({ profile: z.enum(PROFILES) }),
  policies: z
    .array(policyManifest)
    .default([])
    .superRefine((manifests, ctx) => checkPolicySet(manifests, KYVERNO_SERVICE.namespace, ctx)),
  settings: kyvernoSettings(allSecret),
});

/**
 * Kyverno with its CRDs and metrics, plus the platform's guardrail policies,
 * each created once the release (and with it the policies.kyverno.io CRDs)
 * is installed.
 */
export class Kyverno extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** The release that installs the Kyverno CRDs: policies created elsewhere depend on it. */
  public readonly release: k8s.helm.v3.Release;
  /** Names of the created policy objects, `kind/[namespace/]name`. */
  public readonly policies: string[];
  /** The metrics Services of the four controllers, ready to pass on as scrape targets. */
  public readonly metrics: MetricsEndpoint[];

  constructor(name: string, args: KyvernoArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("Kyverno", argsSchema, args);
    super("delivery-platform:platform:Kyverno", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      {
        name: KYVERNO_SERVICE.namespace,
        podSecurity: "restricted",
        labels: { "platform.delivery/service": KYVERNO_SERVICE.namespace, "platform.delivery/profile": parsed.context.profile },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: KYVERNO_CHART,
        versionOverride: parsed.settings.chartVersion,
        releaseName: KYVERNO_RELEASE,
        namespace: this.namespace,
        values: kyvernoValues(args.context, KYVERNO_SERVICE.namespace),
        overrides: parsed.settings.values,
      },
      { parent: this },
    );

    this.policies = parsed.policies.map((policy) => {
      const key = policyKey(policy);
      new k8s.apiextensions.CustomResource(`${name}-${key}`, policy, { parent: this, dependsOn: [this.release] });
      return key;
    });

    this.metrics = kyvernoMetricsEndpoints(this.namespace);

    this.registerOutputs({
      namespace: this.namespace,
      policies: this.policies,
      metrics: this.metrics,
    });
  }
}
