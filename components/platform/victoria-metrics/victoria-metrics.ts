import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { SERVICE_NAMES, type ServiceName } from "../../shared/service-names";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { alertmanagerConfig, RECEIVER_SECRET, RECEIVER_VAULT_PATH, receiverSecretKey } from "./alertmanager-config";
import deepmerge from "deepmerge";
import { GRAFANA_OAUTH_SECRET, GRAFANA_OAUTH_SECRET_KEY, grafanaSsoValues, type GrafanaSso } from "./grafana-sso";
import { GRAFANA_DATABASE_SECRET, type PlatformSecretStore, vaultSyncedSecret } from "./vault-synced-secrets";
import { ComponentArgsError, parseComponentArgs } from "../../validation/issues";
import { highlyAvailable, hostFor, type PlatformContext } from "../platform-context";
import { platformAlerts } from "./alert-rules";
import { VM_FULLNAME, VM_RELEASE_NAME, VM_STACK_CHART } from "./chart";
import { platformMonitors } from "./platform-monitors";
import { metricsReadAddress } from "./read-address";
import { platformScrapeTargets, scrapeTargetSchema, type ScrapeTarget } from "./scrape-targets";
import { VICTORIA_METRICS_SERVICE } from "./service";
import type { VictoriaMetricsSettings } from "./settings";
import { GRAFANA_ADMIN_PASSWORD_KEY, GRAFANA_ADMIN_USER_KEY, GRAFANA_HOST_PREFIX, victoriaMetricsValues } from "./values";

const VM_NAMESPACE = VICTORIA_METRICS_SERVICE.namespace;

export interface VictoriaMetricsArgs {
  context: PlatformContext;
  settings: VictoriaMetricsSettings;
  /** Every enabled platform service and its namespace: each gets default scrape targets and alert rules. */
  platformServices: Partial<Record<ServiceName, string>>;
  /** Replaces a service's default targets, e.g. with that component's own `metrics` description. */
  scrapeTargetOverrides?: Partial<Record<ServiceName, ScrapeTarget[]>>;
  /** VictoriaLogs base URL (the VictoriaLogs component's `url`): adds the Grafana logs datasource. */
  victoriaLogsUrl?: pulumi.Input<string>;
  /** The platform's internal CA (PEM): https targets (Vault) are verified against it. */
  internalCaCertificate?: pulumi.Input<string>;
  /** Where receiver and Grafana database secrets come from (Vault through External Secrets). */
  secretStore?: PlatformSecretStore;
  /** Grafana sign-in through the platform's identity provider (generic OAuth). */
  grafanaSso?: GrafanaSso;
}

/** Copy of the internal CA next to the scrapes: VMServiceScrape reads `tlsConfig.ca` from its own namespace. */
export const INTERNAL_CA_SCRAPE_SECRET = "platform-internal-ca";

const argsSchema = z.object({
  context: z.object({
    profile: z.enum(["dev", "staging", "prod"]),
    domain: z.string().min(1, "must not be empty"),
    ingressClassName: z.string().min(1, "must not be empty"),
    clusterIssuer: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null && v !== "", { message: "must be set" }),
  }),
  settings: z.object({ values: z.record(z.string(), z.unknown()).optional(), chartVersion: z.string().optional() }).loose(),
  platformServices: z.partialRecord(z.enum(SERVICE_NAMES), z.string().min(1, "must be a namespace name")),
  scrapeTargetOverrides: z
    .partialRecord(z.enum(SERVICE_NAMES), z.array(scrapeTargetSchema))
    .optional()
    .superRefine((overrides, ctx) => {
      const names = Object.values(overrides ?? {}).flatMap((targets) => targets.map((t) => t.name));
      names.forEach((name, i) => {
        if (names.indexOf(name) < i) ctx.addIssue({ code: "custom", message: `duplicate scrape target name '${name}'` });
      });
    }),
  victoriaLogsUrl: z
    .custom<pulumi.Input<string>>((v) => v === undefined || typeof v === "string" || pulumi.Output.isInstance(v))
    .optional(),
  internalCaCertificate: z
    .custom<pulumi.Input<string>>((v) => v === undefined || typeof v === "string" || pulumi.Output.isInstance(v))
    .optional(),
  secretStore: z
    .object({
      storeName: z.custom<pulumi.Input<string>>((v) => v !== undefined),
      release: z.custom<pulumi.Resource>((v) => pulumi.Resource.isInstance(v)),
    })
    .optional(),
});

/** An in-cluster HTTP endpoint: URL plus the Service behind it. */
export interface ServiceEndpoint {
  name: string;
  namespace: string;
  port: number;
  url: string;
}

/**
 * victoria-metrics-k8s-stack: operator (and CRDs), vmsingle (dev) or vmcluster (staging/prod), vmagent,
 * vmalert, Alertmanager and Grafana behind `grafana.<domain>`; plus VMServiceScrapes and VMRules for
 * every enabled platform service.
 */
export class VictoriaMetrics extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly grafanaUrl: pulumi.Output<string>;
  /** Prometheus remote-write URL (in-cluster). */
  public readonly metricsWriteUrl: pulumi.Output<string>;
  /** Prometheus-compatible query URL (in-cluster), for Grafana and other readers. */
  public readonly metricsReadUrl: pulumi.Output<string>;
  public readonly alertmanager: ServiceEndpoint;
  /** Grafana's admin credentials: a Secret in the monitoring namespace; `password` is a secret output. */
  public readonly grafanaAdmin: {
    secretName: pulumi.Output<string>;
    namespace: pulumi.Output<string>;
    username: string;
    password: pulumi.Output<string>;
  };
  /** `stack` installs the operator CRDs: every VMServiceScrape/VMRule elsewhere must depend on it. */
  public readonly releases: { stack: k8s.helm.v3.Release };
  public readonly scrapes: Record<string, k8s.apiextensions.CustomResource>;
  public readonly rules: Record<string, k8s.apiextensions.CustomResource>;

  constructor(name: string, args: VictoriaMetricsArgs, opts?: pulumi.ComponentResourceOptions) {
    parseComponentArgs("VictoriaMetrics", argsSchema, args);
    const { context, settings } = args;
    const targets: ScrapeTarget[] = (Object.keys(args.platformServices) as ServiceName[]).flatMap(
      (service) =>
        args.scrapeTargetOverrides?.[service] ?? platformScrapeTargets(context.profile, { [service]: args.platformServices[service] }),
    );
    const verified = targets.filter((target) => target.tlsServerName !== undefined).map((target) => target.name);
    if (verified.length > 0 && args.internalCaCertificate === undefined)
      throw new ComponentArgsError("VictoriaMetrics", [
        `internalCaCertificate: required: scrape targets ${verified.join(", ")} serve https from the platform's internal CA (pass CertManager.internalCaCertificate)`,
      ]);
    const receivers = settings.alerting.receivers;
    if (receivers.length > 0 && args.secretStore === undefined)
      throw new ComponentArgsError("VictoriaMetrics", [
        "secretStore: required: alert receivers read their secrets from Vault through External Secrets",
      ]);
    super("delivery-platform:platform:VictoriaMetrics", name, {}, opts);

    const ns = namespace(
      `${name}-namespace`,
      { name: VM_NAMESPACE, podSecurity: "privileged", labels: { "platform.delivery/service": VM_NAMESPACE } },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    const grafanaPassword = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
    const grafanaSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: "grafana-admin", namespace: this.namespace },
        type: "Opaque",
        stringData: { [GRAFANA_ADMIN_USER_KEY]: "admin", [GRAFANA_ADMIN_PASSWORD_KEY]: grafanaPassword.result },
      },
      { parent: this },
    );

    // Typed receivers render a config without secrets; `alertmanagerConfig` is the full-YAML alternative.
    const configText = receivers.length > 0 ? alertmanagerConfig(settings.alerting) : settings.alertmanagerConfig;
    const alertmanagerSecret =
      configText === undefined
        ? undefined
        : new k8s.core.v1.Secret(
            `${name}-alertmanager-config`,
            {
              metadata: { name: "alertmanager-config", namespace: this.namespace },
              type: "Opaque",
              // The operator reads the key alertmanager.yaml (factory/vmalertmanager/statefulset.go).
              stringData: { "alertmanager.yaml": pulumi.secret(configText) },
            },
            { parent: this },
          );
    const receiverSecret =
      args.secretStore && receivers.some((receiver) => receiverSecretKey(receiver) !== undefined)
        ? vaultSyncedSecret(
            `${name}-alertmanager-receivers`,
            { name: RECEIVER_SECRET, namespace: this.namespace, store: args.secretStore, source: { extract: RECEIVER_VAULT_PATH } },
            this,
          )
        : undefined;
    // Grafana's own pods (Helm waits for them) read it: a Secret Pulumi writes, like Harbor's database password.
    const database = settings.grafana.database;
    const grafanaDatabaseSecret =
      database.kind === "postgres"
        ? new k8s.core.v1.Secret(
            `${name}-grafana-database`,
            {
              metadata: { name: GRAFANA_DATABASE_SECRET, namespace: this.namespace },
              type: "Opaque",
              stringData: { GF_DATABASE_PASSWORD: pulumi.secret(database.password) },
            },
            { parent: this },
          )
        : undefined;

    const ssoSecret = args.grafanaSso
      ? new k8s.core.v1.Secret(
          `${name}-grafana-oauth`,
          {
            metadata: { name: GRAFANA_OAUTH_SECRET, namespace: this.namespace },
            type: "Opaque",
            stringData: { [GRAFANA_OAUTH_SECRET_KEY]: pulumi.secret(args.grafanaSso.clientSecret) },
          },
          { parent: this },
        )
      : undefined;
    const ssoValues = args.grafanaSso ? { grafana: grafanaSsoValues(args.grafanaSso) } : undefined;

    // Values must be plain data: resolve every Input the builder embeds (the issuer annotation included).
    const values = pulumi
      .all([context.clusterIssuer, grafanaSecret.metadata.name, alertmanagerSecret?.metadata.name, args.victoriaLogsUrl])
      .apply(([clusterIssuer, grafanaAdminSecret, alertmanagerConfigSecret, victoriaLogsUrl]) =>
        victoriaMetricsValues({ ...context, clusterIssuer }, settings, {
          grafanaAdminSecret,
          alertmanagerConfigSecret,
          victoriaLogsUrl,
          receiverSecret: receiverSecret ? RECEIVER_SECRET : undefined,
          grafanaDatabaseSecret: grafanaDatabaseSecret ? GRAFANA_DATABASE_SECRET : undefined,
        }),
      )
      .apply((built) => (ssoValues ? deepmerge(built, ssoValues) : built));

    const stack = pinnedRelease(
      `${name}-stack`,
      {
        pin: VM_STACK_CHART,
        versionOverride: settings.chartVersion,
        releaseName: VM_RELEASE_NAME,
        namespace: this.namespace,
        values,
        overrides: settings.values,
      },
      // Protected: it owns the metrics volumes (vmsingle/vmstorage) and Grafana's database.
      {
        parent: this,
        protect: true,
        // Not on the receivers' ExternalSecret: the operator's Alertmanager pods wait for it, Helm does not.
        dependsOn: [grafanaSecret, ...[alertmanagerSecret, grafanaDatabaseSecret, ssoSecret].filter((r) => r !== undefined)],
      },
    );
    this.releases = { stack };

    const internalCa = args.internalCaCertificate
      ? new k8s.core.v1.Secret(
          `${name}-internal-ca`,
          {
            metadata: { name: INTERNAL_CA_SCRAPE_SECRET, namespace: this.namespace },
            type: "Opaque",
            // A CA certificate is public; a Secret because VMServiceScrape's tlsConfig.ca reads Secrets.
            stringData: { "ca.crt": args.internalCaCertificate },
          },
          { parent: this },
        )
      : undefined;

    const monitors = platformMonitors(
      name,
      {
        namespace: this.namespace,
        internalCaSecret: internalCa ? INTERNAL_CA_SCRAPE_SECRET : undefined,
        targets,
        alerts: platformAlerts(context.profile, args.platformServices, settings.alerts),
      },
      { parent: this, crdRelease: stack },
    );
    this.scrapes = monitors.scrapes;
    this.rules = monitors.rules;

    const ha = highlyAvailable(context.profile);
    const svc = (kind: string, port: number, path = "") => `http://${kind}-${VM_FULLNAME}.${VM_NAMESPACE}.svc:${port}${path}`;
    // Service names and paths: chart _helpers.tpl vm.prometheus.read / vm.prometheus.write (tenant 0).
    this.metricsReadUrl = pulumi.output(metricsReadAddress(context.profile));
    this.metricsWriteUrl = pulumi.output(
      ha ? svc("vminsert", 8480, "/insert/0/prometheus/api/v1/write") : svc("vmsingle", 8428, "/api/v1/write"),
    );
    this.alertmanager = {
      name: `vmalertmanager-${VM_FULLNAME}`,
      namespace: VM_NAMESPACE,
      port: 9093,
      url: svc("vmalertmanager", 9093),
    };
    this.grafanaUrl = pulumi.output(`https://${hostFor(context, GRAFANA_HOST_PREFIX)}`);
    this.grafanaAdmin = {
      secretName: grafanaSecret.metadata.name,
      namespace: this.namespace,
      username: "admin",
      password: pulumi.secret(grafanaPassword.result),
    };

    this.registerOutputs({
      namespace: this.namespace,
      grafanaUrl: this.grafanaUrl,
      metricsReadUrl: this.metricsReadUrl,
      metricsWriteUrl: this.metricsWriteUrl,
      alertmanager: this.alertmanager,
      grafanaAdmin: this.grafanaAdmin,
    });
  }
}
