import { z } from "zod";
import { dnsLabel } from "../shared/dns-label";

/** `ingress` in the stack config: how services are exposed. */
export const ingressSettings = z
  .strictObject({
    className: dnsLabel().default("traefik").meta({ description: "IngressClass of the cluster's ingress controller (k3d ships traefik)." }),
    namespace: dnsLabel().default("kube-system").meta({
      description: "Namespace of the ingress controller; app network policies admit traffic from it (k3d's traefik runs in kube-system).",
    }),
  })
  .prefault({})
  .meta({ description: "How services are exposed." });

export type IngressSettings = z.output<typeof ingressSettings>;
