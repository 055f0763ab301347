import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import * as vault from "@pulumi/vault";
import { clusterProvider } from "../components/kubernetes/cluster-provider";
import { IN_CLUSTER } from "../components/platform/argocd/destinations";
import type { OnboardingContext } from "../components/onboarding/onboarding-context";
import { Provider as GitlabProvider } from "../components/providers/gitlab";
import {
  appClaimOwner,
  appCollisionProblems,
  appNameProblems,
  environmentProblems,
  productionWindowProblems,
  tenantReservations,
  type Problem,
} from "../components/onboarding/app-rules";
import { ConfigError, elementNames, formatPath } from "../components/validation/issues";
import { stackEnforcement } from "../policies/enforcement/levels";
import type { AdmissionEnforcement } from "../policies/kyverno/admission-actions";
import { appImagePolicies } from "../policies/kyverno/app-image-policy";
import { appNames } from "../components/onboarding/app-names";
import type { AppSpec } from "../components/onboarding/app-spec";
import { tenantVaultPolicy } from "../components/onboarding/tenant-access";
import { TENANT_CLAIMS_OUTPUT, tenantClaimsOutput } from "./tenant/claims";
import type { TenantConfig } from "./tenant/config";
import { deploymentTarget } from "./config/deployment-target";
import { onboardApps } from "./tenant/onboard-apps";
import { PLATFORM_ONBOARDING_OUTPUT, parsePlatformOnboarding, type PlatformOnboarding } from "./tenant/platform-outputs";

/**
 * A tenant stack: apps only, no Platform component. The platform's addresses
 * come from the platform stack's `onboarding` output (StackReference); the
 * credentials from this stack's secret config, scoped by the platform's grants.
 * It creates the tenant half of its apps (`part: tenant`) and exports its app
 * specs as `claims`, from which the platform stack creates their foundations.
 *
 * The platform is assumed to be up: the CRDs apps use (Argo CD, External
 * Secrets, Kyverno, VictoriaMetrics, Velero) were installed by the platform
 * stack, so custom resources wait for the StackReference instead of a release.
 */
export async function tenantDeliveryPlatform(config: TenantConfig): Promise<Record<string, unknown>> {
  const reference = new pulumi.StackReference("platform", { name: config.platformStack });
  const details = await reference.getOutputDetails(PLATFORM_ONBOARDING_OUTPUT);
  if (details.secretValue !== undefined) {
    throw new ConfigError([
      `platformStack: the '${PLATFORM_ONBOARDING_OUTPUT}' output of '${config.platformStack}' is secret; it must not be`,
    ]);
  }
  const platform = parsePlatformOnboarding(config.platformStack, details.value);
  checkApps(config, platform);

  // What the platform stack already created for this stack (its accepted claims) decides what this run may create.
  const stack = pulumi.getStack();
  const grants = platform.tenantStacks?.find((tenant) => tenant.stack === stack);
  const ready = new Set(grants?.apps ?? []);
  const readyApps = config.apps.filter((app) => ready.has(app.name));
  checkCredentials(config, grants, readyApps.length > 0);

  const cluster =
    config.cluster &&
    clusterProvider("tenant-cluster", {
      clusterIdentifier: platform.domain,
      context: config.cluster.context,
      kubeconfig: config.cluster.kubeconfig,
    });
  const randomProvider = new random.Provider("tenant-random");
  const timeProvider = new time.Provider("tenant-time");
  const context = tenantOnboardingContext(config, platform, reference);
  // The platform's other clusters, reached with this tenant's own credentials (checked in checkApps).
  const clusters = Object.fromEntries(
    config.clusters.map((c) => [
      c.name,
      clusterProvider(`tenant-cluster-${c.name}`, { clusterIdentifier: c.name, context: c.context, kubeconfig: c.kubeconfig }),
    ]),
  );
  const apps = await onboardApps(
    config.apps,
    context,
    { kubernetes: cluster, random: randomProvider, time: timeProvider, clusters },
    (app) => ({
      part: "tenant",
      awaitingFoundations: !ready.has(app.name),
    }),
  );
  const waiting = config.apps.filter((app) => !ready.has(app.name)).map((app) => app.name);

  return {
    platformStack: config.platformStack,
    // profile and registryHost: the guardrails pick their levels and the allowed registry from them, as for the platform.
    profile: platform.profile,
    // Where this stack is deployed from (stacks/config/deployment-target.ts).
    deployFrom: deploymentTarget(config.cluster),
    domain: platform.domain,
    registryHost: platform.registry.host,
    // The platform's admission policies, for this plan's access graph (they are the platform stack's resources).
    platformAdmissionPolicies: platform.admissionPolicies ?? [],
    // The platform's per-environment tiers: this plan's guardrails apply them as the platform's do.
    guardrails: { enforcement: platformEnforcement(platform) },
    apps: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.outputs])),
    // The claim the platform stack reads (stacks/tenant/claims.ts): this stack's validated app specs.
    [TENANT_CLAIMS_OUTPUT]: tenantClaimsOutput(config, platform.gitlab.parentGroup),
    // What this stack's provider credentials may do, from the platform's grants (docs/access.md): the access graph reads it.
    credentials: tenantCredentials(config, platform, readyApps),
    // First deployment: tenant up (claims, GitLab) → platform up (foundations) → tenant up (namespace-scoped objects).
    ...(waiting.length > 0
      ? {
          waitingFor: {
            platformUp: waiting,
            reason: `the platform stack '${config.platformStack}' has not created their foundations yet; run its 'pulumi up', then this stack's again`,
          },
        }
      : {}),
  };
}

/** Once the platform created foundations, this run creates namespace-scoped objects and Vault data: it needs both credentials. */
function checkCredentials(
  config: TenantConfig,
  grants: NonNullable<PlatformOnboarding["tenantStacks"]>[number] | undefined,
  needed: boolean,
): void {
  if (!needed || grants === undefined) return;
  const problems = [
    ...(config.vault === undefined
      ? [
          `vault.token: the platform stack created this stack's foundations; set a token of its role: run 'pulumi config set --secret --path vault.token "$(vault token create -role=${grants.vault.tokenRole} -field=token)"'`,
        ]
      : []),
    ...(config.cluster === undefined
      ? [
          `cluster: set the kubeconfig of service account ${grants.kubernetes.namespace}/${grants.kubernetes.serviceAccount} (its token is the Secret ${grants.kubernetes.namespace}/${grants.kubernetes.tokenSecret}): run 'pulumi config set --secret --path cluster.kubeconfig "$(cat <kubeconfig>)"'`,
        ]
      : []),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * `credentials`: what this stack's provider credentials may do, from the grants the platform made
 * (components/onboarding/tenant-access.ts): the Vault policy of its token role, the namespaces its
 * service account is `admin` in, the GitLab group its token belongs to. No Harbor login.
 */
export function tenantCredentials(config: TenantConfig, platform: PlatformOnboarding, readyApps: readonly AppSpec[]) {
  const naming = {
    gitlabParentGroup: config.gitlab.parentGroup ?? platform.gitlab.parentGroup,
    registryHost: platform.registry.host,
    domain: platform.domain,
  };
  const names = readyApps.map((app) => appNames(app, naming));
  return {
    ...(config.vault === undefined ? {} : { vault: { policies: [tenantVaultPolicy(platform.vault.kvMountPath, names)] } }),
    ...(config.cluster === undefined
      ? {}
      : { kubernetes: { namespaces: names.flatMap((n) => Object.values(n.kubernetes.namespaces)).sort() } }),
    gitlab: { groups: [naming.gitlabParentGroup], platformGroup: platform.gitlab.parentGroup },
  };
}

/** The onboarding context of a platform deployed by another stack. */
export function tenantOnboardingContext(
  config: TenantConfig,
  platform: PlatformOnboarding,
  reference: pulumi.StackReference,
): OnboardingContext {
  const gitlab = new GitlabProvider("tenant-gitlab", {
    baseUrl: `${platform.gitlab.url.replace(/\/$/, "")}/api/v4/`,
    token: config.gitlab.token,
  });
  // No Harbor provider: the platform stack creates the apps' projects and robots.
  const vaultProvider =
    config.vault &&
    new vault.Provider("tenant-vault", {
      address: config.vault.address ?? platform.vault.address,
      token: config.vault.token,
      // The role's token is periodic and scoped already; its policy cannot create child tokens (tenant-access.ts).
      skipChildToken: true,
      skipTlsVerify: config.vault.tlsSkipVerify ?? platform.vault.skipTlsVerify,
      maxRetries: 10,
    });
  return {
    profile: platform.profile,
    domain: platform.domain,
    environments: platform.environments,
    ingress: platform.ingress,
    registry: { host: platform.registry.host, proxyCacheProjects: platform.registry.proxyCacheProjects },
    vault: {
      provider: vaultProvider,
      address: platform.vault.address,
      inClusterAddress: platform.vault.inClusterAddress,
      caCertificate: platform.vault.caCertificate,
      kvMountPath: platform.vault.kvMountPath,
      transitMountPath: platform.vault.transitMountPath,
      kubernetesAuthPath: platform.vault.kubernetesAuthPath,
      jwtAuthPath: platform.vault.jwtAuthPath,
    },
    gitlab: {
      url: platform.gitlab.url,
      provider: gitlab,
      parentGroupPath: config.gitlab.parentGroup ?? platform.gitlab.parentGroup,
      tier: platform.gitlab.tier,
    },
    // The CRD boundary: the releases live in the platform stack; the reference stands for "the platform is up".
    argocd: { namespace: platform.argocd.namespace, release: reference, clusterNames: platform.argocd.clusterNames },
    externalSecrets: { release: reference },
    admission: platform.admission ? { crdRelease: reference, imagePolicy: appImagePolicies(platformEnforcement(platform)) } : undefined,
    monitoring: platform.monitoring && { namespace: platform.monitoring.namespace, crdRelease: reference },
    backup: platform.backup && { namespace: platform.backup.namespace, crdRelease: reference },
    clusters: Object.fromEntries(
      (platform.clusters ?? []).map((c) => [
        c.name,
        {
          kubernetesAuthPath: c.kubernetesAuthPath,
          vaultAddress: c.vaultAddress,
          externalSecrets: { release: reference },
          admission: c.admission ? { crdRelease: reference } : undefined,
          monitoring: c.monitoring && { namespace: c.monitoring.namespace, crdRelease: reference },
          backup: c.backup && { namespace: c.backup.namespace, crdRelease: reference },
        },
      ]),
    ),
  };
}

/** The platform's enforcement; for a platform stack that does not export it, derived from its environments by the same rule. */
export function platformEnforcement(platform: PlatformOnboarding): AdmissionEnforcement {
  return platform.enforcement ?? stackEnforcement(platform.profile, platform.environments);
}

/**
 * Before any app is registered: the platform declares the environments an app may target, and
 * the names the platform stack holds (its namespaces, proxy caches and its own apps) are taken.
 */
function checkApps(config: TenantConfig, platform: PlatformOnboarding): void {
  const declared = platform.environments.map((env) => env.name);
  const naming = {
    environments: platform.environments,
    gitlabParentGroup: config.gitlab.parentGroup ?? platform.gitlab.parentGroup,
    registryHost: platform.registry.host,
    domain: platform.domain,
    platformNamespaces: [platform.argocd.namespace, platform.ingress.namespace, ...(platform.names?.namespaces ?? [])],
    platformHarborProjects: platform.names?.harborProjects ?? Object.values(platform.registry.proxyCacheProjects),
  };
  const registry = platform.names?.tenants;
  const stack = pulumi.getStack();
  const others = (registry ?? []).filter((tenant) => tenant.stack !== stack);
  const owners = [
    ...(platform.names?.apps ?? []).map((app) =>
      appClaimOwner(app, naming, `app '${app.name}' of the platform stack '${config.platformStack}'`),
    ),
    ...others.flatMap((tenant) => tenantReservations(tenant, declared, naming)),
  ];
  const nameOf = elementNames(config);
  const at = (index: number, problem: Problem) => `${formatPath(["apps", index, ...problem.path], nameOf)}: ${problem.message}`;
  const problems = [
    ...config.apps.flatMap((app, index) =>
      [...environmentProblems(app, declared), ...productionWindowProblems(app, platform.environments), ...appNameProblems(app)].map((p) =>
        at(index, p),
      ),
    ),
    ...tenantClusterProblems(config, platform),
    ...(registry === undefined ? [] : ownershipProblems(config, registry, stack).map(({ index, problem }) => at(index, problem))),
    ...appCollisionProblems(config.apps, { ...naming, otherOwners: owners }).map(({ index, problem }) => at(index, problem)),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
}

/** A tenant stack onboards only apps the platform's registry gives it. */
function ownershipProblems(
  config: TenantConfig,
  registry: readonly { stack: string; apps: readonly string[] }[],
  stack: string,
): { index: number; problem: Problem }[] {
  const mine = registry.find((tenant) => tenant.stack === stack)?.apps ?? [];
  return config.apps.flatMap((app, index) => {
    if (mine.includes(app.name)) return [];
    const owner = registry.find((tenant) => tenant.apps.includes(app.name))?.stack;
    const message =
      owner === undefined
        ? `app '${app.name}' is not registered to stack '${stack}' in the platform stack '${config.platformStack}' (tenants[] there); ask the platform team to register it`
        : `app '${app.name}' is owned by tenant stack '${owner}'; only its owner may onboard it`;
    return [{ index, problem: { path: ["name"], message } }];
  });
}

/** Every cluster an app's environment runs on is one this stack reaches and the platform describes. */
function tenantClusterProblems(config: TenantConfig, platform: PlatformOnboarding): string[] {
  const needed = new Map<string, string[]>();
  for (const app of config.apps)
    for (const env of app.environments) {
      const cluster = platform.environments.find((e) => e.name === env)?.cluster;
      if (cluster !== undefined && cluster !== IN_CLUSTER) needed.set(cluster, [...(needed.get(cluster) ?? []), `${app.name}/${env}`]);
    }
  return [...needed].flatMap(([cluster, uses]) => [
    ...(config.clusters.some((c) => c.name === cluster)
      ? []
      : [
          `clusters: environments ${uses.join(", ")} run on the platform's cluster '${cluster}'; add { name: ${cluster}, kubeconfig } (run 'pulumi config set --secret --path "clusters[<index>].kubeconfig" "$(cat <kubeconfig>)"') or { name: ${cluster}, context }`,
        ]),
    ...(platform.clusters?.some((c) => c.name === cluster)
      ? []
      : [
          `platformStack: '${config.platformStack}' does not describe cluster '${cluster}' in its '${PLATFORM_ONBOARDING_OUTPUT}' output (give it services.argocd.clusters[].connection and deploy it)`,
        ]),
  ]);
}
