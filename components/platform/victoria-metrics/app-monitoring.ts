import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseComponentArgs } from "../../validation/issues";
import { vmRule, vmServiceScrape, type AlertRule } from "./operator-resources";
import { scrapeTargetSchema } from "./scrape-targets";

const appMonitoringSchema = z.strictObject({
  app: scrapeTargetSchema.shape.name,
  namespace: scrapeTargetSchema.shape.namespace,
  selector: scrapeTargetSchema.shape.selector,
  port: scrapeTargetSchema.shape.port,
  path: scrapeTargetSchema.shape.path,
  errorRate: z
    .strictObject({
      metric: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, "must be a metric name such as http_requests_total"),
      errorMatcher: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"[^"]*"$/, 'must be one label matcher such as code=~"5.."'),
      maxRatio: z.number().gt(0, "must be above 0").lt(1, "must be below 1"),
    })
    .optional(),
});

export type AppMonitoringArgs = z.input<typeof appMonitoringSchema>;

export interface AppMonitoring {
  scrape: k8s.apiextensions.CustomResource;
  rule: k8s.apiextensions.CustomResource;
}

/**
 * What app onboarding creates in an app namespace: a VMServiceScrape for the app's metrics Service
 * and a default VMRule (target down or missing, optionally an error-ratio alert). `crdRelease` is
 * the release that installs the CRDs on the namespace's cluster (the VictoriaMetrics component's
 * `releases.stack`, or a workload cluster's agent release), `provider` that cluster's provider.
 */
export function appMonitoring(
  name: string,
  args: AppMonitoringArgs,
  opts: { parent?: pulumi.Resource; crdRelease: pulumi.Resource; provider?: pulumi.ProviderResource },
): AppMonitoring {
  const app = parseComponentArgs(`appMonitoring ${name}`, appMonitoringSchema, args);
  const resourceOpts = { parent: opts.parent, dependsOn: [opts.crdRelease], provider: opts.provider };
  const labels = { "app.kubernetes.io/part-of": app.app };
  const namespace = pulumi.output(app.namespace);
  const up = pulumi.interpolate`up{namespace="${namespace}"}`;

  const scrape = vmServiceScrape(
    `${name}-scrape`,
    {
      name: app.app,
      namespace: app.namespace,
      labels,
      spec: {
        selector: { matchLabels: app.selector },
        namespaceSelector: { matchNames: [app.namespace] },
        endpoints: [{ port: app.port, path: app.path ?? "/metrics", scheme: "http" }],
      },
    },
    resourceOpts,
  );

  const ruleLabels = (severity: string) => ({ severity, app: app.app });
  const rules: AlertRule[] = [
    {
      alert: "AppTargetDown",
      expr: pulumi.interpolate`${up} == 0`,
      for: "5m",
      labels: ruleLabels("warning"),
      annotations: { summary: `${app.app}: metrics target {{ $labels.pod }} is down` },
    },
    {
      alert: "AppTargetMissing",
      expr: pulumi.interpolate`absent(${up})`,
      for: "15m",
      labels: ruleLabels("warning"),
      annotations: { summary: `${app.app}: no metrics target found; check the Service labels and port name` },
    },
  ];
  if (app.errorRate) {
    const { metric, errorMatcher, maxRatio } = app.errorRate;
    rules.push({
      alert: "AppHighErrorRatio",
      expr: pulumi.interpolate`sum(rate(${metric}{namespace="${namespace}", ${errorMatcher}}[5m])) / sum(rate(${metric}{namespace="${namespace}"}[5m])) > ${maxRatio}`,
      for: "10m",
      labels: ruleLabels("warning"),
      annotations: { summary: `${app.app}: more than ${maxRatio * 100}% of requests fail` },
    });
  }

  const rule = vmRule(
    `${name}-alerts`,
    { name: `${app.app}-default`, namespace: app.namespace, labels, spec: { groups: [{ name: app.app, rules }] } },
    resourceOpts,
  );
  return { scrape, rule };
}
