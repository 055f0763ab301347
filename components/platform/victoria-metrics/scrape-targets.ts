import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { Profile } from "../../shared/profiles";
import type { ServiceName } from "../../shared/service-names";
import { highlyAvailable } from "../platform-context";
import { argocdMetricsEndpoints } from "../argocd/metrics";
import { certManagerMetricsEndpoints } from "../cert-manager/metrics";
import { externalSecretsMetricsEndpoints } from "../external-secrets/metrics";
import { kyvernoMetricsEndpoints } from "../kyverno/metrics";
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

const component = (name: string, namespace: string, selector: Record<string, string>, port: string, path = "/metrics"): ScrapeTarget => ({
  name,
  namespace,
  selector,
  port,
  path,
});

/**
 * Where each platform chart (versions in docs/services/observability.md) exposes metrics. Services that
 * describe their own metrics Services (`metrics.ts` next to their component) are taken from there, so
 * the values that enable an endpoint and the scrape that reads it have one source. Selectors are scoped
 * by namespace.
 */
const DEFAULT_TARGETS: Record<ServiceName, (profile: Profile, namespace: string) => ScrapeTarget[]> = {
  certManager: (_, namespace) => certManagerMetricsEndpoints(namespace),
  externalSecrets: (_, namespace) => externalSecretsMetricsEndpoints(namespace),
  // harbor 1.19.1: with metrics.enabled, core/registry/jobservice/exporter Services carry app=harbor and port "http-metrics";
  // the chart's own ServiceMonitor selects them the same way (templates/metrics/metrics-svcmon.yaml).
  harbor: (_, namespace) => [component("harbor", namespace, { app: "harbor" }, "http-metrics")],
  argocd: (_, namespace) => argocdMetricsEndpoints(namespace),
  kyverno: (_, namespace) => kyvernoMetricsEndpoints(namespace),
  // vault 0.34.1: the headless "-internal" Service (publishNotReadyAddresses) reaches every pod, sealed ones
  // included, on port "http" (global.tlsDisable). Dev mode has no telemetry stanza (metrics need a token): skipped.
  vault: (profile, namespace) =>
    highlyAvailable(profile)
      ? [
          {
            ...component("vault", namespace, { "app.kubernetes.io/name": "vault", "vault-internal": "true" }, "http", "/v1/sys/metrics"),
            params: { format: ["prometheus"] },
          },
        ]
      : [],
  // velero 12.1.0 templates/service.yaml: port "http-monitoring" (8085) when metrics.enabled (default true).
  velero: (_, namespace) => [component("velero", namespace, { "app.kubernetes.io/name": "velero" }, "http-monitoring")],
  // victoria-logs-single 0.13.9 Service (vm.labels of the "server" app), port "http" (9428) serves /metrics.
  victoriaLogs: (_, namespace) => [
    component(
      "victoria-logs",
      namespace,
      { "app.kubernetes.io/name": "victoria-logs-single", "app.kubernetes.io/component": "server" },
      "http",
    ),
  ],
  // The stack scrapes its own components (operator-managed VMServiceScrapes).
  victoriaMetrics: () => [],
};

/** Default scrape targets of the enabled platform services (`namespaces` maps each enabled service to its namespace). */
export function platformScrapeTargets(profile: Profile, namespaces: Partial<Record<ServiceName, string>>): ScrapeTarget[] {
  return (Object.entries(namespaces) as [ServiceName, string][]).flatMap(([service, namespace]) =>
    DEFAULT_TARGETS[service](profile, namespace),
  );
}
