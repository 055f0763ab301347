import { metricsReadAddress } from "../platform/victoria-metrics/read-address";
import type { Platform } from "../platform/platform";
import { SERVICE_NAMESPACES } from "../platform/service-catalog";
import type { AppImagePolicies, OnboardingCluster, OnboardingContext, OnboardingEnvironment } from "./onboarding-context";

export interface PlatformOnboardingArgs {
  platform: Platform;
  environments: readonly OnboardingEnvironment[];
  ingress: { className: string; namespace: string };
  gitlab: OnboardingContext["gitlab"];
  /** The guardrail catalog's builder of an app's image admission policies (used when Kyverno runs). */
  imagePolicy: AppImagePolicies;
  /** What the platform runs on each other cluster environments use (WorkloadCluster.onboarding), by name. */
  clusters?: Readonly<Record<string, OnboardingCluster>>;
  releaseLedger?: OnboardingContext["releaseLedger"];
}

/**
 * The onboarding context of a platform deployed in the same program. Apps need
 * Harbor, a configured Vault, Argo CD and External Secrets; the stack config
 * rules reject apps without them, so a missing one here is a program error.
 */
export function platformOnboardingContext({
  platform,
  environments,
  ingress,
  gitlab,
  imagePolicy,
  clusters,
  releaseLedger,
}: PlatformOnboardingArgs): OnboardingContext {
  const { harbor, vault, argocd, externalSecrets, kyverno, victoriaMetrics, velero, identity, vaultOidc, cloudnativePg, certManager } =
    platform;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`app onboarding needs ${what}`);
    return value;
  };
  const vaultProvider = need(vault?.provider, "a configured Vault (services.vault.configure)");
  return {
    profile: platform.context.profile,
    domain: platform.context.domain,
    environments,
    ingress,
    registry: {
      host: need(harbor, "Harbor").registryHost,
      provider: need(harbor, "Harbor").provider,
      proxyCacheProjects: need(harbor, "Harbor").proxyCacheProjects,
    },
    vault: {
      provider: vaultProvider,
      address: need(vault, "Vault").address,
      inClusterAddress: need(vault, "Vault").inClusterAddress,
      caCertificate: vault?.caCertificate,
      kvMountPath: need(vault, "Vault").kvMountPath,
      transitMountPath: vault?.transitMountPath,
      kubernetesAuthPath: need(vault, "Vault").kubernetesAuthPath,
      jwtAuthPath: need(vault, "Vault").jwtAuthPath,
    },
    gitlab,
    argocd: {
      namespace: SERVICE_NAMESPACES.argocd,
      release: need(argocd, "Argo CD").release,
      clusterNames: need(argocd, "Argo CD").clusterNames,
    },
    externalSecrets: { release: need(externalSecrets, "External Secrets").release },
    admission: kyverno && { crdRelease: kyverno.release, imagePolicy },
    monitoring: victoriaMetrics && {
      namespace: SERVICE_NAMESPACES.victoriaMetrics,
      crdRelease: victoriaMetrics.releases.stack,
      queryUrl: metricsReadAddress(platform.context.profile),
    },
    rollouts: platform.argoRollouts && { namespace: SERVICE_NAMESPACES.argoRollouts },
    backup: velero && { namespace: SERVICE_NAMESPACES.velero, crdRelease: velero.release },
    backingServices: {
      postgres: cloudnativePg?.onboarding,
      cache: certManager && { issuer: certManager.internalIssuer, certManagerRelease: certManager.release },
    },
    clusters,
    identity: identity && {
      realm: identity.realm,
      vaultOidc: vaultOidc && { path: vaultOidc.path, address: vaultOidc.address, groupsClaim: vaultOidc.groupsClaim },
      harborGroups: harbor?.oidcEnabled === true,
      grafana: platform.grafanaProvider && { provider: platform.grafanaProvider },
      developerProdSecrets: identity.developerProdSecrets,
    },
    ...(releaseLedger ? { releaseLedger } : {}),
  };
}
