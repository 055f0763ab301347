import * as pulumi from "@pulumi/pulumi";
import type { Profile } from "../shared/profiles";
import { SERVICE_NAMES, type ServiceName } from "../shared/service-names";
import { victoriaLogsIngestUrls } from "./victoria-logs/values";
import { VICTORIA_LOGS_SERVICE } from "./victoria-logs/service";
import { ArgoCd } from "./argocd/argocd";
import type { PolicyExceptionRecord } from "./release-ledger/dashboard";
import { ReleaseLedgerMonitoring } from "./release-ledger/release-ledger-monitoring";
import { CertManager, PLATFORM_CLUSTER_ISSUER } from "./cert-manager/cert-manager";
import type { TlsSettings } from "./cert-manager/tls-settings";
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT } from "./external-secrets/chart";
import { ExternalSecrets } from "./external-secrets/external-secrets";
import { Harbor } from "./harbor/harbor";
import { expiryAlertRules } from "./harbor/rotating-robot";
import type { IngressSettings } from "./ingress-settings";
import { Kyverno } from "./kyverno/kyverno";
import type { PlatformContext } from "./platform-context";
import { SERVICE_NAMESPACES } from "./service-catalog";
import type { ServicesSettings } from "./services-settings";
import type { PlatformRepository } from "./vault/platform-ci-access";
import { VAULT_LISTENER_TLS } from "./vault/listener-tls";
import { snapshotTarget } from "./vault/raft-snapshot-target";
import { VaultRaftSnapshots } from "./vault/raft-snapshots";
import { Vault } from "./vault/vault";
import { PLATFORM_BACKUP_TARGETS } from "./velero/platform-schedules";
import { Velero } from "./velero/velero";
import { VictoriaLogs } from "./victoria-logs/victoria-logs";
import { vmRule } from "./victoria-metrics/operator-resources";
import { VictoriaMetrics } from "./victoria-metrics/victoria-metrics";

export interface PlatformArgs {
  profile: Profile;
  domain: string;
  ingress: IngressSettings;
  tls: TlsSettings;
  services: ServicesSettings;
  /** GitLab instance whose CI identity tokens Vault trusts. */
  gitlabUrl: string;
  /** This repository on that GitLab: its default-branch pipeline alone reads the platform CI secrets. */
  platformRepository?: PlatformRepository;
  /** Guardrail policies (policies.kyverno.io manifests) the Kyverno component installs. */
  kyvernoPolicies?: pulumi.Input<Record<string, unknown>>[];
  /** The release ledger's dashboard and alerts (docs/release-ledger.md): emergency review period and the exception records. */
  releaseLedger?: { reviewDueDays?: number; exceptions: readonly PolicyExceptionRecord[] };
}

// App onboarding reads the namespace table from here (components/onboarding/platform-onboarding-context.ts).

/** External Secrets' controller identity, which Vault's `external-secrets` Kubernetes auth role binds to. */
const EXTERNAL_SECRETS_IDENTITY = { serviceAccountName: EXTERNAL_SECRETS_SERVICE_ACCOUNT, namespace: SERVICE_NAMESPACES.externalSecrets };

/**
 * The platform services on one cluster, in the profile's shape. Services are
 * independent Helm releases that install concurrently; only real consumers wait
 * (a custom resource for the release that installs its CRD, the External
 * Secrets store for Vault's address). Ingresses name the ClusterIssuer as a
 * plain string, so no service waits for cert-manager.
 */
export class Platform extends pulumi.ComponentResource {
  public readonly context: PlatformContext;
  public readonly certManager?: CertManager;
  public readonly vault?: Vault;
  public readonly externalSecrets?: ExternalSecrets;
  public readonly harbor?: Harbor;
  public readonly argocd?: ArgoCd;
  public readonly kyverno?: Kyverno;
  public readonly victoriaLogs?: VictoriaLogs;
  public readonly victoriaMetrics?: VictoriaMetrics;
  public readonly velero?: Velero;
  /** Scheduled raft snapshots (outside dev, once Vault is configured). */
  public readonly vaultSnapshots?: VaultRaftSnapshots;
  /** Namespace of every enabled service. */
  public readonly namespaces: Partial<Record<ServiceName, pulumi.Output<string>>>;
  /** Public URLs of the services that have a UI or API. */
  public readonly urls: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: PlatformArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:Platform", name, {}, opts);
    const { services } = args;
    const context: PlatformContext = {
      profile: args.profile,
      domain: args.domain,
      ingressClassName: args.ingress.className,
      clusterIssuer: PLATFORM_CLUSTER_ISSUER,
    };
    this.context = context;
    const child = { parent: this };
    const enabled = SERVICE_NAMES.filter((service) => services[service].enabled);

    if (services.certManager.enabled) {
      this.certManager = new CertManager("cert-manager", { context, tls: args.tls, settings: services.certManager }, child);
    }
    if (services.vault.enabled) {
      this.vault = new Vault(
        "vault",
        {
          context,
          settings: services.vault,
          gitlabUrl: args.gitlabUrl,
          externalSecrets: services.externalSecrets.enabled ? EXTERNAL_SECRETS_IDENTITY : undefined,
          platformRepository: args.platformRepository,
          listenerTls:
            VAULT_LISTENER_TLS[args.profile] && this.certManager
              ? {
                  issuer: this.certManager.internalIssuer,
                  caCertificate: this.certManager.internalCaCertificate,
                  crdRelease: this.certManager.release,
                }
              : undefined,
        },
        child,
      );
    }
    if (services.externalSecrets.enabled && this.vault) {
      this.externalSecrets = new ExternalSecrets(
        "external-secrets",
        {
          context,
          vaultAddress: this.vault.inClusterAddress,
          kvMountPath: this.vault.kvMountPath,
          kubernetesAuthMountPath: this.vault.kubernetesAuthPath,
          role: this.vault.externalSecretsRole ?? "external-secrets",
          audiences: [this.vault.externalSecretsAudience],
          vaultCaCertificate: this.vault.caCertificate,
          // Platform services only: what the store reads (platform/services/*) is theirs.
          consumerNamespaces: enabled.map((service) => SERVICE_NAMESPACES[service]),
          settings: services.externalSecrets,
        },
        child,
      );
    }
    if (services.harbor.enabled) {
      // The machine running Pulumi does not trust the self-signed platform CA.
      this.harbor = new Harbor(
        "harbor",
        {
          context,
          settings: services.harbor,
          skipTlsVerify: args.tls.issuer === "self-signed",
          certManagerRelease: this.certManager?.release,
        },
        child,
      );
    }
    // Sync events go to every VictoriaLogs replica (release ledger, components/platform/argocd/sync-events.ts).
    const syncEventUrls = services.victoriaLogs.enabled ? victoriaLogsIngestUrls(context, VICTORIA_LOGS_SERVICE.namespace) : undefined;
    if (services.argocd.enabled)
      this.argocd = new ArgoCd("argocd", { context, settings: services.argocd, ...(syncEventUrls ? { syncEventUrls } : {}) }, child);
    if (services.kyverno.enabled) {
      this.kyverno = new Kyverno("kyverno", { context, settings: services.kyverno, policies: args.kyvernoPolicies }, child);
    }
    if (services.victoriaLogs.enabled)
      this.victoriaLogs = new VictoriaLogs("victoria-logs", { context, settings: services.victoriaLogs }, child);

    if (services.victoriaMetrics.enabled) {
      this.victoriaMetrics = new VictoriaMetrics(
        "victoria-metrics",
        {
          context,
          settings: services.victoriaMetrics,
          platformServices: Object.fromEntries(enabled.map((service) => [service, SERVICE_NAMESPACES[service]])),
          victoriaLogsUrl: this.victoriaLogs?.url,
          internalCaCertificate: this.certManager?.internalCaCertificate,
          secretStore: this.externalSecrets && { storeName: this.externalSecrets.storeName, release: this.externalSecrets.release },
        },
        child,
      );
      // The release ledger's dashboard and alerts; the LogsQL rules need VictoriaLogs as vmalert's logs datasource.
      new ReleaseLedgerMonitoring(
        "release-ledger",
        {
          namespace: this.victoriaMetrics.namespace,
          stackRelease: this.victoriaMetrics.releases.stack,
          ...(this.victoriaLogs && args.releaseLedger?.reviewDueDays !== undefined
            ? { reviewDueDays: args.releaseLedger.reviewDueDays }
            : {}),
          exceptions: args.releaseLedger?.exceptions ?? [],
        },
        child,
      );
    }
    if (services.velero.enabled) {
      const backedUp = PLATFORM_BACKUP_TARGETS.filter((service) => services[service].enabled);
      this.velero = new Velero(
        "velero",
        {
          context,
          settings: services.velero,
          platformNamespaces: Object.fromEntries(backedUp.map((service) => [service, SERVICE_NAMESPACES[service]])),
        },
        child,
      );
    }

    const target = this.vault?.provider && this.externalSecrets && this.harbor ? snapshotTarget(args.profile, services) : undefined;
    if (target && this.vault?.provider && this.externalSecrets && this.harbor) {
      this.vaultSnapshots = new VaultRaftSnapshots(
        "vault-snapshots",
        {
          namespace: SERVICE_NAMESPACES.vault,
          schedule: services.vault.snapshots.schedule,
          retentionDays: services.vault.snapshots.retentionDays,
          target: target.bucket,
          credentials: target.credentials,
          vault: { provider: this.vault.provider, kvMountPath: this.vault.kvMountPath, kubernetesAuthPath: this.vault.kubernetesAuthPath },
          externalSecrets: { storeName: this.externalSecrets.storeName, release: this.externalSecrets.release },
          registry: {
            host: this.harbor.registryHost,
            dockerHubProxy: this.harbor.proxyCacheProjects.apply((projects) => projects["docker.io"]),
            provider: this.harbor.provider,
          },
        },
        child,
      );
      if (this.victoriaMetrics)
        vmRule(
          "vault-snapshots-robot-alerts",
          {
            name: "platform-vault-snapshot-robot",
            namespace: this.victoriaMetrics.namespace,
            labels: { "platform.delivery/monitoring": "platform" },
            spec: {
              groups: [
                {
                  name: "platform-vault-snapshot-robot",
                  rules: expiryAlertRules("vault-raft-snapshot", [{ role: "pull", robot: this.vaultSnapshots.pullRobot }]),
                },
              ],
            },
          },
          { parent: this.vaultSnapshots, dependsOn: [this.victoriaMetrics.releases.stack] },
        );
    }

    const components: Partial<Record<ServiceName, { namespace: pulumi.Output<string> }>> = {
      certManager: this.certManager,
      externalSecrets: this.externalSecrets,
      harbor: this.harbor,
      argocd: this.argocd,
      kyverno: this.kyverno,
      vault: this.vault,
      victoriaMetrics: this.victoriaMetrics,
      victoriaLogs: this.victoriaLogs,
      velero: this.velero,
    };
    this.namespaces = Object.fromEntries(
      Object.entries(components).flatMap(([service, component]) => (component ? [[service, component.namespace]] : [])),
    );
    this.urls = Object.fromEntries(
      [
        ["harbor", this.harbor && pulumi.output(this.harbor.url)],
        ["argocd", this.argocd && pulumi.output(this.argocd.url)],
        ["vault", this.vault?.address],
        ["grafana", this.victoriaMetrics?.grafanaUrl],
      ].filter((entry): entry is [string, pulumi.Output<string>] => entry[1] !== undefined),
    );
    this.registerOutputs({ namespaces: this.namespaces, urls: this.urls });
  }
}
