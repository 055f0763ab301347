import type * as pulumi from "@pulumi/pulumi";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/** velero 12.1.0 templates/service.yaml: port `http-monitoring` (8085) while `metrics.enabled` (default true). */
export function veleroMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return [{ name: "velero", namespace, selector: { "app.kubernetes.io/name": "velero" }, port: "http-monitoring", path: "/metrics" }];
}
