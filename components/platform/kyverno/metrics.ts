import type * as pulumi from "@pulumi/pulumi";
import { KYVERNO_RELEASE } from "./chart";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * The `<controller>-metrics` Services of the kyverno chart (templates
 * `<controller>/service.yaml`, `metricsService.create`): plain http, port `metrics-port`.
 * The admission controller's webhook Service shares its labels but has no
 * `metrics-port`, so it is not scraped.
 */
export function kyvernoMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return ["admission-controller", "background-controller", "cleanup-controller", "reports-controller"].map((controller) => ({
    name: `kyverno-${controller}`,
    namespace,
    selector: {
      "app.kubernetes.io/name": `kyverno-${controller}`,
      "app.kubernetes.io/instance": KYVERNO_RELEASE,
      "app.kubernetes.io/component": controller,
    },
    port: "metrics-port",
    path: "/metrics",
  }));
}
