import type * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../shared/profiles";

/** What every platform service needs to know about the platform around it. */
export interface PlatformContext {
  profile: Profile;
  /** Base domain: services are reachable at `<service>.<domain>`. */
  domain: string;
  /** IngressClass every service's ingress uses. */
  ingressClassName: string;
  /** ClusterIssuer that signs every ingress certificate (created by the cert-manager component). */
  clusterIssuer: pulumi.Input<string>;
}

/** Whether the profile runs services highly available (several replicas, external state). */
export const highlyAvailable = (profile: Profile): boolean => profile !== "dev";

export const hostFor = (context: Pick<PlatformContext, "domain">, service: string): string => `${service}.${context.domain}`;

/** Annotations that make cert-manager issue the ingress certificate. */
export const tlsAnnotations = (context: PlatformContext): Record<string, pulumi.Input<string>> => ({
  "cert-manager.io/cluster-issuer": context.clusterIssuer,
});
