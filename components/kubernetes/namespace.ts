import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

export type PodSecurityLevel = "privileged" | "baseline" | "restricted";

export interface NamespaceArgs {
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Pod Security Admission level enforced on the namespace. */
  podSecurity: PodSecurityLevel;
}

/** A namespace with the platform's standard labels and Pod Security Admission enforcement. */
export function namespace(resourceName: string, args: NamespaceArgs, opts: pulumi.CustomResourceOptions): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    resourceName,
    {
      metadata: {
        name: args.name,
        labels: {
          "app.kubernetes.io/managed-by": "pulumi",
          "pod-security.kubernetes.io/enforce": args.podSecurity,
          "pod-security.kubernetes.io/warn": "restricted",
          ...args.labels,
        },
        ...(args.annotations === undefined ? {} : { annotations: args.annotations }),
      },
    },
    opts,
  );
}
