import * as pulumi from "@pulumi/pulumi";
import type { Profile, ServiceName, ServicesConfig } from "../../stacks/config/schema";
import { namespace, type PodSecurityLevel } from "../kubernetes/namespace";

export interface PlatformArgs {
  profile: Profile;
  domain: string;
  services: ServicesConfig;
}

/** Where each service runs and what Pod Security level its pods need. */
export const SERVICE_NAMESPACES: Record<ServiceName, { namespace: string; podSecurity: PodSecurityLevel }> = {
  certManager: { namespace: "cert-manager", podSecurity: "restricted" },
  externalSecrets: { namespace: "external-secrets", podSecurity: "restricted" },
  harbor: { namespace: "harbor", podSecurity: "baseline" },
  argocd: { namespace: "argocd", podSecurity: "restricted" },
  kyverno: { namespace: "kyverno", podSecurity: "restricted" },
  vault: { namespace: "vault", podSecurity: "baseline" },
  // node-exporter and the log collector read host paths and the host network.
  victoriaMetrics: { namespace: "monitoring", podSecurity: "privileged" },
  victoriaLogs: { namespace: "logging", podSecurity: "privileged" },
  // the node agent mounts pod volumes from the host.
  velero: { namespace: "velero", podSecurity: "privileged" },
};

/** The platform services, installed on one cluster in the profile's shape. */
export class Platform extends pulumi.ComponentResource {
  /** Namespace of every enabled service. */
  public readonly namespaces: Partial<Record<ServiceName, pulumi.Output<string>>>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:Platform", name, {}, opts);
    const namespaces: Partial<Record<ServiceName, pulumi.Output<string>>> = {};
    for (const [service, placement] of Object.entries(SERVICE_NAMESPACES) as [ServiceName, (typeof SERVICE_NAMESPACES)[ServiceName]][]) {
      if (!args.services[service].enabled) continue;
      namespaces[service] = namespace(
        `${name}-${placement.namespace}`,
        {
          name: placement.namespace,
          podSecurity: placement.podSecurity,
          labels: { "platform.delivery/service": placement.namespace, "platform.delivery/profile": args.profile },
        },
        { parent: this },
      ).metadata.name;
    }
    this.namespaces = namespaces;
    this.registerOutputs({ namespaces });
  }
}
