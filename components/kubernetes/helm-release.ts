import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import deepmerge from "deepmerge";

/** An exactly pinned chart. `repository` is an https Helm repo or an `oci://` registry path. */
export interface ChartPin {
  chart: string;
  version: string;
  repository: string;
}

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
 * A Helm release of an exactly pinned chart. `atomic` rolls a failed install
 * or upgrade back instead of leaving a half-installed release behind.
 */
export function pinnedRelease(name: string, args: PinnedReleaseArgs, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
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
      values: pulumi.output(args.values).apply((values) => mergeValues(values, args.overrides)),
      atomic: true,
      cleanupOnFail: true,
      timeout: args.timeoutSeconds ?? 900,
    },
    opts,
  );
}
