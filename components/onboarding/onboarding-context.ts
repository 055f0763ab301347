import type * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import type * as grafana from "@pulumiverse/grafana";
import type * as vault from "@pulumi/vault";
import type { DatabasePlatform } from "../platform/cloudnative-pg/database-platform";
import type { GitlabTier } from "../shared/gitlab-tier";
import type { Profile } from "../shared/profiles";
import type { Provider as GitlabProvider } from "../providers/gitlab";
import type { Provider as HarborProvider } from "../providers/harbor";
import type { SigningIdentity } from "./pipeline/signing-identity";

/** What the app's image admission policy admits: images of its repository, signed by its pipeline, in its namespaces. */
export interface AppImagePolicyRequest {
  /** metadata.name of the policy (AppNames.kubernetes.imagePolicy). */
  name: string;
  app: string;
  /** Images this policy verifies, e.g. `harbor.example.com/shop/*`. */
  imageGlob: string;
  /** The namespaces of the environments this policy covers: only their pods are checked against this app's identity. */
  namespaces: readonly string[];
  /** `spec.validationActions` for these environments (AppImagePolicies.groups). */
  validationActions: readonly string[];
  /** The identity the app's pipeline signs with (renderAppPipeline's `signingIdentity`). */
  identity: SigningIdentity;
  /** For transit signing: the PEM public keys of the transit key the pipeline signs with. */
  transitPublicKeys?: readonly string[];
}

/** Environments of an app admitted with the same actions: one image policy each. */
export interface AppImagePolicyGroup {
  /** Undefined for the group whose policy keeps the base name; else the name's variant (AppNames' admissionVariantName). */
  variant?: string;
  environments: string[];
  validationActions: string[];
}

/**
 * Builds an app's image admission policies: how its environments split into groups with the same
 * actions (per-environment enforcement), and the manifest of each. The guardrail catalog
 * (policies/kyverno) supplies both: components depend on the policies only through these types.
 */
export interface AppImagePolicies {
  groups: (environments: readonly string[]) => AppImagePolicyGroup[];
  build: (request: AppImagePolicyRequest) => Record<string, unknown>;
}

/** A deployment environment as onboarding sees it. */
export interface OnboardingEnvironment {
  name: string;
  production: boolean;
  /** Argo CD destination cluster name (`in-cluster` or a registered cluster). */
  cluster: string;
}

/**
 * What onboarding needs to know about a cluster other than the platform's own (`in-cluster`), where
 * environments run: the platform installed External Secrets, the guardrails, the agents and Velero
 * there (components/platform/workload-cluster), and Vault has a Kubernetes auth mount for its
 * service accounts. The releases stand for "the CRDs are installed on that cluster".
 */
export interface OnboardingCluster {
  /** Vault's Kubernetes auth mount for this cluster's service-account issuer (`kubernetes-<cluster>`). */
  kubernetesAuthPath: pulumi.Input<string>;
  /** The address External Secrets on this cluster reaches Vault at: the platform's external one. */
  vaultAddress: pulumi.Input<string>;
  externalSecrets: { release?: pulumi.Resource };
  admission?: { crdRelease: pulumi.Resource };
  /** `queryUrl`: the Prometheus query API release analyses read (metricsReadAddress), where monitoring runs. */
  monitoring?: { namespace: string; crdRelease: pulumi.Resource; queryUrl?: string };
  backup?: { namespace: string; crdRelease: pulumi.Resource };
  /** The clusters other than `in-cluster` that environments run on, by Argo CD cluster name. */
  clusters?: Readonly<Record<string, OnboardingCluster>>;
  /** The release ledger the app pipelines write (docs/release-ledger.md); absent: no log lines, no emergency path. */
  releaseLedger?: {
    logsIngestUrl?: string;
    emergency?: { onCallGroup: string; reviewDueDays: number };
  };
}

/** What team onboarding maps a team's identity-provider groups to. */
export interface OnboardingIdentity {
  /** The Keycloak platform realm; absent with an external issuer, whose groups its operators create. */
  realm?: { id: pulumi.Input<string>; provider: keycloak.Provider };
  /** Vault's OIDC auth method: one role per group, handing out the apps' environment policies. */
  vaultOidc?: { path: pulumi.Input<string>; address: string; groupsClaim: string };
  /** Harbor signs in through OIDC: groups become project members. */
  harborGroups: boolean;
  /** Grafana team folders. */
  grafana?: { provider: grafana.Provider };
  /** Whether developers (not only maintainers) read production secrets. */
  developerProdSecrets: boolean;
}

/**
 * What app onboarding needs from the platform. Plain values and providers only,
 * so a tenant stack can fill it from a StackReference as well as from the
 * Platform component in the same program.
 */
export interface OnboardingContext {
  profile: Profile;
  domain: string;
  /** Declared environments; an app picks some of them. */
  environments: readonly OnboardingEnvironment[];
  ingress: { className: string; namespace: string };
  registry: {
    /** Registry host without scheme, e.g. harbor.platform.example.com. */
    host: string;
    /** Absent in a tenant stack: the platform stack holds the app's Harbor project and robots. */
    provider?: HarborProvider;
    /** Upstream registry -> proxy-cache project (docker.io -> dockerhub-proxy). */
    proxyCacheProjects: pulumi.Input<Record<string, string>>;
  };
  vault: {
    /** Absent in a tenant stack before the platform issued its scoped token (first deployment). */
    provider?: vault.Provider;
    /** External https address, for CI jobs. */
    address: pulumi.Input<string>;
    /** In-cluster address, for External Secrets (it need not trust the ingress certificate). */
    inClusterAddress: pulumi.Input<string>;
    /** CA certificate (PEM) of Vault's https listener; absent where the in-cluster address is http (dev). */
    caCertificate?: pulumi.Input<string>;
    kvMountPath: pulumi.Input<string>;
    /** Transit engine for per-app signing keys (`vault-transit` signing). */
    transitMountPath?: pulumi.Input<string>;
    kubernetesAuthPath: pulumi.Input<string>;
    jwtAuthPath: pulumi.Input<string>;
  };
  gitlab: {
    url: string;
    provider: GitlabProvider;
    /** Full path of the group under which team groups are created. */
    parentGroupPath: string;
    /** Default `premium`; on `free` the Premium-only approval resources are not created. */
    tier?: GitlabTier;
  };
  argocd: {
    namespace: string;
    /** The release that installs Argo CD's CRDs; AppProjects and Applications wait for it. */
    release?: pulumi.Resource;
    /** Clusters Applications may target (`in-cluster` plus registered ones). */
    clusterNames: readonly string[];
  };
  externalSecrets: {
    /** The release that installs ESO's CRDs; SecretStores and ExternalSecrets wait for it. */
    release?: pulumi.Resource;
  };
  /** Kyverno, for the app's image signature policy; the release installs its CRDs. */
  admission?: { crdRelease: pulumi.Resource; imagePolicy: AppImagePolicies };
  /** `queryUrl`: the Prometheus query API release analyses read (metricsReadAddress), where monitoring runs. */
  monitoring?: { namespace: string; crdRelease: pulumi.Resource; queryUrl?: string };
  /** Argo Rollouts on the platform's cluster (canary and blueGreen apps need it). */
  rollouts?: { namespace: string };
  backup?: { namespace: string; crdRelease: pulumi.Resource };
  /** Backing services of apps (`services.postgres`, `services.cache`), on the platform's own cluster. */
  backingServices?: OnboardingBackingServices;
  /** The clusters other than `in-cluster` that environments run on, by Argo CD cluster name. */
  clusters?: Readonly<Record<string, OnboardingCluster>>;
  /** The release ledger the app pipelines write (docs/release-ledger.md); absent: no log lines, no emergency path. */
  releaseLedger?: {
    logsIngestUrl?: string;
    emergency?: { onCallGroup: string; reviewDueDays: number };
  };
  /** Single sign-on: where each team's groups are created and mapped (components/onboarding/identity/team-access.ts). */
  identity?: OnboardingIdentity;
}

/** What the platform provides for apps' databases and caches (components/onboarding/backing-services.ts). */
export interface OnboardingBackingServices {
  /** CloudNativePG, when `services.cloudnativePg` is enabled. */
  postgres?: DatabasePlatform;
  /** Valkey caches: certificates from cert-manager's internal issuer. */
  cache?: {
    /** The ClusterIssuer of cluster-internal certificates. */
    issuer: pulumi.Input<string>;
    certManagerRelease: pulumi.Resource;
  };
}
