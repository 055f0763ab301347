import type * as pulumi from "@pulumi/pulumi";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * harbor 1.19.1 with `metrics.enabled`: the core, registry, jobservice and exporter Services carry
 * `app: harbor` and port `http-metrics`, as the chart's own ServiceMonitor selects them
 * (templates/metrics/metrics-svcmon.yaml). Services without that port are not scraped.
 */
export function harborMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return [{ name: "harbor", namespace, selector: { app: "harbor" }, port: "http-metrics", path: "/metrics" }];
}
