import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget } from "../scrape-target";
import { ARGO_ROLLOUTS_RELEASE } from "./chart";

/**
 * argo-rollouts 2.41.0 templates/controller/metrics-service.yaml: Service `<fullname>-metrics`, port
 * `metrics` (8090), selecting app.kubernetes.io/component=rollouts-controller and the chart's selector
 * labels, while `controller.metrics.enabled` (values.ts turns it on). The controller exports
 * `rollout_info`, `analysis_run_info` and `analysis_run_metric_phase`: the verdicts the release
 * ledger reads (docs/progressive-delivery.md).
 */
export function argoRolloutsMetricsEndpoints(namespace: pulumi.Input<string>): ScrapeTarget[] {
  return [
    {
      name: "argo-rollouts",
      namespace,
      selector: {
        "app.kubernetes.io/name": "argo-rollouts",
        "app.kubernetes.io/instance": ARGO_ROLLOUTS_RELEASE,
        "app.kubernetes.io/component": "rollouts-controller",
      },
      port: "metrics",
      path: "/metrics",
    },
  ];
}
