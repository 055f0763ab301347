import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import * as tls from "@pulumi/tls";
import * as time from "@pulumiverse/time";
import { clusterProvider } from "../components/kubernetes/cluster-provider";
import type { AppOnboarding } from "../components/onboarding/app-onboarding";
import { platformOnboardingContext } from "../components/onboarding/platform-onboarding-context";
import { Platform } from "../components/platform/platform";
import { hostFor } from "../components/platform/platform-context";
import { workloadClusters } from "../components/platform/workload-cluster/workload-clusters";
import { Provider as GitlabProvider } from "../components/providers/gitlab";
import { stackEnforcement } from "../policies/enforcement/levels";
import { appImagePolicies } from "../policies/kyverno/app-image-policy";
import { kyvernoPolicyManifests } from "../policies/kyverno/manifests";
import { PEER_NAMESPACES } from "../policies/crossguard/network-policies";
import { platformNamespaces, type PlatformConfig } from "./config/schema";
import { ownedNamespaces } from "./owned-namespaces";
import { restoreDrillTargets } from "./restore-drill-targets";
import { stackPolicyExceptions } from "./policy-exceptions";
import { platformSbomReference } from "./sbom-reference";
import { readTenantClaims } from "./tenant/claims";
import { onboardApps, onboardTeamAccess } from "./tenant/onboard-apps";
import { onboardTenantFoundations } from "./tenant/foundations";
import { PLATFORM_ONBOARDING_OUTPUT, platformOnboardingOutput } from "./tenant/platform-outputs";
import { deploymentTarget } from "./config/deployment-target";

/** The release ledger settings onboarding hands to each app's pipeline. */
const releaseLedgerOf = (config: PlatformConfig) => ({
  ...(config.releaseLedger.logsIngestUrl ? { logsIngestUrl: config.releaseLedger.logsIngestUrl.replace(/\/+$/, "") } : {}),
  ...(config.releaseLedger.emergency
    ? {
        emergency: { onCallGroup: config.releaseLedger.emergency.onCallGroup, reviewDueDays: config.releaseLedger.emergency.reviewDueDays },
      }
    : {}),
});

/**
 * The whole delivery platform for one validated stack config. Both `pulumi up`
 * (stacks/index.ts) and the offline plan (plan/) run exactly this function.
 */
export async function deliveryPlatform(config: PlatformConfig) {
  // Registered tenants' claims first: a claim for another owner's app stops the plan before anything else is registered.
  const claims = await readTenantClaims(config);
  const cluster = clusterProvider("platform-cluster", {
    clusterIdentifier: config.domain,
    context: config.cluster.context,
    kubeconfig: config.cluster.kubeconfig,
  });
  // Default providers are disabled in the stacks, so generated passwords need an explicit one too.
  const randomProvider = new random.Provider("platform-random");
  // One rule for both enforcement points: each environment's tier picks the guardrails' levels
  // (policies/enforcement/levels.ts); Kyverno adds what advisory guardrails do.
  const enforcement = {
    ...stackEnforcement(config.environment, config.environments),
    ...(config.services.kyverno.validationActions ? { advisoryActions: config.services.kyverno.validationActions } : {}),
  };
  // The platform's internal CA key pair (components/platform/cert-manager/internal-ca.ts).
  const tlsProvider = new tls.Provider("platform-tls");
  // Rotation clocks of Harbor robots (components/platform/harbor/rotating-robot.ts).
  const timeProvider = new time.Provider("platform-time");
  // The same catalog the CrossGuard pack enforces in CI, as Kyverno policies in the cluster.
  // App NetworkPolicies may name the platform's namespaces (the ingress controller's included) besides their own.
  const guardrailPolicies = kyvernoPolicyManifests(config.environment, {
    registryHost: hostFor(config, "harbor"),
    peerNamespaces: [...new Set([...PEER_NAMESPACES, ...platformNamespaces(config)])].sort(),
    enforcement,
    ownedNamespaces: ownedNamespaces(config),
  });
  const imagePolicies = appImagePolicies(enforcement);
  // Each exception record becomes a PolicyException here and a CrossGuard waiver in the plan's evaluation.
  const exceptions = stackPolicyExceptions(config, guardrailPolicies, imagePolicies);
  const admissionPolicies = [...guardrailPolicies, ...exceptions.manifests];
  const platform = new Platform(
    "platform",
    {
      profile: config.environment,
      domain: config.domain,
      ingress: config.ingress,
      tls: config.tls,
      services: config.services,
      gitlabUrl: config.gitlab.url,
      platformRepository:
        config.gitlab.platformProjectId === undefined
          ? undefined
          : { projectId: config.gitlab.platformProjectId, defaultBranch: config.gitlab.platformDefaultBranch },
      kyvernoPolicies: admissionPolicies,
      restoreDrills: restoreDrillTargets(
        config,
        claims.accepted.flatMap((claim) => claim.apps.map((app) => ({ app, gitlabParentGroup: claim.gitlabParentGroup }))),
      ),
      releaseLedger: {
        ...(config.releaseLedger.emergency ? { reviewDueDays: config.releaseLedger.emergency.reviewDueDays } : {}),
        exceptions: config.exceptions.map((e) => ({ id: e.id, guardrail: e.guardrail, owner: e.owner, expires: e.expires })),
      },
    },
    { providers: { kubernetes: cluster, random: randomProvider, tls: tlsProvider, time: timeProvider } },
  );

  // The other clusters environments run on: a provider each, and what apps there rely on (docs/multi-cluster.md).
  const workload = workloadClusters(
    { platform, clusters: config.services.argocd.clusters, services: config.services, admissionPolicies },
    { platformCluster: cluster, random: randomProvider },
  );

  // One GitLab provider for all apps; the token stays a secret (dev may rely on GITLAB_TOKEN instead).
  const gitlab = new GitlabProvider("gitlab", { baseUrl: `${config.gitlab.url.replace(/\/$/, "")}/api/v4/`, token: config.gitlab.token });
  const onboardingContext = (parentGroupPath: string) =>
    platformOnboardingContext({
      platform,
      environments: config.environments,
      ingress: config.ingress,
      gitlab: { url: config.gitlab.url, provider: gitlab, parentGroupPath, tier: config.gitlab.tier },
      releaseLedger: releaseLedgerOf(config),
      imagePolicy: imagePolicies,
      clusters: workload.onboarding,
    });
  const appProviders = { kubernetes: cluster, random: randomProvider, time: timeProvider, clusters: workload.providers };
  const apps: Record<string, AppOnboarding> =
    config.apps.length > 0 ? await onboardApps(config.apps, onboardingContext(config.gitlab.parentGroup), appProviders) : {};
  // The privileged half of each accepted tenant app, and the tenant stack's scoped grants (docs/access.md).
  const tenants = await onboardTenantFoundations(claims, onboardingContext, appProviders);
  onboardTeamAccess([...Object.values(apps), ...tenants.apps], onboardingContext(config.gitlab.parentGroup), {
    kubernetes: cluster,
    random: randomProvider,
    time: timeProvider,
  });

  return {
    profile: config.environment,
    // Where this stack is deployed from (stacks/config/deployment-target.ts): the repository CI deploys the `ci` ones.
    deployFrom: deploymentTarget(config.cluster),
    domain: config.domain,
    namespaces: platform.namespaces,
    urls: platform.urls,
    registryHost: platform.harbor?.registryHost,
    harborProxyCaches: platform.harbor?.proxyCacheProjects,
    apps: Object.fromEntries(Object.entries(apps).map(([name, app]) => [name, app.outputs])),
    // Registered tenant stacks: the apps whose foundations this stack creates, and what it still waits for.
    ...(config.tenants.length > 0 ? { tenantClaims: tenants.summary } : {}),
    // What each cluster other than the platform's runs (docs/multi-cluster.md).
    workloadClusters: workload.summary,
    vault: platform.vault && {
      address: platform.vault.address,
      kvMountPath: platform.vault.kvMountPath,
      kubernetesAuthPath: platform.vault.kubernetesAuthPath,
      jwtAuthPath: platform.vault.jwtAuthPath,
    },
    // Single sign-on (docs/identity.md): who every tool trusts, and whether the realm requires MFA. No secrets.
    identity: platform.identity && {
      provider: platform.identity.provider,
      issuer: platform.identity.issuer,
      mfaRequired: platform.identity.mfaRequired,
      clients: Object.keys(platform.identity.clients).sort(),
      adminGroups: platform.identity.adminGroups,
    },
    // Decisions the operator took on the record: the access graph and the evidence report read them
    // (access/accepted-risks.ts; the tier is in onboarding.gitlab.tier).
    acceptedRisks: [
      ...(config.gitlab.acceptMissingApprovals ? [{ id: "gitlab-free-approvals", ...config.gitlab.acceptMissingApprovals }] : []),
      // The emergency path (docs/release-ledger.md): the access graph draws its edge from the on-call group from this.
      ...(config.releaseLedger.emergency
        ? [
            {
              id: "emergency-change",
              reason: config.releaseLedger.emergency.reason,
              group: config.releaseLedger.emergency.onCallGroup,
              approvals: config.releaseLedger.emergency.approvals,
            },
          ]
        : []),
    ],
    // What the release ledger's jobs and alerts use (docs/release-ledger.md); no secrets.
    releaseLedger: {
      logsIngestUrl: config.releaseLedger.logsIngestUrl,
      emergency: config.releaseLedger.emergency && {
        onCallGroup: config.releaseLedger.emergency.onCallGroup,
        approvals: config.releaseLedger.emergency.approvals,
        reviewDueDays: config.releaseLedger.emergency.reviewDueDays,
      },
    },
    // Where the platform SBOM comes from and which chart versions it covers (the SBOM itself: npm run evidence).
    sbom: platformSbomReference(pulumi.getStack()),
    // What the guardrails enforce where: the CrossGuard evaluation of the plan reads the tiers from here.
    guardrails: { enforcement, exceptions: exceptions.exported },
    // What tenant stacks (stacks/tenant.ts) read through a StackReference; no secrets.
    [PLATFORM_ONBOARDING_OUTPUT]: platformOnboardingOutput(
      config,
      platform,
      admissionPolicies,
      workload.onboarding,
      enforcement,
      tenants.grants,
    ),
  };
}
