import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";
import { TRIVY_OPERATOR_RELEASE } from "./chart";

export type { MetricsEndpoint };

/**
 * trivy-operator 0.34.0 templates/monitor/service.yaml: Service `<fullname>` with port `metrics` (80 -> the
 * container's 8080), selected by the chart's selector labels; the operator serves /metrics (controller-runtime).
 */
export function trivyOperatorMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return [
    {
      name: "trivy-operator",
      namespace,
      selector: { "app.kubernetes.io/name": "trivy-operator", "app.kubernetes.io/instance": TRIVY_OPERATOR_RELEASE },
      port: "metrics",
      path: "/metrics",
    },
  ];
}
