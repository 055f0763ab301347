import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { parseComponentArgs } from "../../validation/issues";

/**
 * Typed factories for the VictoriaMetrics operator CRs the platform creates. There is no npm model
 * for operator.victoriametrics.com, so the spec subsets below carry the CRD's field names verbatim
 * (operator v0.74.1, vmservicescrapes / vmrules.operator.victoriametrics.com, served version v1beta1)
 * and are checked against the CRD schema in the tests.
 */
export const VM_API_VERSION = "operator.victoriametrics.com/v1beta1";

const input = z.custom<pulumi.Input<string>>((value) => typeof value === "string" || pulumi.Output.isInstance(value), {
  message: "must be a string or a Pulumi Output",
});
const dnsLabel = z
  .string()
  .max(63, "must be at most 63 characters")
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label");
const labelMap = z.record(z.string().min(1), z.string());
const duration = z.string().regex(/^(\d+(ms|s|m|h|d|w|y))+$/, "must be a duration such as 30s, 5m or 1h");

const secretKeySelector = z.strictObject({ name: z.string().min(1), key: z.string().min(1) });

export const endpointSchema = z.strictObject({
  port: z.string().min(1, "must name a Service port"),
  path: z.string().startsWith("/", "must start with '/'").optional(),
  scheme: z.enum(["http", "https"]).optional(),
  params: z.record(z.string(), z.array(z.string())).optional(),
  interval: duration.optional(),
  scrapeTimeout: duration.optional(),
  honorLabels: z.boolean().optional(),
  tlsConfig: z
    .strictObject({
      ca: z.strictObject({ secret: secretKeySelector }).optional(),
      serverName: z.string().optional(),
      insecureSkipVerify: z.boolean().optional(),
    })
    .optional(),
});

export const serviceScrapeSpecSchema = z.strictObject({
  selector: z.strictObject({ matchLabels: labelMap.refine((m) => Object.keys(m).length > 0, "must select by at least one label") }),
  namespaceSelector: z.strictObject({ matchNames: z.array(input).min(1) }),
  jobLabel: z.string().optional(),
  endpoints: z.array(endpointSchema).min(1, "must list at least one endpoint"),
});

export const ruleSchema = z
  .strictObject({
    alert: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an alert name such as VaultSealed"),
    expr: input,
    for: duration.optional(),
    labels: labelMap.optional(),
    annotations: z.record(z.string(), input).optional(),
  })
  .meta({ description: "An alerting rule (recording rules are not needed by the platform)." });

export const ruleSpecSchema = z.strictObject({
  groups: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        interval: duration.optional(),
        // VMRule spec.groups[].type (operator.victoriametrics.com_all.yaml): `vlogs` evaluates LogsQL on VictoriaLogs.
        type: z.enum(["prometheus", "vlogs"]).optional(),
        rules: z.array(ruleSchema).min(1, "must hold at least one rule"),
      }),
    )
    .min(1, "must hold at least one group"),
});

export type ScrapeEndpoint = z.input<typeof endpointSchema>;
export type ServiceScrapeSpec = z.input<typeof serviceScrapeSpecSchema>;
export type AlertRule = z.input<typeof ruleSchema>;
export type RuleSpec = z.input<typeof ruleSpecSchema>;

export interface OperatorObjectArgs<Spec> {
  name: string;
  namespace: pulumi.Input<string>;
  labels?: Record<string, string>;
  spec: Spec;
}

const metadataSchema = z.object({ name: dnsLabel, namespace: input, labels: labelMap.optional() });

function operatorObject(
  kind: "VMServiceScrape" | "VMRule",
  specSchema: z.ZodType,
  resourceName: string,
  args: OperatorObjectArgs<unknown>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  const metadata = parseComponentArgs(`${kind} ${resourceName}`, metadataSchema, {
    name: args.name,
    namespace: args.namespace,
    labels: args.labels,
  });
  const spec: unknown = parseComponentArgs(`${kind} ${resourceName}`, specSchema, args.spec);
  return new k8s.apiextensions.CustomResource(
    resourceName,
    {
      apiVersion: VM_API_VERSION,
      kind,
      metadata: { ...metadata, labels: { "app.kubernetes.io/managed-by": "pulumi", ...metadata.labels } },
      spec,
    },
    opts,
  );
}

/** A VMServiceScrape. `opts.dependsOn` must include the release that installs the operator CRDs. */
export function vmServiceScrape(
  resourceName: string,
  args: OperatorObjectArgs<ServiceScrapeSpec>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return operatorObject("VMServiceScrape", serviceScrapeSpecSchema, resourceName, args, opts);
}

/** A VMRule of alerting rules. `opts.dependsOn` must include the release that installs the operator CRDs. */
export function vmRule(
  resourceName: string,
  args: OperatorObjectArgs<RuleSpec>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return operatorObject("VMRule", ruleSpecSchema, resourceName, args, opts);
}
