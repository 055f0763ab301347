import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import deepmerge from "deepmerge";
import { crdOverrideConflicts, crdValues, type ChartPin } from "./chart-pin";

export type { ChartPin } from "./chart-pin";

export interface PinnedReleaseArgs {
  pin: ChartPin;
  /** From `services.<name>.chartVersion`: replaces the pinned version. */
  versionOverride?: string;
  /** Fixed Helm release name: releases must not get random suffixes. */
  releaseName: string;
  namespace: pulumi.Input<string>;
  /** The profile's values. Never secrets: those go into Kubernetes Secrets the chart references. */
  values: pulumi.Input<Record<string, unknown>>;
  /** From `services.<name>.values`: merged over `values`, lists replaced rather than concatenated. */
  overrides?: Record<string, unknown>;
  timeoutSeconds?: number;
}

const overwriteArrays = (_target: unknown[], source: unknown[]) => source;

/** The values a release gets: profile values with the operator's overrides on top. */
export function mergeValues(values: Record<string, unknown>, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return deepmerge(values, overrides, { arrayMerge: overwriteArrays });
}

/**
 * The values a release of the pin gets: the profile's values, the pin's CRD values on top (so the
 * chart's CRDs follow the pin on every upgrade, see chart-pin.ts), the operator's overrides last.
 */
export const releaseValues = (
  pin: ChartPin,
  values: Record<string, unknown>,
  overrides?: Record<string, unknown>,
): Record<string, unknown> => mergeValues(mergeValues(values, { ...crdValues(pin) }), overrides);

/**
 * A Helm release of an exactly pinned chart. `atomic` rolls a failed install
 * or upgrade back instead of leaving a half-installed release behind.
 */
export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  for (const path of crdOverrideConflicts(args.pin, args.overrides))
    void pulumi.log.warn(
      `${name}: the values override changes ${path}, which keeps the chart's CRDs in step with the pin (docs/charts.md)`,
    );
  const oci = args.pin.repository.startsWith("oci://");
  return new k8s.helm.v3.Release(
    name,
    {
      name: args.releaseName,
      chart: oci ? `${args.pin.repository}/${args.pin.chart}` : args.pin.chart,
      version: args.versionOverride ?? args.pin.version,
      repositoryOpts: oci ? undefined : { repo: args.pin.repository },
      namespace: args.namespace,
      createNamespace: false,
      values: pulumi.output(args.values).apply((values) => releaseValues(args.pin, values, args.overrides)),
      // The CRDs come from another pinned chart (chart-pin.ts `separate-chart`): Helm must not create them first.
      ...(args.pin.crds.kind === "separate-chart" ? { skipCrds: true } : {}),
      atomic: true,
      cleanupOnFail: true,
      timeout: args.timeoutSeconds ?? 900,
    },
    opts,
  );
}
