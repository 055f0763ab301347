import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as vault from "@pulumi/vault";
import { z } from "zod";
import { PROFILES } from "../../shared/profiles";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import { hostFor, type PlatformContext } from "../platform-context";
import { VAULT_API_PORT, VAULT_CHART, VAULT_RELEASE_NAME } from "./chart";
import { VAULT_LISTENER_TLS, vaultCertificateSpec, vaultServiceHost } from "./listener-tls";
import { vaultMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { branchName, platformCiAccess, type PlatformRepository } from "./platform-ci-access";
import { externalSecretsReadPolicy, platformAdminPolicy } from "./policies";
import { VAULT_SERVICE } from "./service";
import { vaultSettingsProblems, type VaultSettings } from "./settings";
import { HA_REPLICAS, vaultValues, type SecretKeyRef, type VaultValuesRefs } from "./values";

export const KV_MOUNT_PATH = "secret";
/** Transit engine holding the apps' image-signing keys (cosign `hashivault://`). */
export const TRANSIT_MOUNT_PATH = "transit";
export const KUBERNETES_AUTH_PATH = "kubernetes";
export const JWT_GITLAB_AUTH_PATH = "jwt-gitlab";
export const EXTERNAL_SECRETS_ROLE = "external-secrets";
/** Audience the External Secrets role requires; ESO must request it (`serviceAccountRef.audiences`). */
export const EXTERNAL_SECRETS_AUDIENCE = "vault";
const IN_CLUSTER_API = "https://kubernetes.default.svc";

export interface VaultArgs {
  context: PlatformContext;
  /** Parsed `services.vault` settings. */
  settings: VaultSettings;
  /** GitLab instance whose CI `id_tokens` the `jwt-gitlab` auth method trusts. */
  gitlabUrl: string;
  /** The External Secrets controller's service account; omit when External Secrets is disabled. */
  externalSecrets?: { serviceAccountName: string; namespace: string };
  /**
   * The platform repository, whose default-branch pipeline alone may read `platform/ci/*`
   * (role `ci.platform`); omit it and no identity can read that folder.
   */
  platformRepository?: PlatformRepository;
  /**
   * Where Vault's serving certificate comes from: the platform's internal CA issuer, its CA
   * certificate (what clients trust) and the release that installs cert-manager's CRDs. Required
   * where the profile serves TLS (VAULT_LISTENER_TLS: every profile but dev).
   */
  listenerTls?: { issuer: pulumi.Input<string>; caCertificate: pulumi.Input<string>; crdRelease: pulumi.Resource };
}

export interface SecretReference {
  namespace: string;
  name: string;
  key: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

const argsSchema = z
  .strictObject({
    context: z.object({
      profile: z.enum(PROFILES),
      domain: z.string().min(1),
      ingressClassName: z.string().min(1),
      clusterIssuer: z.custom<pulumi.Input<string>>((v) => v !== undefined && v !== null && v !== "", "required"),
    }),
    settings: z.custom<VaultSettings>((v) => typeof v === "object" && v !== null, "required (the parsed services.vault settings)"),
    gitlabUrl: z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL such as https://gitlab.example.com" }),
    externalSecrets: z
      .strictObject({
        serviceAccountName: z.string().max(253).regex(DNS_SUBDOMAIN, "must be a Kubernetes service account name"),
        namespace: z.string().max(63).regex(DNS_LABEL, "must be a namespace name (DNS-1123 label)"),
      })
      .optional(),
    platformRepository: z
      .strictObject({
        projectId: z.number().int("must be a whole number").positive("must be the GitLab project's numeric ID"),
        defaultBranch: branchName(),
      })
      .optional(),
    listenerTls: z
      .strictObject({
        issuer: z.custom<pulumi.Input<string>>(
          (v) => v !== undefined && v !== null && v !== "",
          "required (the internal CA ClusterIssuer)",
        ),
        caCertificate: z.custom<pulumi.Input<string>>(
          (v) => v !== undefined && v !== null && v !== "",
          "required (the CA certificate, PEM)",
        ),
        crdRelease: z.custom<pulumi.Resource>((v) => pulumi.Resource.isInstance(v), "must be the cert-manager release"),
      })
      .optional(),
  })
  .superRefine((args, ctx) => {
    if (VAULT_LISTENER_TLS[args.context.profile] && args.listenerTls === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["listenerTls"],
        message: `required in ${args.context.profile}: Vault serves TLS there; enable cert-manager (services.certManager.enabled) for the internal CA`,
      });
    if (!VAULT_LISTENER_TLS[args.context.profile] && args.listenerTls !== undefined)
      ctx.addIssue({
        code: "custom",
        path: ["listenerTls"],
        message: `not used in ${args.context.profile}: Vault's dev mode listener serves http`,
      });
    for (const problem of vaultSettingsProblems(args.context.profile, args.settings))
      // Settings problems carry stack paths (services.vault.<key>); report them against the arg.
      ctx.addIssue({ code: "custom", path: ["settings", ...problem.path.slice(2)], message: problem.message });
  });

/**
 * Vault: dev mode (in memory, generated root token) in dev, HA raft with auto-unseal
 * elsewhere; plus its configuration through the Vault provider once `configure` is on.
 */
export class Vault extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  /** External address, through the ingress. */
  public readonly address: pulumi.Output<string>;
  /** Cluster-internal address of the Vault Service: https outside dev (VAULT_LISTENER_TLS), http in dev mode. */
  public readonly inClusterAddress: pulumi.Output<string>;
  /** The CA certificate (PEM) in-cluster clients verify Vault's listener with; undefined where it serves http (dev). */
  public readonly caCertificate: pulumi.Output<string> | undefined;
  public readonly kvMountPath: pulumi.Output<string>;
  /** Transit engine for signing keys; undefined until Vault is configured. */
  public readonly transitMountPath: pulumi.Output<string> | undefined;
  public readonly kubernetesAuthPath: pulumi.Output<string>;
  public readonly jwtAuthPath: pulumi.Output<string>;
  /** Kubernetes auth role for External Secrets (when External Secrets is enabled and Vault configured). */
  public readonly externalSecretsRole: pulumi.Output<string> | undefined;
  /** JWT role of the platform repository's pipeline (when `platformRepository` is given and Vault configured). */
  public readonly platformCiRole: pulumi.Output<string> | undefined;
  public readonly externalSecretsAudience: string;
  /** Vault provider for app onboarding; undefined until `configure` is on. */
  public readonly provider: vault.Provider | undefined;
  /** dev only: the Secret holding the root token. */
  public readonly rootTokenSecret: pulumi.Output<SecretReference> | undefined;
  /** The metrics Service, as VictoriaMetrics scrapes it; none in dev (dev mode has no telemetry config). */
  public readonly metrics: MetricsEndpoint[];
  public readonly configured: boolean;

  constructor(name: string, args: VaultArgs, opts?: pulumi.ComponentResourceOptions) {
    const { context, settings, gitlabUrl, externalSecrets, platformRepository, listenerTls } = parseComponentArgs(
      "Vault",
      argsSchema,
      args,
    );
    super("delivery-platform:platform:Vault", name, {}, opts);

    const dev = context.profile === "dev";
    this.externalSecretsAudience = EXTERNAL_SECRETS_AUDIENCE;
    this.configured = settings.configure ?? dev;
    const labels = { "platform.delivery/service": VAULT_SERVICE.namespace, "platform.delivery/profile": context.profile };

    // Outside dev the namespace holds the raft PVCs: deleting it would delete the data.
    const ns = namespace(
      `${name}-namespace`,
      { name: VAULT_SERVICE.namespace, podSecurity: "baseline", labels },
      { parent: this, protect: !dev },
    );
    this.namespace = ns.metadata.name;

    const refs: VaultValuesRefs = {};
    const chartSecrets: k8s.core.v1.Secret[] = [];
    let providerToken: pulumi.Input<string> | undefined = settings.token;

    if (dev) {
      const rootToken = new random.RandomPassword(`${name}-dev-root-token`, { length: 40, special: false }, { parent: this });
      refs.devRootToken = { name: "vault-dev-root-token", key: "token" };
      const secret = tokenSecret(`${name}-dev-root-token`, refs.devRootToken, ns, rootToken.result, labels, this);
      chartSecrets.push(secret);
      providerToken = rootToken.result;
      this.rootTokenSecret = pulumi.secret(
        pulumi.all([secret.metadata.namespace, secret.metadata.name]).apply(([namespace, secretName]) => ({
          namespace,
          name: secretName,
          key: "token",
        })),
      );
    }
    if (settings.autoUnseal?.kind === "transit") {
      refs.transitToken = { name: "vault-seal-transit", key: "token" };
      chartSecrets.push(tokenSecret(`${name}-seal-transit`, refs.transitToken, ns, settings.autoUnseal.token, labels, this));
    }

    // Awaited until Ready (pulumi.com/waitFor, @pulumi/kubernetes >= 4.18; pinned 4.34.2): the server pods
    // mount the Secret it fills, so the release must not start before the certificate is issued.
    const certificate = listenerTls
      ? new k8s.apiextensions.CustomResource(
          `${name}-server-certificate`,
          {
            apiVersion: "cert-manager.io/v1",
            kind: "Certificate",
            metadata: {
              name: "vault-server",
              namespace: ns.metadata.name,
              labels,
              annotations: { "pulumi.com/waitFor": "condition=Ready" },
            },
            spec: pulumi.output(listenerTls.issuer).apply((issuer) => vaultCertificateSpec(VAULT_SERVICE.namespace, HA_REPLICAS, issuer)),
          },
          { parent: this, dependsOn: [listenerTls.crdRelease] },
        )
      : undefined;

    const release = pinnedRelease(
      `${name}-release`,
      {
        pin: VAULT_CHART,
        versionOverride: settings.chartVersion,
        releaseName: VAULT_RELEASE_NAME,
        namespace: ns.metadata.name,
        values: vaultValues(context, settings, refs),
        overrides: settings.values,
      },
      { parent: this, dependsOn: [...chartSecrets, ...(certificate ? [certificate] : [])] },
    );

    const address = `https://${hostFor(context, "vault")}`;
    this.address = pulumi.output(address);
    const scheme = listenerTls ? "https" : "http";
    this.inClusterAddress = release.name.apply(() => `${scheme}://${vaultServiceHost(VAULT_SERVICE.namespace)}:${VAULT_API_PORT}`);
    this.caCertificate = listenerTls ? pulumi.output(listenerTls.caCertificate) : undefined;
    this.metrics = vaultMetricsEndpoints(context.profile, this.namespace);

    if (!this.configured || providerToken === undefined) {
      this.kvMountPath = pulumi.output(KV_MOUNT_PATH);
      this.transitMountPath = undefined;
      this.kubernetesAuthPath = pulumi.output(KUBERNETES_AUTH_PATH);
      this.jwtAuthPath = pulumi.output(JWT_GITLAB_AUTH_PATH);
    } else {
      // Waits for the release: the provider talks to the Vault it installs.
      const provider = new vault.Provider(
        `${name}-provider`,
        {
          address: settings.providerAddress ?? address,
          token: pulumi.secret(providerToken),
          // Work through a short-lived child token, so the stored token is only used to mint it.
          skipChildToken: false,
          skipTlsVerify: settings.tlsSkipVerify ?? dev,
          caCertFile: settings.caCertFile,
          // The ingress may answer 502/503 for a few seconds after the pods turn ready.
          maxRetries: 10,
        },
        { parent: this, dependsOn: [release] },
      );
      this.provider = provider;
      const vaultOpts = { parent: this, provider };

      // Dev mode mounts KV v2 at secret/ itself (vault command/server.go); creating it again would fail.
      const kv = dev
        ? undefined
        : new vault.Mount(
            `${name}-kv`,
            { path: KV_MOUNT_PATH, type: "kv", options: { version: "2" }, description: "Platform and app secrets (KV v2)" },
            { ...vaultOpts, protect: true },
          );
      this.kvMountPath = kv ? kv.path : pulumi.output(KV_MOUNT_PATH);
      // Signing keys never leave Vault; losing the mount would orphan every signature's key.
      const transit = new vault.Mount(
        `${name}-transit`,
        { path: TRANSIT_MOUNT_PATH, type: "transit", description: "Image signing keys of app pipelines" },
        { ...vaultOpts, protect: true },
      );
      this.transitMountPath = transit.path;

      if (settings.audit)
        // stdout: the log pipeline collects it like any container log; a file needs a PVC and a
        // shipper, and a socket device blocks every request while its receiver is down.
        new vault.Audit(
          `${name}-audit`,
          { type: "file", path: "stdout", description: "Audit log on stdout", options: { file_path: "stdout", format: "json" } },
          vaultOpts,
        );

      new vault.Policy(`${name}-policy-platform-admin`, { name: "platform-admin", policy: platformAdminPolicy(KV_MOUNT_PATH) }, vaultOpts);
      const esoPolicy = new vault.Policy(
        `${name}-policy-external-secrets`,
        { name: "external-secrets", policy: externalSecretsReadPolicy(KV_MOUNT_PATH) },
        vaultOpts,
      );

      const kubernetesAuth = new vault.AuthBackend(
        `${name}-kubernetes-auth`,
        { type: "kubernetes", path: KUBERNETES_AUTH_PATH, description: "Service accounts of this cluster" },
        vaultOpts,
      );
      // No reviewer JWT or CA: Vault runs in this cluster and uses its own service account (authDelegator).
      const kubernetesConfig = new vault.kubernetes.AuthBackendConfig(
        `${name}-kubernetes-auth-config`,
        { backend: kubernetesAuth.path, kubernetesHost: IN_CLUSTER_API },
        vaultOpts,
      );
      // Consumers of the path wait until logins can work.
      this.kubernetesAuthPath = kubernetesConfig.backend.apply((backend) => backend ?? KUBERNETES_AUTH_PATH);

      // GitLab's id_tokens carry the instance URL without a trailing slash as `iss`.
      const gitlab = gitlabUrl.replace(/\/+$/, "");
      const jwt = new vault.jwt.AuthBackend(
        `${name}-jwt-gitlab`,
        { path: JWT_GITLAB_AUTH_PATH, type: "jwt", oidcDiscoveryUrl: gitlab, boundIssuer: gitlab, description: "GitLab CI id_tokens" },
        vaultOpts,
      );
      this.jwtAuthPath = jwt.path.apply((path) => path ?? JWT_GITLAB_AUTH_PATH);

      if (platformRepository) {
        const { role } = platformCiAccess(
          name,
          { repository: platformRepository, kvMountPath: KV_MOUNT_PATH, jwtAuthPath: this.jwtAuthPath, audience: address },
          vaultOpts,
        );
        this.platformCiRole = role.roleName;
      }

      if (externalSecrets) {
        const role = new vault.kubernetes.AuthBackendRole(
          `${name}-role-external-secrets`,
          {
            backend: kubernetesAuth.path,
            roleName: EXTERNAL_SECRETS_ROLE,
            boundServiceAccountNames: [externalSecrets.serviceAccountName],
            boundServiceAccountNamespaces: [externalSecrets.namespace],
            audience: EXTERNAL_SECRETS_AUDIENCE,
            tokenPolicies: [esoPolicy.name],
            tokenTtl: 3600,
          },
          vaultOpts,
        );
        this.externalSecretsRole = pulumi.all([role.roleName, this.kubernetesAuthPath]).apply(([roleName]) => roleName);
      }
    }

    this.registerOutputs({
      namespace: this.namespace,
      address: this.address,
      inClusterAddress: this.inClusterAddress,
      caCertificate: this.caCertificate,
      kvMountPath: this.kvMountPath,
      kubernetesAuthPath: this.kubernetesAuthPath,
      jwtAuthPath: this.jwtAuthPath,
      externalSecretsRole: this.externalSecretsRole,
      platformCiRole: this.platformCiRole,
      rootTokenSecret: this.rootTokenSecret,
    });
  }
}

function tokenSecret(
  resourceName: string,
  ref: SecretKeyRef,
  ns: k8s.core.v1.Namespace,
  token: pulumi.Input<string>,
  labels: Record<string, string>,
  parent: pulumi.Resource,
): k8s.core.v1.Secret {
  return new k8s.core.v1.Secret(
    resourceName,
    {
      metadata: { name: ref.name, namespace: ns.metadata.name, labels },
      type: "Opaque",
      stringData: { [ref.key]: pulumi.secret(token) },
    },
    { parent },
  );
}
