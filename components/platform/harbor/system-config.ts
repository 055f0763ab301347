import * as pulumi from "@pulumi/pulumi";
import {
  type ConfigAuth,
  ConfigSystem,
  GarbageCollection,
  InterrogationServices,
  Project,
  Provider,
  PurgeAuditLog,
  Registry,
  RetentionPolicy,
} from "../../providers/harbor";
import { harborOidcAuth, type HarborOidc } from "./oidc-auth";
import { PROXY_CACHES, type Upstream } from "./proxy-caches";

/** Harbor registers its bundled Trivy adapter under this name (goharbor/harbor src/core/main.go). */
export const TRIVY_SCANNER = "Trivy";

export interface HarborSystemConfigArgs {
  /** `https://harbor.<domain>`. */
  url: string;
  adminPassword: pulumi.Input<string>;
  /** Skip TLS verification (only for a self-signed platform CA the deploying machine does not trust). */
  skipTlsVerify: boolean;
  robotNamePrefix: string;
  schedules: { garbageCollection: string; scanAll: string; auditLogPurge: string };
  /** Hours audit log entries are kept; the purge job deletes older ones. */
  auditLogRetentionHours: number;
  /** Docker Hub login for the proxy cache; anonymous pulls are rate-limited. */
  dockerHub?: { username: string; accessToken: pulumi.Input<string> };
  /** What must be up before Harbor's API answers (the Helm release). */
  harborReady: pulumi.Resource[];
  /** Days a cached image is kept after its last pull. */
  cacheRetentionDays?: number;
  /** Sign-in through the platform's identity provider (Harbor's auth mode becomes oidc_auth). */
  oidc?: HarborOidc;
  /** Whether Harbor verifies the issuer's certificate (false only with the self-signed platform CA). */
  verifyIssuerCertificate?: boolean;
}

/**
 * Proxy caches scan but never block on severity (docs/services/harbor.md, "Proxy caches"): with
 * deployment security a proxied image is refused (HTTP 412) until Harbor has scanned it and for
 * ever if any HIGH finding exists, which is nearly every Debian-based image (the pipelines' test
 * and git images). The control for what ships is the pipeline's own Trivy gate on the app image and
 * deployment security on the app's project; the caches' findings stay visible in Harbor.
 */
export const PROXY_CACHE_SECURITY = { vulnerabilityScanning: true } as const;

/**
 * Harbor's own configuration, through the Harbor API: system settings, the
 * default scanner and scan-all schedule, garbage collection, audit log retention, and proxy-cache
 * projects so that workloads pull public images only through Harbor.
 */
export class HarborSystemConfig extends pulumi.ComponentResource {
  /** Admin-authenticated provider, for app onboarding (projects, robot accounts). */
  public readonly provider: Provider;
  /** Upstream registry host → Harbor project that caches it. */
  public readonly proxyCacheProjects: pulumi.Output<Record<Upstream, string>>;
  /** Harbor's OIDC auth mode, when single sign-on is on. */
  public readonly oidcAuth?: ConfigAuth;

  constructor(name: string, args: HarborSystemConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:HarborSystemConfig", name, {}, opts);

    this.provider = new Provider(
      `${name}-provider`,
      {
        url: args.url,
        // An admin user: robot accounts cannot manage system settings or other robots.
        username: "admin",
        password: args.adminPassword,
        insecure: args.skipTlsVerify,
        robotPrefix: args.robotNamePrefix,
      },
      { parent: this, dependsOn: args.harborReady },
    );
    const harbor: pulumi.CustomResourceOptions = { parent: this, provider: this.provider, dependsOn: args.harborReady };

    new ConfigSystem(`${name}-system`, { projectCreationRestriction: "adminonly", robotNamePrefix: args.robotNamePrefix }, harbor);
    if (args.oidc) this.oidcAuth = harborOidcAuth(`${name}-oidc-auth`, args.oidc, harbor, args.verifyIssuerCertificate ?? true);
    new InterrogationServices(
      `${name}-scanning`,
      { defaultScanner: TRIVY_SCANNER, vulnerabilityScanPolicy: args.schedules.scanAll },
      harbor,
    );
    new GarbageCollection(`${name}-gc`, { schedule: args.schedules.garbageCollection, deleteUntagged: true, workers: 1 }, harbor);
    // Without a purge job the audit log grows forever and has no stated retention (docs/compliance.md).
    new PurgeAuditLog(
      `${name}-audit-log-purge`,
      { schedule: args.schedules.auditLogPurge, auditRetentionHour: args.auditLogRetentionHours, includeOperations: "create,delete,pull" },
      harbor,
    );

    const projects = {} as Record<Upstream, pulumi.Output<string>>;
    for (const [upstream, cache] of Object.entries(PROXY_CACHES) as [Upstream, (typeof PROXY_CACHES)[Upstream]][]) {
      const credentials =
        upstream === "docker.io" && args.dockerHub ? { accessId: args.dockerHub.username, accessSecret: args.dockerHub.accessToken } : {};
      const registry = new Registry(
        `${name}-${cache.project}-upstream`,
        { name: upstream, providerName: cache.providerName, endpointUrl: cache.endpointUrl, ...credentials },
        harbor,
      );
      const project = new Project(
        `${name}-${cache.project}`,
        { name: cache.project, public: false, registryId: registry.registryId, ...PROXY_CACHE_SECURITY },
        // Holds every cached image: deleting it would send every pull upstream at once.
        // registryId may be unknown at preview, so the order is also stated explicitly.
        { ...harbor, protect: true, dependsOn: [...args.harborReady, registry] },
      );
      new RetentionPolicy(
        `${name}-${cache.project}-retention`,
        {
          scope: project.id,
          rules: [{ repoMatching: "**", tagMatching: "**", nDaysSinceLastPull: args.cacheRetentionDays ?? 30 }],
          schedule: "0 0 4 * * *",
        },
        harbor,
      );
      projects[upstream] = project.name;
    }
    this.proxyCacheProjects = pulumi.output(projects);

    this.registerOutputs({ proxyCacheProjects: this.proxyCacheProjects });
  }
}
