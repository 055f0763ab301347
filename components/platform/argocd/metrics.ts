import type * as pulumi from "@pulumi/pulumi";
import { ARGOCD_RELEASE } from "./chart";

import type { ScrapeTarget as MetricsEndpoint } from "../scrape-target";

export type { MetricsEndpoint };

/**
 * The metrics Services the argo-cd chart (10.x) creates when `<component>.metrics.enabled`:
 * labels follow its `argo-cd.labels` helper (`app.kubernetes.io/name` is `argocd-<name>`,
 * where server and repo-server use their own name), all on port `http-metrics`.
 */
export function argocdMetricsEndpoints(namespace: pulumi.Input<string>, releaseName: string = ARGOCD_RELEASE): MetricsEndpoint[] {
  const endpoint = (component: string, name: string): MetricsEndpoint => ({
    name: `argocd-${component}`,
    namespace,
    selector: {
      "app.kubernetes.io/name": `argocd-${name}`,
      "app.kubernetes.io/instance": releaseName,
      "app.kubernetes.io/component": component,
    },
    port: "http-metrics",
    path: "/metrics",
  });
  return [
    endpoint("application-controller", "metrics"),
    endpoint("server", "server-metrics"),
    endpoint("repo-server", "repo-server-metrics"),
    endpoint("applicationset-controller", "metrics"),
    endpoint("notifications-controller", "metrics"),
  ];
}
