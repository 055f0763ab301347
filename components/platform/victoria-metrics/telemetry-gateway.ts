import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { parseComponentArgs } from "../../validation/issues";
import { hostFor, tlsAnnotations, type PlatformContext } from "../platform-context";
import { VM_API_VERSION } from "./operator-resources";
import { TELEMETRY_HOST_PREFIX } from "./service";

/** What one other cluster's agents present to the gateway (basic auth), and where they write. */
export interface TelemetryCredentials {
  /** The gateway's external base URL, `https://telemetry.<domain>`. */
  url: string;
  username: string;
  /** Generated per cluster; secret. */
  password: pulumi.Output<string>;
  /** Whether the gateway routes `/insert/*` to VictoriaLogs (the logs collector ships there). */
  logs: boolean;
}

export interface TelemetryGatewayArgs {
  context: PlatformContext;
  /** The other clusters whose agents write through the gateway, one VMUser each. */
  clusters: readonly string[];
  /** The platform's VictoriaMetrics (component outputs): where writes, queries and alerts go. */
  metrics: {
    namespace: pulumi.Input<string>;
    /** Remote-write URL ending in `/api/v1/write` (VictoriaMetrics.metricsWriteUrl). */
    writeUrl: pulumi.Input<string>;
    /** Prometheus query base (VictoriaMetrics.metricsReadUrl): `/api/v1/query` is appended. */
    readUrl: pulumi.Input<string>;
    /** Alertmanager base URL: `/api/v2/alerts` is appended. */
    alertmanagerUrl: pulumi.Input<string>;
    /** The release that installs the operator's CRDs (VMAuth, VMUser). */
    crdRelease: pulumi.Resource;
  };
  /** VictoriaLogs base URL (VictoriaLogs.url); without it the gateway takes no logs. */
  logsUrl?: pulumi.Input<string>;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const input = z.custom<pulumi.Input<string>>((v) => typeof v === "string" || pulumi.Output.isInstance(v), "must be a string or Output");

const argsSchema = z.object({
  context: z.looseObject({ domain: z.string().min(1), ingressClassName: z.string().min(1) }),
  clusters: z
    .array(z.string().max(50, "must be at most 50 characters").regex(DNS_LABEL, "must be a DNS-1123 label"))
    .min(1, "must list at least one cluster: without one the gateway has no user")
    .refine((names) => new Set(names).size === names.length, { message: "must not list a cluster twice" }),
  metrics: z.object({
    namespace: input,
    writeUrl: input,
    readUrl: input,
    alertmanagerUrl: input,
    crdRelease: z.custom<pulumi.Resource>((v) => pulumi.Resource.isInstance(v), "must be the release that installs the CRDs"),
  }),
  logsUrl: input.optional(),
});

/** Label the gateway selects its users by (VMAuth `userSelector`). */
const USER_LABEL = { "platform.delivery/telemetry-gateway": "telemetry" };
const GATEWAY_NAME = "telemetry";
const TLS_SECRET = "telemetry-tls";
const PASSWORD_KEY = "password";

/**
 * The paths each cluster's user may reach. vmauth appends the request path to the target URL
 * (VictoriaMetrics docs/vmauth.md, "Auth config": `/api/v1/query` on the user's `url_prefix`
 * `http://localhost:8428` goes to `http://localhost:8428/api/v1/query`); a VMUser target's
 * `static.url` is that `url_prefix` and `paths` its `src_paths` (operator docs/resources/vmuser.md).
 * Writes (vmagent remote write), the one query path vmalert reads (datasource and state restore),
 * alert notifications to Alertmanager, and log ingestion (vlagent `/insert/native`).
 */
export function gatewayTargets(urls: { writeBase: string; readUrl: string; alertmanagerUrl: string; logsUrl?: string }) {
  return [
    { static: { url: urls.writeBase }, paths: ["/api/v1/write"] },
    { static: { url: urls.readUrl }, paths: ["/api/v1/query"] },
    { static: { url: urls.alertmanagerUrl }, paths: ["/api/v2/alerts"] },
    ...(urls.logsUrl === undefined ? [] : [{ static: { url: urls.logsUrl }, paths: ["/insert/.*"] }]),
  ];
}

/**
 * The way into the platform's VictoriaMetrics, Alertmanager and VictoriaLogs for agents on other
 * clusters, whose in-cluster Service names do not resolve there: one VMAuth behind the platform's
 * ingress at `telemetry.<domain>` (TLS by the platform's issuer), and one VMUser per cluster with a
 * generated password. Unauthenticated requests are refused (no `unauthorizedUserAccessSpec`).
 */
export class TelemetryGateway extends pulumi.ComponentResource {
  public readonly url: string;
  /** Per cluster: what its agents present. */
  public readonly credentials: Record<string, TelemetryCredentials>;

  constructor(name: string, args: TelemetryGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    const { clusters } = parseComponentArgs("TelemetryGateway", argsSchema, args);
    super("delivery-platform:platform:TelemetryGateway", name, {}, opts);
    const { context, metrics } = args;
    const host = hostFor(context, TELEMETRY_HOST_PREFIX);
    this.url = `https://${host}`;
    const crds = { parent: this, dependsOn: [metrics.crdRelease] };
    const logs = args.logsUrl !== undefined;

    const targets = pulumi
      .all([metrics.writeUrl, metrics.readUrl, metrics.alertmanagerUrl, args.logsUrl])
      .apply(([writeUrl, readUrl, alertmanagerUrl, logsUrl]) =>
        gatewayTargets({ writeBase: writeUrl.replace(/\/api\/v1\/write$/, ""), readUrl, alertmanagerUrl, logsUrl }),
      );

    this.credentials = {};
    for (const cluster of clusters) {
      const username = `cluster-${cluster}`;
      const password = new random.RandomPassword(`${name}-${cluster}-password`, { length: 32, special: false }, { parent: this });
      const secret = new k8s.core.v1.Secret(
        `${name}-${cluster}-credentials`,
        {
          metadata: { name: `telemetry-${cluster}`, namespace: metrics.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
          type: "Opaque",
          stringData: { username, [PASSWORD_KEY]: pulumi.secret(password.result) },
        },
        { parent: this },
      );
      new k8s.apiextensions.CustomResource(
        `${name}-${cluster}-user`,
        {
          apiVersion: VM_API_VERSION,
          kind: "VMUser",
          metadata: { name: username, namespace: metrics.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi", ...USER_LABEL } },
          spec: { username, passwordRef: { name: secret.metadata.name, key: PASSWORD_KEY }, targetRefs: targets },
        },
        crds,
      );
      this.credentials[cluster] = { url: this.url, username, password: pulumi.secret(password.result), logs };
    }

    // Users are picked by label in the gateway's namespace only (operator docs/resources/vmauth.md, "Users").
    new k8s.apiextensions.CustomResource(
      `${name}-vmauth`,
      {
        apiVersion: VM_API_VERSION,
        kind: "VMAuth",
        metadata: { name: GATEWAY_NAME, namespace: metrics.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        spec: {
          selectAllByDefault: false,
          userSelector: { matchLabels: USER_LABEL },
          replicaCount: context.profile === "dev" ? 1 : 2,
          ingress: {
            class_name: context.ingressClassName,
            host,
            annotations: tlsAnnotations(context),
            tlsHosts: [host],
            tlsSecretName: TLS_SECRET,
          },
        },
      },
      crds,
    );

    this.registerOutputs({ url: this.url, clusters: [...clusters] });
  }
}
