import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { PROFILES } from "../../shared/profiles";
import { parseComponentArgs } from "../../validation/issues";
import type { PlatformContext } from "../platform-context";
import type { DatabasePlatform } from "./database-platform";
import { proxyRegistry } from "./backing-service-images";
import { BARMAN_CLOUD_CHART, CLOUDNATIVE_PG_CHART } from "./chart";
import { CLOUDNATIVE_PG_SERVICE } from "./service";
import { cloudnativePgSettings, type CloudnativePgSettings } from "./settings";

export const CLOUDNATIVE_PG_RELEASE = "cnpg";
export const BARMAN_CLOUD_RELEASE = "barman-cloud";

export interface CloudNativePgArgs {
  context: PlatformContext;
  settings: CloudnativePgSettings;
  /** cert-manager's release: the plugin's chart creates an Issuer and Certificates (cert-manager.io CRDs). */
  certManagerRelease?: pulumi.Resource;
  /** Harbor's host, when Harbor runs: the operator's and the sidecar's images come through its proxy cache. */
  registryHost?: string;
}

const argsSchema = z.object({
  context: z.looseObject({ profile: z.enum(PROFILES) }),
  settings: cloudnativePgSettings(),
  certManagerRelease: z.custom<pulumi.Resource | undefined>((v) => v === undefined || pulumi.Resource.isInstance(v)).optional(),
  registryHost: z.string().min(1).optional(),
});

/**
 * The CloudNativePG operator (cluster-wide: it reconciles the Clusters app onboarding creates in
 * app namespaces) and the Barman Cloud plugin beside it, which takes backups and archives WAL to
 * object storage (the in-tree `barmanObjectStore` is deprecated since 1.26 and removed in 1.31:
 * docs/backing-services.md). Two operator replicas outside dev: a lost operator pauses failover.
 */
export class CloudNativePg extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** Installs the postgresql.cnpg.io CRDs: Clusters and ScheduledBackups wait for it. */
  public readonly release: k8s.helm.v3.Release;
  /** Installs the barmancloud.cnpg.io CRD: ObjectStores wait for it. */
  public readonly pluginRelease: k8s.helm.v3.Release;
  /** What app onboarding needs to create databases (OnboardingBackingServices.postgres); undefined without backups or API server settings. */
  public readonly onboarding?: DatabasePlatform;

  constructor(name: string, args: CloudNativePgArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("CloudNativePg", argsSchema, args);
    super("delivery-platform:platform:CloudNativePg", name, {}, opts);
    const ns = namespace(
      `${name}-namespace`,
      {
        name: CLOUDNATIVE_PG_SERVICE.namespace,
        podSecurity: "restricted",
        labels: { "platform.delivery/service": CLOUDNATIVE_PG_SERVICE.namespace, "platform.delivery/profile": parsed.context.profile },
      },
      { parent: this },
    );
    this.namespace = ns.metadata.name;
    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: CLOUDNATIVE_PG_CHART,
        versionOverride: parsed.settings.chartVersion,
        releaseName: CLOUDNATIVE_PG_RELEASE,
        namespace: this.namespace,
        values: {
          replicaCount: parsed.context.profile === "dev" ? 1 : 2,
          // Through Harbor's proxy cache: the instances' bootstrap-controller init container runs this image in app namespaces.
          ...(args.registryHost
            ? { image: { repository: `${proxyRegistry(args.registryHost, "ghcr.io")}/cloudnative-pg/cloudnative-pg` } }
            : {}),
          config: { clusterWide: true },
          monitoring: { podMonitorEnabled: false },
        },
        overrides: parsed.settings.values,
      },
      { parent: this },
    );
    this.pluginRelease = pinnedRelease(
      `${name}-barman-cloud`,
      {
        pin: BARMAN_CLOUD_CHART,
        releaseName: BARMAN_CLOUD_RELEASE,
        namespace: this.namespace,
        // The chart's own self-signed Issuer secures the operator <-> plugin gRPC channel (mutual TLS). The sidecar
        // it injects into instance pods comes through Harbor's proxy cache, as admission in app namespaces requires.
        values: args.registryHost
          ? {
              image: { registry: proxyRegistry(args.registryHost, "ghcr.io") },
              sidecarImage: { registry: proxyRegistry(args.registryHost, "ghcr.io") },
            }
          : {},
      },
      { parent: this, dependsOn: [this.release, ...(args.certManagerRelease ? [args.certManagerRelease] : [])] },
    );
    const { backups, apiServer } = parsed.settings;
    if (backups && apiServer)
      this.onboarding = {
        operatorNamespace: CLOUDNATIVE_PG_SERVICE.namespace,
        crdRelease: this.release,
        pluginCrdRelease: this.pluginRelease,
        image: parsed.settings.postgresImage,
        backup: { bucket: backups.bucket, endpointURL: backups.endpointURL, egress: backups.egress },
        apiServer,
      };
    this.registerOutputs({ namespace: this.namespace });
  }
}
