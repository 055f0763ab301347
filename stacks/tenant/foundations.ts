import type * as k8s from "@pulumi/kubernetes";
import type * as random from "@pulumi/random";
import type * as time from "@pulumiverse/time";
import { IN_CLUSTER } from "../../components/platform/argocd/destinations";
import { AppOnboarding } from "../../components/onboarding/app-onboarding";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { TenantStackAccess, type TenantNamespace } from "../../components/onboarding/tenant-access";
import type { AcceptedClaim, PendingClaim } from "./claims";

/** What the platform exports per tenant stack (`onboarding.tenantStacks`): which foundations exist and the grants' names. */
export interface TenantGrantsOutput {
  stack: string;
  /** Apps whose foundations this platform stack creates: the tenant creates their namespace-scoped half. */
  apps: string[];
  kubernetes: { namespace: string; serviceAccount: string; tokenSecret: string; namespaces: string[] };
  vault: { policy: string; tokenRole: string };
}

/**
 * The platform stack's side of every accepted claim: one AppOnboarding per app with
 * `part: "foundations"` (the same component and resource names as a platform app, so a tenant's
 * resources keep their URNs when moved between stacks), then the tenant stack's grants on exactly
 * those apps' namespaces and Vault paths.
 */
export async function onboardTenantFoundations(
  claims: { accepted: readonly AcceptedClaim[]; pending: readonly PendingClaim[] },
  contextFor: (gitlabParentGroup: string) => OnboardingContext,
  providers: { kubernetes: k8s.Provider; random: random.Provider; time: time.Provider; clusters?: Record<string, k8s.Provider> },
): Promise<{
  grants: TenantGrantsOutput[];
  summary: Record<string, { foundations: string[]; waitingFor: string[] }>;
  apps: AppOnboarding[];
}> {
  const { clusters, ...inherited } = providers;
  const grants: TenantGrantsOutput[] = [];
  const apps: AppOnboarding[] = [];
  const summary: Record<string, { foundations: string[]; waitingFor: string[] }> = {};
  for (const pending of claims.pending) {
    const entry = (summary[pending.stack] ??= { foundations: [], waitingFor: [] });
    entry.waitingFor.push(pending.waitingFor);
  }
  for (const claim of claims.accepted) {
    const entry = (summary[claim.stack] ??= { foundations: [], waitingFor: [] });
    if (claim.apps.length === 0) continue;
    const context = contextFor(claim.gitlabParentGroup);
    const onboarded: AppOnboarding[] = [];
    for (const spec of claim.apps) {
      onboarded.push(
        new AppOnboarding(spec.name, { spec, context, part: "foundations", clusterProviders: clusters }, { providers: inherited }),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
    const namespaces: TenantNamespace[] = onboarded.flatMap((app) =>
      app.spec.environments.map((env) => {
        const cluster = context.environments.find((e) => e.name === env)?.cluster ?? IN_CLUSTER;
        return { name: app.names.kubernetes.namespaces[env]!, cluster, provider: cluster === IN_CLUSTER ? undefined : clusters?.[cluster] };
      }),
    );
    const access = new TenantStackAccess(
      `tenant-${claim.stack}`,
      {
        stack: claim.stack,
        apps: onboarded.map((app) => app.names),
        namespaces,
        kvMountPath: context.vault.kvMountPath,
        // The foundations part required it (AppOnboarding's boundary).
        vaultProvider: context.vault.provider!,
        dependsOn: onboarded.flatMap((app) => (app.tenancy ? [app.tenancy] : [])),
      },
      { providers: inherited },
    );
    entry.foundations = onboarded.map((app) => app.spec.name);
    apps.push(...onboarded);
    grants.push({
      stack: claim.stack,
      apps: entry.foundations,
      kubernetes: {
        namespace: access.names.namespace,
        serviceAccount: access.names.serviceAccount,
        tokenSecret: access.names.tokenSecret,
        namespaces: namespaces.map((ns) => ns.name),
      },
      vault: { policy: access.names.vaultPolicy, tokenRole: access.names.vaultTokenRole },
    });
  }
  return { grants, summary, apps };
}
