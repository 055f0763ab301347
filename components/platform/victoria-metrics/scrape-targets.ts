import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Profile, ServiceName } from "../../../stacks/config/schema";
import { highlyAvailable } from "../platform-context";
import type { ScrapeTarget } from "../scrape-target";

export type { ScrapeTarget } from "../scrape-target";

export const scrapeTargetSchema = z.strictObject({
  name: z
    .string()
    .max(54, "must be at most 54 characters (the VMServiceScrape name adds 'platform-')")
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label"),
  namespace: z.custom<pulumi.Input<string>>((v) => (typeof v === "string" && v.length > 0) || pulumi.Output.isInstance(v), {
    message: "must be a namespace name or a Pulumi Output",
  }),
  selector: z.record(z.string().min(1), z.string()).refine((m) => Object.keys(m).length > 0, "must select by at least one label"),
  port: z.string().min(1, "must name a Service port"),
  path: z.string().startsWith("/", "must start with '/'").optional(),
  scheme: z.enum(["http", "https"]).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
}) satisfies z.ZodType<ScrapeTarget>;

type TargetTemplate = Omit<ScrapeTarget, "namespace">;

const component = (name: string, selector: Record<string, string>, port: string, path = "/metrics"): TargetTemplate => ({
  name,
  selector,
  port,
  path,
});

/**
 * Where each platform chart (versions in docs/services/observability.md) exposes metrics. Selectors use
 * only labels that do not depend on the Helm release name, scoped by namespace.
 */
const DEFAULT_TARGETS: Record<ServiceName, (profile: Profile) => TargetTemplate[]> = {
  // cert-manager v1.21.1 templates/service.yaml: Service with port "http-metrics" (9402) when prometheus.enabled.
  certManager: () => [
    component("cert-manager", { "app.kubernetes.io/name": "cert-manager", "app.kubernetes.io/component": "controller" }, "http-metrics"),
  ],
  // external-secrets 2.9.0 templates/service.yaml: "<fullname>-metrics", port "metrics", needs metrics.service.enabled.
  externalSecrets: () => [component("external-secrets", { "app.kubernetes.io/name": "external-secrets" }, "metrics")],
  // harbor 1.19.1: with metrics.enabled, core/registry/jobservice/exporter Services carry app=harbor and port "http-metrics";
  // the chart's own ServiceMonitor selects them the same way (templates/metrics/metrics-svcmon.yaml).
  harbor: () => [component("harbor", { app: "harbor" }, "http-metrics")],
  // argo-cd 10.1.1 templates/*/metrics.yaml with the argo-cd.labels helper (nameOverride "argocd"); port "http-metrics".
  argocd: () =>
    (
      [
        ["argocd-application-controller", "argocd-metrics", "application-controller"],
        ["argocd-server", "argocd-server-metrics", "server"],
        ["argocd-repo-server", "argocd-repo-server-metrics", "repo-server"],
        ["argocd-applicationset-controller", "argocd-metrics", "applicationset-controller"],
      ] as const
    ).map(([name, serviceName, role]) =>
      component(name, { "app.kubernetes.io/name": serviceName, "app.kubernetes.io/component": role }, "http-metrics"),
    ),
  // kyverno 3.9.0: "<name>-metrics" Services per controller with port "metrics-port" (templates/*/service.yaml).
  kyverno: () =>
    ["admission-controller", "background-controller", "cleanup-controller", "reports-controller"].map((controller) =>
      component(
        `kyverno-${controller}`,
        { "app.kubernetes.io/name": `kyverno-${controller}`, "app.kubernetes.io/component": controller },
        "metrics-port",
      ),
    ),
  // vault 0.34.1: the headless "-internal" Service (publishNotReadyAddresses) reaches every pod, sealed ones
  // included, on port "http" (global.tlsDisable). Dev mode has no telemetry stanza (metrics need a token): skipped.
  vault: (profile) =>
    highlyAvailable(profile)
      ? [
          {
            ...component("vault", { "app.kubernetes.io/name": "vault", "vault-internal": "true" }, "http", "/v1/sys/metrics"),
            params: { format: ["prometheus"] },
          },
        ]
      : [],
  // velero 12.1.0 templates/service.yaml: port "http-monitoring" (8085) when metrics.enabled (default true).
  velero: () => [component("velero", { "app.kubernetes.io/name": "velero" }, "http-monitoring")],
  // victoria-logs-single 0.13.9 Service (vm.labels of the "server" app), port "http" (9428) serves /metrics.
  victoriaLogs: () => [
    component("victoria-logs", { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/component": "server" }, "http"),
  ],
  // The stack scrapes its own components (operator-managed VMServiceScrapes).
  victoriaMetrics: () => [],
};

/** Default scrape targets of the enabled platform services (`namespaces` maps each enabled service to its namespace). */
export function platformScrapeTargets(profile: Profile, namespaces: Partial<Record<ServiceName, string>>): ScrapeTarget[] {
  return (Object.entries(namespaces) as [ServiceName, string][]).flatMap(([service, namespace]) =>
    DEFAULT_TARGETS[service](profile).map((target) => ({ ...target, namespace })),
  );
}
