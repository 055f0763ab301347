import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import type { Provider } from "../../providers/harbor";
import { parseComponentArgs } from "../../validation/issues";
import { PROFILES } from "../../shared/profiles";
import { highlyAvailable, hostFor, type PlatformContext } from "../platform-context";
import { HARBOR_CHART } from "./chart";
import { harborCredentials } from "./credentials";
import { harborIngressCertificate } from "./ingress-certificate";
import { harborMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { HARBOR_SERVICE } from "./service";
import { harborProfileProblems, type HarborSettings } from "./settings";
import type { Upstream } from "./proxy-caches";
import { harborOidcSchema, type HarborOidc } from "./oidc-auth";
import { HarborSystemConfig } from "./system-config";
import { HARBOR_RELEASE, harborValues } from "./values";

export interface HarborArgs {
  context: PlatformContext;
  /** `services.harbor` from the validated stack config. */
  settings: HarborSettings;
  /**
   * Let the Harbor provider skip TLS verification: only when ingress certificates
   * come from a self-signed platform CA that the machine running Pulumi does not trust.
   */
  skipTlsVerify?: boolean;
  /** The release that installs cert-manager's CRDs: the ingress Certificate waits for it. */
  certManagerRelease?: pulumi.Resource;
  /** Single sign-on through the platform's identity provider (components/platform/identity). */
  oidc?: HarborOidc;
}

const argsSchema = z
  .strictObject({
    // Not strict: the shared context may grow without breaking this component.
    context: z.object({
      profile: z.enum(PROFILES),
      domain: z.string().min(1, "must not be empty"),
      ingressClassName: z.string().min(1, "must not be empty"),
      clusterIssuer: z.custom<pulumi.Input<string>>((value) => value !== undefined && value !== null && value !== "", "required"),
    }),
    settings: z.custom<HarborSettings>(
      (value) => typeof value === "object" && value !== null && ["database", "redis", "storage"].every((key) => key in value),
      "must be parsed services.harbor settings",
    ),
    skipTlsVerify: z.boolean().optional(),
    certManagerRelease: z
      .custom<pulumi.Resource>((v) => v === undefined || pulumi.Resource.isInstance(v), "must be the cert-manager release")
      .optional(),
    oidc: harborOidcSchema,
  })
  .superRefine((args, ctx) => {
    for (const problem of harborProfileProblems(args.context.profile, args.settings))
      ctx.addIssue({ code: "custom", path: ["settings", ...problem.path], message: problem.message });
  });

/**
 * Harbor: the platform's registry, with Trivy scanning, ingress TLS from
 * cert-manager, metrics, and proxy caches for Docker Hub, GHCR and Quay.
 */
export class Harbor extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** `https://harbor.<domain>`. */
  public readonly url: string;
  /** Registry host for image references: `harbor.<domain>/<project>/<repository>`. */
  public readonly registryHost: string;
  /** Where the admin password is stored (name and key are not sensitive). */
  public readonly adminPasswordSecret: pulumi.Output<{ name: string; namespace: string; key: string }>;
  public readonly adminPassword: pulumi.Output<string>;
  /** Admin-authenticated Harbor provider, for app onboarding. */
  public readonly provider: Provider;
  /** Upstream registry host → proxy-cache project: pull `docker.io/library/nginx` as `<registryHost>/dockerhub-proxy/library/nginx`. */
  public readonly proxyCacheProjects: pulumi.Output<Record<Upstream, string>>;
  /** The metrics Services of core, registry, jobservice and exporter, as VictoriaMetrics scrapes them. */
  public readonly metrics: MetricsEndpoint[];
  /** Whether Harbor signs users in through the identity provider (OIDC groups become project members). */
  public readonly oidcEnabled: boolean;

  constructor(name: string, args: HarborArgs, opts?: pulumi.ComponentResourceOptions) {
    const { context, settings, skipTlsVerify, certManagerRelease } = parseComponentArgs("Harbor", argsSchema, args);
    super("delivery-platform:platform:Harbor", name, {}, opts);

    this.registryHost = hostFor(context, "harbor");
    this.url = `https://${this.registryHost}`;
    // Deleting the namespace deletes the PVCs the chart keeps (resourcePolicy: keep): protect it while state lives in-cluster.
    const inClusterState = settings.database.kind === "internal" || settings.storage.kind === "filesystem";
    const ns = namespace(
      `${name}-namespace`,
      {
        name: HARBOR_SERVICE.namespace,
        podSecurity: "baseline",
        labels: { "platform.delivery/service": HARBOR_SERVICE.namespace, "platform.delivery/profile": context.profile },
      },
      { parent: this, protect: inClusterState },
    );
    this.namespace = ns.metadata.name;

    const credentials = harborCredentials(name, { namespace: this.namespace, settings }, this);
    const certificate = harborIngressCertificate(
      name,
      {
        namespace: this.namespace,
        host: this.registryHost,
        secretName: credentials.refs.tls,
        issuer: context.clusterIssuer,
        crdRelease: certManagerRelease,
      },
      this,
    );
    const release = pinnedRelease(
      `${name}-release`,
      {
        pin: HARBOR_CHART,
        versionOverride: settings.chartVersion,
        releaseName: HARBOR_RELEASE,
        namespace: this.namespace,
        values: harborValues(context, settings, credentials.refs),
        overrides: settings.values,
      },
      // The chart reads some of these Secrets with `lookup` while rendering; core mounts the certificate's.
      { parent: this, dependsOn: [...credentials.secrets, certificate] },
    );

    const system = new HarborSystemConfig(
      `${name}-system`,
      {
        url: this.url,
        adminPassword: credentials.adminPassword,
        skipTlsVerify: skipTlsVerify ?? false,
        robotNamePrefix: settings.robotNamePrefix,
        schedules: settings.schedules,
        auditLogRetentionHours: settings.auditLogRetentionHours ?? (highlyAvailable(context.profile) ? 8760 : 720),
        dockerHub: settings.dockerHub,
        harborReady: [release],
        oidc: args.oidc,
        verifyIssuerCertificate: !(skipTlsVerify ?? false),
      },
      { parent: this },
    );

    this.adminPassword = credentials.adminPassword;
    this.oidcEnabled = system.oidcAuth !== undefined;
    this.adminPasswordSecret = pulumi.output({
      name: credentials.refs.adminPassword,
      namespace: this.namespace,
      key: "HARBOR_ADMIN_PASSWORD",
    });
    this.provider = system.provider;
    this.proxyCacheProjects = system.proxyCacheProjects;
    this.metrics = harborMetricsEndpoints(this.namespace);

    this.registerOutputs({
      namespace: this.namespace,
      url: this.url,
      registryHost: this.registryHost,
      adminPasswordSecret: this.adminPasswordSecret,
      adminPassword: this.adminPassword,
      proxyCacheProjects: this.proxyCacheProjects,
      metrics: this.metrics,
    });
  }
}
