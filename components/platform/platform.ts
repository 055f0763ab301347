import * as pulumi from "@pulumi/pulumi";
import deepmerge from "deepmerge";
import * as grafana from "@pulumiverse/grafana";
import * as vault from "@pulumi/vault";
import type { Profile } from "../shared/profiles";
import { SERVICE_NAMES, type ServiceName } from "../shared/service-names";
import { ArgoRollouts } from "./argo-rollouts/argo-rollouts";
import { victoriaLogsIngestUrls } from "./victoria-logs/values";
import { VICTORIA_LOGS_SERVICE } from "./victoria-logs/service";
import { ArgoCd } from "./argocd/argocd";
import type { PolicyExceptionRecord } from "./release-ledger/dashboard";
import { ReleaseLedgerMonitoring } from "./release-ledger/release-ledger-monitoring";
import { CertManager, PLATFORM_CLUSTER_ISSUER } from "./cert-manager/cert-manager";
import { CloudNativePg } from "./cloudnative-pg/cloudnative-pg";
import type { TlsSettings } from "./cert-manager/tls-settings";
import { EXTERNAL_SECRETS_SERVICE_ACCOUNT } from "./external-secrets/chart";
import { ExternalSecrets } from "./external-secrets/external-secrets";
import { Harbor } from "./harbor/harbor";
import { BreakGlass, type BreakGlassCredential } from "./identity/break-glass";
import { GROUPS_CLAIM } from "./identity/clients";
import { Identity } from "./identity/identity";
import { expiryAlertRules } from "./harbor/rotating-robot";
import type { IngressSettings } from "./ingress-settings";
import { Kyverno } from "./kyverno/kyverno";
import type { PlatformContext } from "./platform-context";
import { SERVICE_NAMESPACES } from "./service-catalog";
import type { ServicesSettings } from "./services-settings";
import type { PlatformRepository } from "./vault/platform-ci-access";
import { VAULT_LISTENER_TLS } from "./vault/listener-tls";
import { TrivyOperator } from "./trivy-operator/trivy-operator";
import { snapshotTarget } from "./vault/raft-snapshot-target";
import { VaultRaftSnapshots } from "./vault/raft-snapshots";
import { IDENTITY_CLIENTS_PATH, OIDC_AUTH_PATH, VaultOidcAuth } from "./vault/oidc-auth";
import { Vault } from "./vault/vault";
import { vmagentImportUrl } from "./restore-drills/names";
import { RestoreDrills } from "./restore-drills/restore-drills";
import type { DrillTarget } from "./restore-drills/restore-spec";
import { resolvedDrillSettings } from "./restore-drills/settings";
import { PLATFORM_BACKUP_TARGETS } from "./velero/platform-schedules";
import { Velero } from "./velero/velero";
import { VictoriaLogs } from "./victoria-logs/victoria-logs";
import { vmRule } from "./victoria-metrics/operator-resources";
import { VM_FULLNAME } from "./victoria-metrics/chart";
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
  /** Restore drills of the backed-up app namespaces on this cluster (stacks/restore-drill-targets.ts). */
  restoreDrills?: DrillTarget[];
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
  /** Single sign-on: Keycloak and its platform realm, or an external issuer (docs/identity.md). */
  public readonly identity?: Identity;
  /** Vault's OIDC auth method (humans), once both Vault and the identity provider are configured. */
  public readonly vaultOidc?: VaultOidcAuth;
  /** Break-glass credentials sealed in Vault, and the alert on their reads. */
  public readonly breakGlass?: BreakGlass;
  /** Grafana's API as its local admin (team folders); only with single sign-on. */
  public readonly grafanaProvider?: grafana.Provider;
  /** The vulnerability inventory (needs VictoriaMetrics for its rules). */
  public readonly trivyOperator?: TrivyOperator;
  /** Scheduled restore drills (outside dev by default; services.velero.drills). */
  public readonly restoreDrills?: RestoreDrills;
  public readonly cloudnativePg?: CloudNativePg;
  public readonly argoRollouts?: ArgoRollouts;
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
    if (services.identity.enabled)
      this.identity = new Identity(
        "identity",
        { context, settings: services.identity, gitlabUrl: args.gitlabUrl, vaultOidcPath: OIDC_AUTH_PATH },
        child,
      );
    const identity = this.identity;
    const sso = (tool: "argocd" | "harbor" | "grafana" | "vault") => {
      const client = identity?.clients[tool];
      return identity && client?.clientSecret
        ? { issuer: identity.issuer, clientId: client.clientId, clientSecret: client.clientSecret }
        : undefined;
    };
    const adminGroups = identity?.adminGroups ?? [];
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
          oidc: sso("harbor") && { ...sso("harbor")!, groupsClaim: GROUPS_CLAIM, adminGroup: adminGroups[0] ?? "platform-admins" },
        },
        child,
      );
    }
    // Sync events go to every VictoriaLogs replica (release ledger, components/platform/argocd/sync-events.ts).
    const syncEventUrls = services.victoriaLogs.enabled ? victoriaLogsIngestUrls(context, VICTORIA_LOGS_SERVICE.namespace) : undefined;
    if (services.argocd.enabled) {
      // An explicit services.argocd.oidc wins; otherwise Argo CD trusts the platform realm.
      const argocdSso = sso("argocd");
      const argocd =
        services.argocd.oidc === undefined && argocdSso
          ? {
              ...services.argocd,
              oidc: { name: "SSO", ...argocdSso, requestedScopes: ["openid", "profile", "email"], groupsClaim: GROUPS_CLAIM },
              // Argo CD's own session token (default 24 h) ends with the realm's session; explicit values still win.
              values: deepmerge(
                { configs: { cm: { "users.session.duration": `${services.identity.sessions.maxHours}h` } } },
                services.argocd.values ?? {},
              ),
            }
          : services.argocd;
      this.argocd = new ArgoCd("argocd", { context, settings: argocd, ...(syncEventUrls ? { syncEventUrls } : {}) }, child);
    }
    if (services.kyverno.enabled) {
      this.kyverno = new Kyverno("kyverno", { context, settings: services.kyverno, policies: args.kyvernoPolicies }, child);
    }
    if (services.victoriaLogs.enabled)
      this.victoriaLogs = new VictoriaLogs("victoria-logs", { context, settings: services.victoriaLogs }, child);

    if (services.argoRollouts.enabled)
      this.argoRollouts = new ArgoRollouts("argo-rollouts", { context, settings: services.argoRollouts }, child);

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
          grafanaSso: sso("grafana") && {
            ...sso("grafana")!,
            groupsClaim: GROUPS_CLAIM,
            adminGroups,
            // prod: the local admin is break-glass only (its password sealed in Vault).
            localLogin: args.profile !== "prod",
          },
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
    if (this.victoriaMetrics && identity) {
      const admin = this.victoriaMetrics.grafanaAdmin;
      this.grafanaProvider = new grafana.Provider(
        "grafana",
        {
          url: this.victoriaMetrics.grafanaUrl,
          auth: pulumi.secret(pulumi.interpolate`${admin.username}:${admin.password}`),
          insecureSkipVerify: args.tls.issuer === "self-signed",
        },
        { parent: this, dependsOn: [this.victoriaMetrics.releases.stack] },
      );
    }
    const vaultSso = sso("vault");
    if (this.vault?.provider && vaultSso)
      this.vaultOidc = new VaultOidcAuth(
        "vault-oidc",
        {
          ...vaultSso,
          groupsClaim: GROUPS_CLAIM,
          address: `https://vault.${args.domain}`,
          kvMountPath: "secret",
          adminGroups,
        },
        { parent: this, provider: this.vault.provider },
      );
    // GitLab takes OIDC as an instance setting (docs/identity.md): its generated client waits in Vault for the GitLab admin.
    const gitlabClient = identity?.clients.gitlab;
    if (this.vault?.provider && identity && gitlabClient?.clientSecret)
      new vault.kv.SecretV2(
        "identity-gitlab-client",
        {
          mount: this.vault.kvMountPath,
          name: `${IDENTITY_CLIENTS_PATH}/gitlab`,
          dataJson: pulumi.secret(
            pulumi
              .output(gitlabClient.clientSecret)
              .apply((secret) => JSON.stringify({ issuer: identity.issuer, client_id: gitlabClient.clientId, client_secret: secret })),
          ),
        },
        { parent: this, provider: this.vault.provider, protect: true },
      );
    if (this.vault?.provider && identity) {
      const credentials: BreakGlassCredential[] = [
        ...(identity.breakGlass
          ? [{ tool: "keycloak", ...identity.breakGlass, opens: "Keycloak master realm admin console (sso host /admin/master/console)" }]
          : []),
        ...(this.harbor
          ? [
              {
                tool: "harbor",
                username: "admin",
                password: this.harbor.adminPassword,
                opens: "Harbor's local admin (the only local account in OIDC mode)",
              },
            ]
          : []),
        ...(this.victoriaMetrics
          ? [
              {
                tool: "grafana",
                username: this.victoriaMetrics.grafanaAdmin.username,
                password: this.victoriaMetrics.grafanaAdmin.password,
                opens: "Grafana's local admin (basic auth; the login form is off in prod)",
              },
            ]
          : []),
      ];
      this.breakGlass = new BreakGlass(
        "break-glass",
        {
          kvMountPath: this.vault.kvMountPath,
          credentials,
          alerting: this.victoriaMetrics && { namespace: this.victoriaMetrics.namespace, crdRelease: this.victoriaMetrics.releases.stack },
        },
        { parent: this, provider: this.vault.provider },
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

    if (services.trivyOperator.enabled && this.victoriaMetrics) {
      this.trivyOperator = new TrivyOperator(
        "trivy-operator",
        {
          context,
          settings: services.trivyOperator,
          monitoring: { namespace: this.victoriaMetrics.namespace, crdRelease: this.victoriaMetrics.releases.stack },
        },
        child,
      );
    }

    const drillSettings = resolvedDrillSettings(args.profile, services.velero.drills);
    const drills = args.restoreDrills ?? [];
    if (this.velero && this.harbor && drillSettings.enabled && drills.length > 0) {
      this.restoreDrills = new RestoreDrills(
        "restore-drills",
        {
          drills,
          settings: drillSettings,
          veleroNamespace: this.velero.namespace,
          metricsUrl: vmagentImportUrl(VM_FULLNAME, SERVICE_NAMESPACES.victoriaMetrics),
          monitoring: this.victoriaMetrics && {
            namespace: this.victoriaMetrics.namespace,
            crdRelease: this.victoriaMetrics.releases.stack,
          },
          registry: {
            host: this.harbor.registryHost,
            dockerHubProxy: this.harbor.proxyCacheProjects.apply((projects) => projects["docker.io"]),
            provider: this.harbor.provider,
          },
        },
        child,
      );
    }
    if (services.cloudnativePg.enabled)
      this.cloudnativePg = new CloudNativePg(
        "cloudnative-pg",
        {
          context,
          settings: services.cloudnativePg,
          certManagerRelease: this.certManager?.release,
          registryHost: this.harbor?.registryHost,
        },
        child,
      );

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
      ...(this.identity?.namespace ? { identity: { namespace: this.identity.namespace } } : {}),
      trivyOperator: this.trivyOperator,
      argoRollouts: this.argoRollouts,
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
        ["sso", this.identity && pulumi.output(this.identity.issuer)],
      ].filter((entry): entry is [string, pulumi.Output<string>] => entry[1] !== undefined),
    );
    this.registerOutputs({ namespaces: this.namespaces, urls: this.urls });
  }
}
