import type * as pulumi from "@pulumi/pulumi";

/**
 * A Service exposing Prometheus metrics, shaped like the observability
 * component's scrape targets so it can be passed on as is.
 */
export interface MetricsEndpoint {
  /** Unique target name: `argocd-<component>`. */
  name: string;
  namespace: pulumi.Input<string>;
  /** Labels selecting exactly this metrics Service. */
  selector: Record<string, string>;
  /** Service port name. */
  port: string;
  path: string;
}

/**
 * The metrics Services the argo-cd chart (10.x) creates when `<component>.metrics.enabled`:
 * labels follow its `argo-cd.labels` helper (`app.kubernetes.io/name` is `argocd-<name>`,
 * where server and repo-server use their own name), all on port `http-metrics`.
 */
export function argocdMetricsEndpoints(releaseName: string, namespace: pulumi.Input<string>): MetricsEndpoint[] {
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
