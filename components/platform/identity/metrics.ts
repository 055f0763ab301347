import type * as pulumi from "@pulumi/pulumi";
import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";
import { KEYCLOAK_MANAGEMENT_PORT, KEYCLOAK_RELEASE } from "./chart";

export type { MetricsEndpoint };

/**
 * keycloakx 7.1.11: `<fullname>-http` (label app.kubernetes.io/component: http) serves the management
 * port 9000 named `http-internal`; `metrics.enabled` (default true) sets KC_METRICS_ENABLED and Keycloak
 * serves `<relativePath>metrics` there.
 */
export function identityMetricsEndpoints(namespace: pulumi.Input<string>): MetricsEndpoint[] {
  return [
    {
      name: "keycloak",
      namespace,
      // keycloak.selectorLabels: name is the chart name (no nameOverride), instance the release.
      selector: {
        "app.kubernetes.io/name": "keycloakx",
        "app.kubernetes.io/instance": KEYCLOAK_RELEASE,
        "app.kubernetes.io/component": "http",
      },
      port: KEYCLOAK_MANAGEMENT_PORT,
      path: "/metrics",
    },
  ];
}
