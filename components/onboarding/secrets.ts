import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { AppNames } from "./app-names";
import type { AppSpec } from "./app-spec";
import type { EnvironmentCluster } from "./environment-clusters";
import { CI_PURPOSE_GRANTS, CI_PURPOSES, type CiPurpose } from "./ci-purposes";
import type { OnboardingContext } from "./onboarding-context";
import { createsFoundations, createsTenantHalf, type OnboardingPart } from "./onboarding-part";
import { ciBoundClaims, type ProjectBinding } from "./secrets/ci-role-claims";
import { appPolicy, ciPolicy, type TransitSigningKey } from "./secrets/policies";
import { vaultCaBundle } from "../platform/external-secrets/cluster-secret-store";

/** Audience of the service account tokens the Kubernetes auth roles accept (ESO requests it). */
export const SERVICE_ACCOUNT_AUDIENCE = "vault";
/** GitLab documents `user_email` as the user claim of CI roles: the Vault entity names who ran the job. */
export const CI_USER_CLAIM = "user_email";
/** cosign's default hashivault key type (sigstore hashivault DefaultAlgorithm). */
export const TRANSIT_KEY_TYPE = "ecdsa-p256";
const ESO_REFRESH_INTERVAL = "1h";
// Short-lived tokens: ESO logs in again on every sync, CI jobs once per job.
const RUNTIME_TOKEN_TTL = 600;
const RUNTIME_TOKEN_MAX_TTL = 1800;
const CI_TOKEN_TTL = 600;
const CI_TOKEN_EXPLICIT_MAX_TTL = 1800;

/** Args as AppOnboarding passes them: the spec parsed, the names derived, nothing left to validate. */
export interface AppSecretsArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /**
   * The Namespace name outputs of AppTenancy, by environment: objects wait for their namespace.
   * Bindings use `names`, so a wrong value here cannot point a role at another namespace.
   */
  namespaces: Record<string, pulumi.Input<string>>;
  /**
   * The app's GitLab project as CI logins bind it: its numeric ID (`Project.id`) where the same
   * stack creates it, else its path from the naming module (a tenant app's foundations).
   */
  gitlabProject: ProjectBinding<pulumi.Input<string>>;
  /** Which half to create (onboarding-part.ts): the Vault side is the foundations', the External Secrets objects the tenant's. */
  part?: OnboardingPart;
  /** The app project's protected default branch: the only ref whose pipelines may sign and deploy. */
  defaultBranch: string;
  /**
   * Mount path of the platform's transit engine (pass the mount's output so keys wait for it).
   * Without it no signing key is created and the sign policy grants no transit paths.
   */
  transitMountPath?: pulumi.Input<string>;
  /** Address ESO reaches Vault at, e.g. the in-cluster `Vault.inClusterAddress`; default `context.vault.address`. */
  inClusterVaultAddress?: pulumi.Input<string>;
  /**
   * The cluster of each environment (environmentClusters): its Kubernetes auth mount holds the
   * environment's role, and its provider creates the SecretStore and ExternalSecret. Environments
   * not listed are on the platform's cluster.
   */
  clusters?: Readonly<Record<string, EnvironmentCluster>>;
}

/**
 * An app's secrets: per environment a read-only policy on its own KV folder, a Kubernetes
 * auth role for its service account in exactly that namespace, a namespaced SecretStore and
 * an ExternalSecret syncing `<env>/config` into `<app>-config`; for CI one policy and GitLab JWT
 * role per purpose (ci-purposes.ts: build, sign, deploy), each bound to the app's project and
 * the refs that purpose may run on; optionally the app's transit signing key.
 */
export class AppSecrets extends pulumi.ComponentResource {
  /** env -> KV folder as the `vault kv` CLI takes it (`secret/apps/<team>/<app>/<env>`). */
  public readonly kvPaths: Record<string, pulumi.Output<string>>;
  /** The CI folder (`secret/apps/<team>/<app>/ci`). */
  public readonly ciKvPath: pulumi.Output<string>;
  /** Vault policy names: one per environment, one per CI purpose. */
  public readonly policies: { environments: Record<string, pulumi.Output<string>>; ci: Record<CiPurpose, pulumi.Output<string>> };
  /** env -> Kubernetes auth role name (log in with the app's service account token, audience `vault`). */
  public readonly kubernetesRoles: Record<string, pulumi.Output<string>>;
  /** JWT role per CI purpose: `vault write auth/<jwtAuthPath>/login role=<ciRoles[purpose]> jwt=$ID_TOKEN`. */
  public readonly ciRoles: Record<CiPurpose, pulumi.Output<string>>;
  /** The `aud` CI `id_tokens` must request. */
  public readonly ciAudience: pulumi.Output<string>;
  /** Name of the SecretStore in every environment namespace. */
  public readonly secretStoreName: string;
  /** Name of the Kubernetes Secret ESO keeps in sync in every environment namespace. */
  public readonly configSecretName: string;
  /** The app's transit signing key; undefined without a transit mount or with keyless signing. */
  public readonly transitKey: pulumi.Output<TransitSigningKey> | undefined;
  /** PEM public keys of every version of the signing key: what admission verifies signatures with. */
  public readonly transitPublicKeys: pulumi.Output<string[]> | undefined;

  constructor(name: string, args: AppSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
    const { spec, names, context, transitMountPath } = args;
    super("delivery-platform:onboarding:AppSecrets", name, {}, opts);
    const part = args.part ?? "all";
    const vaultSide = createsFoundations(part);
    const clusterSide = createsTenantHalf(part);

    const vaultOpts = { parent: this, provider: context.vault.provider };
    const serviceAccountName = names.kubernetes.serviceAccount;
    const mount = pulumi.output(context.vault.kvMountPath);
    const esoRelease = context.externalSecrets.release ? [context.externalSecrets.release] : [];
    const labels = { "platform.delivery/app": names.stable, "platform.delivery/team": names.team };
    this.secretStoreName = names.kubernetes.secretStore;
    this.configSecretName = names.kubernetes.configSecret;

    this.kvPaths = {};
    this.kubernetesRoles = {};
    const environmentPolicies: Record<string, pulumi.Output<string>> = {};
    for (const env of spec.environments) {
      // Each cluster has its own service-account issuer, so its own Vault mount; the platform's
      // cluster reaches Vault in-cluster, other clusters through its external address.
      const cluster = args.clusters?.[env];
      const authPath = cluster?.site.kubernetesAuthPath ?? context.vault.kubernetesAuthPath;
      const vaultServer = cluster?.provider ? cluster.site.vaultAddress : (args.inClusterVaultAddress ?? context.vault.address);
      const esoCrds = cluster?.provider ? (cluster.site.externalSecrets.release ? [cluster.site.externalSecrets.release] : []) : esoRelease;
      const kubernetesOpts = { parent: this, provider: cluster?.provider };
      // The name is the app's own; the output only orders these objects after the namespace.
      const namespace = pulumi.output(args.namespaces[env]!).apply(() => names.kubernetes.namespaces[env]!);
      this.kvPaths[env] = mount.apply((m) => `${m}/${names.vault.environmentPaths[env]}`);

      let placeholder: vault.kv.SecretV2 | undefined;
      if (vaultSide) {
        const policy = new vault.Policy(
          `${name}-policy-${env}`,
          { name: names.vault.environmentAccess[env]!, policy: mount.apply((m) => appPolicy(m, names, env)) },
          vaultOpts,
        );
        environmentPolicies[env] = policy.name;

        const role = new vault.kubernetes.AuthBackendRole(
          `${name}-kubernetes-role-${env}`,
          {
            backend: authPath,
            roleName: names.vault.environmentAccess[env]!,
            boundServiceAccountNames: [serviceAccountName],
            boundServiceAccountNamespaces: [namespace],
            audience: SERVICE_ACCOUNT_AUDIENCE,
            tokenPolicies: [policy.name],
            tokenTtl: RUNTIME_TOKEN_TTL,
            tokenMaxTtl: RUNTIME_TOKEN_MAX_TTL,
          },
          vaultOpts,
        );
        this.kubernetesRoles[env] = role.roleName;

        // Something for ESO to read from day one. Its content is the team's from then on:
        // disableRead keeps their values out of Pulumi state, ignoreChanges keeps Pulumi from
        // resetting them, protect blocks a delete or replace, and retainOnDelete keeps the data
        // in Vault even once someone unprotects it (removing an environment must not erase it).
        placeholder = new vault.kv.SecretV2(
          `${name}-kv-config-${env}`,
          { mount, name: names.vault.configSecretPaths[env]!, dataJson: "{}", disableRead: true },
          { ...vaultOpts, protect: true, retainOnDelete: true, ignoreChanges: ["dataJson"] },
        );
      } else {
        // The platform stack holds them (the foundations); their names are the naming module's.
        environmentPolicies[env] = pulumi.output(names.vault.environmentAccess[env]!);
        this.kubernetesRoles[env] = pulumi.output(names.vault.environmentAccess[env]!);
      }
      const roleName = this.kubernetesRoles[env];
      if (!clusterSide) continue;

      // Namespaced, with the app's own service account: the store can only log in as this
      // environment's role, so an ExternalSecret in this namespace can only read this folder.
      const store = new k8s.apiextensions.CustomResource(
        `${name}-secret-store-${env}`,
        {
          apiVersion: "external-secrets.io/v1",
          kind: "SecretStore",
          metadata: { name: this.secretStoreName, namespace, labels: { ...labels, "platform.delivery/environment": env } },
          spec: {
            provider: {
              vault: {
                server: vaultServer,
                path: mount,
                version: "v2",
                // A namespaced store reads a caProvider only from its own namespace: the CA travels inline.
                ...(context.vault.caCertificate ? { caBundle: vaultCaBundle(context.vault.caCertificate) } : {}),
                auth: {
                  kubernetes: {
                    mountPath: authPath,
                    role: roleName,
                    serviceAccountRef: { name: serviceAccountName, audiences: [SERVICE_ACCOUNT_AUDIENCE] },
                  },
                },
              },
            },
          },
        },
        { ...kubernetesOpts, dependsOn: esoCrds },
      );

      new k8s.apiextensions.CustomResource(
        `${name}-external-secret-${env}`,
        {
          apiVersion: "external-secrets.io/v1",
          kind: "ExternalSecret",
          metadata: { name: this.configSecretName, namespace, labels: { ...labels, "platform.delivery/environment": env } },
          spec: {
            refreshInterval: ESO_REFRESH_INTERVAL,
            secretStoreRef: { kind: "SecretStore", name: store.metadata.name },
            target: { name: this.configSecretName, creationPolicy: "Owner" },
            dataFrom: [{ extract: { key: names.vault.configSecretPaths[env]! } }],
          },
        },
        // The first sync fails while the Vault secret is missing.
        { ...kubernetesOpts, dependsOn: [...esoCrds, ...(placeholder ? [placeholder] : [])] },
      );
    }

    // Only a key that exists is granted; `vault-transit` apps sign once the platform mounts transit.
    let transitKey: pulumi.Output<TransitSigningKey> | undefined;
    if (vaultSide && transitMountPath !== undefined && spec.pipeline.signing === "vault-transit") {
      const key = new vault.transit.SecretBackendKey(
        `${name}-transit-key`,
        // Not exportable and not deletable: the private key never leaves Vault, and losing it
        // would orphan every signature made with it. No auto-rotation: verifiers pin the public key.
        { backend: transitMountPath, name: names.vault.transitKey, type: TRANSIT_KEY_TYPE, exportable: false, deletionAllowed: false },
        { ...vaultOpts, protect: true },
      );
      transitKey = pulumi.all([key.backend, key.name]).apply(([mountPath, keyName]) => ({ mountPath, name: keyName }));
      this.transitKey = transitKey;
      // Vault returns one entry per key version; every version stays valid for signatures made with it.
      this.transitPublicKeys = key.keys.apply((versions) =>
        (versions ?? []).map((version) => version.public_key).filter((pem): pem is string => typeof pem === "string" && pem.length > 0),
      );
    }

    this.ciKvPath = mount.apply((m) => `${m}/${names.vault.ciPath}`);
    // The build purpose keeps the resource names of the single CI policy and role it replaces.
    const resourceSuffix = (purpose: CiPurpose) => (purpose === "build" ? "" : `-${purpose}`);
    const ciPolicies = {} as Record<CiPurpose, pulumi.Output<string>>;
    this.ciRoles = {} as Record<CiPurpose, pulumi.Output<string>>;
    for (const purpose of CI_PURPOSES) {
      if (!vaultSide) {
        ciPolicies[purpose] = pulumi.output(names.vault.ciAccess[purpose]);
        this.ciRoles[purpose] = pulumi.output(names.vault.ciAccess[purpose]);
        continue;
      }
      const policy = new vault.Policy(
        `${name}-policy-ci${resourceSuffix(purpose)}`,
        {
          name: names.vault.ciAccess[purpose],
          // Only the signing policy waits for the transit key; build and deploy never name it.
          policy: CI_PURPOSE_GRANTS[purpose].transit
            ? pulumi.all([mount, transitKey]).apply(([m, key]) => ciPolicy(m, names, purpose, key))
            : mount.apply((m) => ciPolicy(m, names, purpose)),
        },
        vaultOpts,
      );
      ciPolicies[purpose] = policy.name;
      const role = new vault.jwt.AuthBackendRole(
        `${name}-ci-role${resourceSuffix(purpose)}`,
        {
          backend: context.vault.jwtAuthPath,
          roleName: names.vault.ciAccess[purpose],
          roleType: "jwt",
          // GitLab puts the `aud` of `id_tokens` here; the pipeline requests the Vault address.
          boundAudiences: [context.vault.address],
          boundClaimsType: "string",
          boundClaims: ciBoundClaims(purpose, args.gitlabProject, args.defaultBranch),
          userClaim: CI_USER_CLAIM,
          tokenPolicies: [policy.name],
          tokenTtl: CI_TOKEN_TTL,
          tokenExplicitMaxTtl: CI_TOKEN_EXPLICIT_MAX_TTL,
        },
        vaultOpts,
      );
      this.ciRoles[purpose] = role.roleName;
    }
    this.policies = { environments: environmentPolicies, ci: ciPolicies };
    this.ciAudience = pulumi.output(context.vault.address);

    this.registerOutputs({
      kvPaths: this.kvPaths,
      ciKvPath: this.ciKvPath,
      policies: this.policies,
      kubernetesRoles: this.kubernetesRoles,
      ciRoles: this.ciRoles,
      ciAudience: this.ciAudience,
      secretStoreName: this.secretStoreName,
      configSecretName: this.configSecretName,
      transitKey: this.transitKey,
    });
  }
}
