import type * as pulumi from "@pulumi/pulumi";
import { CERT_MANAGER_RELEASE } from "./chart";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * The metrics Services of the cert-manager chart with `prometheus.enabled`
 * (templates service.yaml, cainjector-service.yaml, webhook-service.yaml):
 * plain http on 9402, named `http-metrics` except on the webhook Service.
 */
export function certManagerMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  const endpoint = (name: string, appName: string, component: string, port: string): MetricsEndpoint => ({
    name,
    namespace,
    selector: {
      "app.kubernetes.io/name": appName,
      "app.kubernetes.io/instance": CERT_MANAGER_RELEASE,
      "app.kubernetes.io/component": component,
    },
    port,
    path: "/metrics",
  });
  return [
    endpoint("cert-manager", "cert-manager", "controller", "http-metrics"),
    endpoint("cert-manager-cainjector", "cainjector", "cainjector", "http-metrics"),
    endpoint("cert-manager-webhook", "webhook", "webhook", "metrics"),
  ];
}
