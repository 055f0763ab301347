import type * as pulumi from "@pulumi/pulumi";
import { EXTERNAL_SECRETS_RELEASE } from "./chart";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * The metrics Services of the external-secrets chart with
 * `{,webhook.,certController.}metrics.service.enabled` (templates service.yaml,
 * webhook-service.yaml, cert-controller-service.yaml): plain http, port `metrics`.
 */
export function externalSecretsMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return ["external-secrets", "external-secrets-webhook", "external-secrets-cert-controller"].map((name) => ({
    name,
    namespace,
    selector: { "app.kubernetes.io/name": name, "app.kubernetes.io/instance": EXTERNAL_SECRETS_RELEASE },
    port: "metrics",
    path: "/metrics",
  }));
}
