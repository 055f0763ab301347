import type * as pulumi from "@pulumi/pulumi";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/** victoria-logs-single 0.13.9: the server Service (vm.labels of the `server` app) serves /metrics on port `http` (9428). */
export function victoriaLogsMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return [
    {
      name: "victoria-logs",
      namespace,
      selector: { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/component": "server" },
      port: "http",
      path: "/metrics",
    },
  ];
}
