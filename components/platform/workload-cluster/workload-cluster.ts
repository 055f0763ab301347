import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type * as vault from "@pulumi/vault";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import { EXTERNAL_SECRETS_CHART, EXTERNAL_SECRETS_RELEASE } from "../external-secrets/chart";
import { EXTERNAL_SECRETS_SERVICE } from "../external-secrets/service";
import { externalSecretsValues } from "../external-secrets/values";
import { Kyverno } from "../kyverno/kyverno";
import type { PlatformContext } from "../platform-context";
import type { ServicesSettings } from "../services-settings";
import { VELERO_SERVICE } from "../velero/service";
import { Velero } from "../velero/velero";
import { VL_COLLECTOR_CHART, VL_COLLECTOR_RELEASE_NAME } from "../victoria-logs/chart";
import { remoteCollectorValues } from "../victoria-logs/remote-collector-values";
import { VICTORIA_LOGS_SERVICE } from "../victoria-logs/service";
import { workloadAgentValues } from "../victoria-metrics/agent-values";
import { VM_RELEASE_NAME, VM_STACK_CHART } from "../victoria-metrics/chart";
import { VICTORIA_METRICS_SERVICE } from "../victoria-metrics/service";
import type { TelemetryCredentials } from "../victoria-metrics/telemetry-gateway";
import { clusterKubernetesAuth } from "./vault-kubernetes-auth";
import { workloadServices, type WorkloadService } from "./workload-services";

export interface WorkloadClusterArgs {
  context: PlatformContext;
  /** The cluster's Argo CD registration (`services.argocd.clusters[]`): Vault reviews tokens at `server` with `caData`. */
  cluster: { name: string; server: string; caData: string };
  /** The platform's services settings: a service runs here when it is enabled for the platform. */
  services: Pick<ServicesSettings, "externalSecrets" | "kyverno" | "victoriaMetrics" | "victoriaLogs" | "velero">;
  /** The guardrail policies the platform's Kyverno installs: the same on every cluster. */
  admissionPolicies?: pulumi.Input<Record<string, unknown>>[];
  /** The platform's configured Vault: its provider creates this cluster's auth mount; its external address serves ESO here. */
  vault?: { provider: vault.Provider; address: pulumi.Input<string> };
  /** This cluster's credentials at the platform's telemetry gateway; without them no agents are installed. */
  telemetry?: TelemetryCredentials;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const argsSchema = z.object({
  context: z.looseObject({ profile: z.enum(["dev", "staging", "prod"]) }),
  cluster: z.strictObject({
    name: z.string().max(50, "must be at most 50 characters").regex(DNS_LABEL, "must be a DNS-1123 label"),
    server: z.url({ protocol: /^https$/, message: "must be the API server's https URL" }),
    caData: z.base64("must be base64-encoded PEM (kubeconfig's certificate-authority-data)"),
  }),
  services: z.looseObject({}),
  admissionPolicies: z.array(z.unknown()).optional(),
  vault: z
    .object({
      provider: z.custom<vault.Provider>((v) => pulumi.CustomResource.isInstance(v), "must be the platform's Vault provider"),
      address: z.custom<pulumi.Input<string>>((v) => typeof v === "string" || pulumi.Output.isInstance(v), "required"),
    })
    .optional(),
  telemetry: z
    .object({ url: z.url({ protocol: /^https$/ }), username: z.string().min(1), logs: z.boolean() })
    .loose()
    .optional(),
});

/** The Secret with this cluster's gateway credentials, in the agents' namespaces. */
const GATEWAY_SECRET = { name: "telemetry-gateway", usernameKey: "username", passwordKey: "password" } as const;

/**
 * What a cluster other than the platform's runs so that apps there get what they get on the
 * platform's cluster: External Secrets (with its own Vault Kubernetes auth mount, since the cluster
 * has its own service-account issuer), Kyverno with the guardrail policies, the metrics agent and
 * rule evaluation (vmagent, vmalert) and the log collector shipping to the platform's
 * VictoriaMetrics and VictoriaLogs through the telemetry gateway, and Velero backing up its
 * production namespaces. Each reuses the platform service's chart pin and values builder (or its
 * component) with the same namespace, so app objects find them where they would on the platform.
 * Pass the cluster's Kubernetes provider in `opts.providers`: every child inherits it.
 */
export class WorkloadCluster extends pulumi.ComponentResource {
  public readonly name: string;
  /** What runs here, in docs/multi-cluster.md's words. */
  public readonly services: WorkloadService[];
  public readonly kyverno?: Kyverno;
  public readonly velero?: Velero;
  public readonly releases: { externalSecrets?: k8s.helm.v3.Release; metrics?: k8s.helm.v3.Release; logs?: k8s.helm.v3.Release };
  /** Vault's Kubernetes auth mount for this cluster's service accounts (when Vault is configured). */
  public readonly kubernetesAuthPath?: pulumi.Output<string>;
  /** What app onboarding needs about this cluster (OnboardingContext.clusters[<name>]). */
  public readonly onboarding?: {
    kubernetesAuthPath: pulumi.Output<string>;
    vaultAddress: pulumi.Input<string>;
    externalSecrets: { release?: pulumi.Resource };
    admission?: { crdRelease: pulumi.Resource };
    monitoring?: { namespace: string; crdRelease: pulumi.Resource };
    backup?: { namespace: string; crdRelease: pulumi.Resource };
  };

  constructor(name: string, args: WorkloadClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const { cluster } = parseComponentArgs(`WorkloadCluster ${name}`, argsSchema, args);
    super("delivery-platform:platform:WorkloadCluster", name, {}, opts);
    const { context, services, telemetry } = args;
    const child = { parent: this };
    this.name = cluster.name;
    const labels = (service: string) => ({ "platform.delivery/service": service, "platform.delivery/profile": context.profile });
    this.releases = {};

    if (services.externalSecrets.enabled) {
      const ns = namespace(
        `${name}-external-secrets-namespace`,
        { name: EXTERNAL_SECRETS_SERVICE.namespace, podSecurity: "restricted", labels: labels(EXTERNAL_SECRETS_SERVICE.namespace) },
        child,
      );
      this.releases.externalSecrets = pinnedRelease(
        `${name}-external-secrets`,
        {
          pin: EXTERNAL_SECRETS_CHART,
          versionOverride: services.externalSecrets.chartVersion,
          releaseName: EXTERNAL_SECRETS_RELEASE,
          namespace: ns.metadata.name,
          values: externalSecretsValues(context, services.externalSecrets),
          overrides: services.externalSecrets.values,
        },
        child,
      );
      if (args.vault)
        this.kubernetesAuthPath = clusterKubernetesAuth(
          name,
          { cluster, namespace: ns.metadata.name, vaultProvider: args.vault.provider },
          this,
        );
    }

    if (services.kyverno.enabled)
      this.kyverno = new Kyverno(`${name}-kyverno`, { context, settings: services.kyverno, policies: args.admissionPolicies }, child);

    const monitoringNamespace = VICTORIA_METRICS_SERVICE.namespace;
    if (services.victoriaMetrics.enabled && telemetry) {
      const ns = namespace(
        `${name}-monitoring-namespace`,
        // privileged: the node exporter reads host metrics (as on the platform's cluster).
        { name: monitoringNamespace, podSecurity: "privileged", labels: labels(monitoringNamespace) },
        child,
      );
      const secret = this.gatewaySecret(`${name}-monitoring-gateway`, ns.metadata.name, telemetry);
      this.releases.metrics = pinnedRelease(
        `${name}-metrics`,
        {
          pin: VM_STACK_CHART,
          versionOverride: services.victoriaMetrics.chartVersion,
          releaseName: VM_RELEASE_NAME,
          namespace: ns.metadata.name,
          values: workloadAgentValues(context, {
            cluster: cluster.name,
            gatewayUrl: telemetry.url,
            credentials: {
              secretName: GATEWAY_SECRET.name,
              usernameKey: GATEWAY_SECRET.usernameKey,
              passwordKey: GATEWAY_SECRET.passwordKey,
            },
          }),
        },
        { parent: this, dependsOn: [secret] },
      );
    }

    const collector = services.victoriaLogs.collector;
    if (services.victoriaLogs.enabled && collector.enabled && telemetry?.logs) {
      const logging = VICTORIA_LOGS_SERVICE.namespace;
      // privileged: the collector reads container logs from host paths (as on the platform's cluster).
      const ns = namespace(`${name}-logging-namespace`, { name: logging, podSecurity: "privileged", labels: labels(logging) }, child);
      const secret = this.gatewaySecret(`${name}-logging-gateway`, ns.metadata.name, telemetry);
      this.releases.logs = pinnedRelease(
        `${name}-log-collector`,
        {
          pin: VL_COLLECTOR_CHART,
          versionOverride: collector.chartVersion,
          releaseName: VL_COLLECTOR_RELEASE_NAME,
          namespace: ns.metadata.name,
          values: remoteCollectorValues(context, {
            gatewayUrl: telemetry.url,
            credentials: { secretName: GATEWAY_SECRET.name, username: telemetry.username, passwordKey: GATEWAY_SECRET.passwordKey },
          }),
          overrides: collector.values,
        },
        { parent: this, dependsOn: [secret] },
      );
    }

    if (services.velero.enabled)
      this.velero = new Velero(`${name}-velero`, { context, settings: ownBackupLocation(services.velero, cluster.name) }, child);

    this.services = workloadServices(cluster.name, {
      externalSecrets: this.releases.externalSecrets !== undefined,
      vaultAuth: this.kubernetesAuthPath !== undefined,
      kyverno: this.kyverno !== undefined,
      policies: args.admissionPolicies?.length ?? 0,
      metrics: this.releases.metrics !== undefined,
      logs: this.releases.logs !== undefined,
      velero: this.velero !== undefined,
    });

    if (this.kubernetesAuthPath && args.vault)
      this.onboarding = {
        kubernetesAuthPath: this.kubernetesAuthPath,
        vaultAddress: args.vault.address,
        externalSecrets: { release: this.releases.externalSecrets },
        admission: this.kyverno && { crdRelease: this.kyverno.release },
        monitoring: this.releases.metrics && { namespace: monitoringNamespace, crdRelease: this.releases.metrics },
        backup: this.velero && { namespace: VELERO_SERVICE.namespace, crdRelease: this.velero.release },
      };

    this.registerOutputs({ name: this.name, services: this.services, kubernetesAuthPath: this.kubernetesAuthPath });
  }

  /** The gateway credentials as a Secret in one of this cluster's agent namespaces. */
  private gatewaySecret(resourceName: string, ns: pulumi.Output<string>, telemetry: TelemetryCredentials): k8s.core.v1.Secret {
    return new k8s.core.v1.Secret(
      resourceName,
      {
        metadata: { name: GATEWAY_SECRET.name, namespace: ns, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        type: "Opaque",
        stringData: { [GATEWAY_SECRET.usernameKey]: telemetry.username, [GATEWAY_SECRET.passwordKey]: pulumi.secret(telemetry.password) },
      },
      { parent: this },
    );
  }
}

/**
 * Velero's settings for this cluster: the platform's backup store, under a key prefix of its own.
 * Velero syncs every backup it finds at its location into its cluster, so two clusters sharing
 * one prefix would each list (and could restore or expire) the other's backups.
 */
export function ownBackupLocation(settings: ServicesSettings["velero"], cluster: string): ServicesSettings["velero"] {
  if (settings.storage.kind !== "s3") return settings;
  const prefix = [settings.storage.prefix?.replace(/\/+$/, ""), "clusters", cluster].filter((p) => p !== undefined && p !== "").join("/");
  return { ...settings, storage: { ...settings.storage, prefix } };
}
