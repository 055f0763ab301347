import type * as pulumi from "@pulumi/pulumi";
import type * as vault from "@pulumi/vault";
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
  monitoring?: { namespace: string; crdRelease: pulumi.Resource };
  backup?: { namespace: string; crdRelease: pulumi.Resource };
  /** The clusters other than `in-cluster` that environments run on, by Argo CD cluster name. */
  clusters?: Readonly<Record<string, OnboardingCluster>>;
  /** The release ledger the app pipelines write (docs/release-ledger.md); absent: no log lines, no emergency path. */
  releaseLedger?: {
    logsIngestUrl?: string;
    emergency?: { onCallGroup: string; reviewDueDays: number };
  };
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
    provider: HarborProvider;
    /** Upstream registry -> proxy-cache project (docker.io -> dockerhub-proxy). */
    proxyCacheProjects: pulumi.Input<Record<string, string>>;
  };
  vault: {
    provider: vault.Provider;
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
  monitoring?: { namespace: string; crdRelease: pulumi.Resource };
  backup?: { namespace: string; crdRelease: pulumi.Resource };
  /** The clusters other than `in-cluster` that environments run on, by Argo CD cluster name. */
  clusters?: Readonly<Record<string, OnboardingCluster>>;
  /** The release ledger the app pipelines write (docs/release-ledger.md); absent: no log lines, no emergency path. */
  releaseLedger?: {
    logsIngestUrl?: string;
    emergency?: { onCallGroup: string; reviewDueDays: number };
  };
}
