import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { GITLAB_TIERS } from "../../components/shared/gitlab-tier";
import { formatPath } from "../../components/validation/issues";
import type { Platform } from "../../components/platform/platform";
import { SERVICE_NAMESPACES } from "../../components/platform/service-catalog";
import type { WorkloadCluster } from "../../components/platform/workload-cluster/workload-cluster";
import { VALIDATION_ACTIONS } from "../../components/platform/kyverno/validation-actions";
import type { AdmissionEnforcement } from "../../policies/kyverno/admission-actions";
import { platformHarborProjects, platformNamespaces, PROFILES, type PlatformConfig } from "../config/schema";
import type { TenantGrantsOutput } from "./foundations";

/**
 * What a platform stack exports (stack output `onboarding`) for tenant stacks:
 * everything app onboarding needs except credentials, which each tenant stack
 * holds in its own secret config. Plain values only, so a tenant reads it once
 * through a StackReference and validates it before registering any app.
 */
export const PLATFORM_ONBOARDING_OUTPUT = "onboarding";

const nonEmpty = z.string().min(1);

export const platformOnboardingSchema = z.strictObject({
  profile: z.enum(PROFILES),
  domain: nonEmpty,
  environments: z
    .array(z.strictObject({ name: nonEmpty, production: z.boolean(), cluster: nonEmpty, enforcement: z.enum(PROFILES).optional() }))
    .min(1),
  ingress: z.strictObject({ className: nonEmpty, namespace: nonEmpty }),
  registry: z.strictObject({
    host: nonEmpty,
    url: z.url(),
    robotNamePrefix: nonEmpty,
    /** Whether API clients must skip TLS verification (self-signed platform CA). */
    skipTlsVerify: z.boolean(),
    proxyCacheProjects: z.record(z.string(), z.string()),
  }),
  vault: z.strictObject({
    address: z.url(),
    inClusterAddress: z.url(),
    /** CA certificate (PEM, public) of Vault's https listener; absent where it serves http (dev). */
    caCertificate: nonEmpty.optional(),
    kvMountPath: nonEmpty,
    transitMountPath: nonEmpty.optional(),
    kubernetesAuthPath: nonEmpty,
    jwtAuthPath: nonEmpty,
    skipTlsVerify: z.boolean(),
  }),
  /** `tier` is optional: platform stacks deployed before it was exported are read as premium. */
  gitlab: z.strictObject({ url: z.url(), parentGroup: nonEmpty, tier: z.enum(GITLAB_TIERS).optional() }),
  argocd: z.strictObject({ namespace: nonEmpty, clusterNames: z.array(nonEmpty).min(1) }),
  /** Kyverno is installed: apps get their image signature policy. */
  admission: z.boolean(),
  /**
   * What the platform's admission policies match and whether they deny, for tenant plans' access
   * graph (which cannot see the platform stack's resources). Optional for older platform stacks.
   */
  admissionPolicies: z
    .array(z.strictObject({ name: nonEmpty, validationActions: z.array(nonEmpty), matchConstraints: z.record(z.string(), z.unknown()) }))
    .optional(),
  /**
   * The tier of each environment and what advisory guardrails do at admission (policies/enforcement),
   * so tenant apps' image policies and the tenant plan's guardrails follow the platform's rule.
   * Optional for older platform stacks: tenants then derive the tiers from `environments`.
   */
  enforcement: z
    .strictObject({
      profile: z.enum(PROFILES),
      environments: z.array(z.strictObject({ name: nonEmpty, tier: z.enum(PROFILES) })),
      advisoryActions: z.array(z.enum(VALIDATION_ACTIONS)).optional(),
    })
    .optional(),
  monitoring: z.strictObject({ namespace: nonEmpty }).optional(),
  backup: z.strictObject({ namespace: nonEmpty }).optional(),
  /**
   * What the platform runs on each other cluster environments use (docs/multi-cluster.md): the
   * Vault auth mount of its service accounts and which CRD-installing services run there.
   * Optional: platform stacks deployed before it was exported had no other clusters.
   */
  clusters: z
    .array(
      z.strictObject({
        name: nonEmpty,
        kubernetesAuthPath: nonEmpty,
        vaultAddress: z.url(),
        admission: z.boolean(),
        monitoring: z.strictObject({ namespace: nonEmpty }).optional(),
        backup: z.strictObject({ namespace: nonEmpty }).optional(),
      }),
    )
    .optional(),
  /**
   * Names the platform stack holds, so a tenant stack can refuse an app whose names are taken.
   * Optional: platform stacks deployed before it was exported read as holding no names.
   */
  names: z
    .strictObject({
      namespaces: z.array(nonEmpty),
      harborProjects: z.array(nonEmpty),
      apps: z.array(z.strictObject({ name: nonEmpty, team: nonEmpty, formerNames: z.array(nonEmpty), environments: z.array(nonEmpty) })),
      /** The ownership registry: which tenant stack owns which apps (stack config `tenants`). */
      tenants: z.array(z.strictObject({ stack: nonEmpty, apps: z.array(nonEmpty) })).optional(),
    })
    .optional(),
  /**
   * The tenant stacks whose claims this platform accepted: the apps whose foundations it creates
   * and the names of each stack's grants (stacks/tenant/foundations.ts). A tenant creates its
   * namespace-scoped half only for the apps listed here. Optional: older platforms list none.
   */
  tenantStacks: z
    .array(
      z.strictObject({
        stack: nonEmpty,
        apps: z.array(nonEmpty),
        kubernetes: z.strictObject({ namespace: nonEmpty, serviceAccount: nonEmpty, tokenSecret: nonEmpty, namespaces: z.array(nonEmpty) }),
        vault: z.strictObject({ policy: nonEmpty, tokenRole: nonEmpty }),
      }),
    )
    .optional(),
});

export type PlatformOnboarding = z.output<typeof platformOnboardingSchema>;

/**
 * The `onboarding` export of a platform program, or undefined when the platform
 * cannot onboard apps (Harbor, Argo CD, External Secrets or a configured Vault missing).
 */
export function platformOnboardingOutput(
  config: PlatformConfig,
  platform: Platform,
  admissionPolicies: readonly Record<string, unknown>[] = [],
  workloadClusters: Readonly<Record<string, NonNullable<WorkloadCluster["onboarding"]>>> = {},
  enforcement?: AdmissionEnforcement,
  tenantStacks: readonly TenantGrantsOutput[] = [],
): pulumi.Output<PlatformOnboarding> | undefined {
  const { harbor, vault, argocd, externalSecrets, kyverno, victoriaMetrics, velero } = platform;
  if (!harbor || !vault?.provider || !argocd || !externalSecrets) return undefined;
  return pulumi.output({
    profile: config.environment,
    domain: config.domain,
    environments: config.environments,
    ingress: config.ingress,
    registry: {
      host: harbor.registryHost,
      url: harbor.url,
      robotNamePrefix: config.services.harbor.robotNamePrefix,
      // Same rule as the platform's own Harbor provider (stacks/program.ts → Harbor component).
      skipTlsVerify: config.tls.issuer === "self-signed",
      proxyCacheProjects: harbor.proxyCacheProjects,
    },
    vault: {
      address: vault.address,
      inClusterAddress: vault.inClusterAddress,
      caCertificate: vault.caCertificate,
      kvMountPath: vault.kvMountPath,
      transitMountPath: vault.transitMountPath,
      kubernetesAuthPath: vault.kubernetesAuthPath,
      jwtAuthPath: vault.jwtAuthPath,
      // Same default as the Vault component's provider: dev uses the self-signed platform CA.
      skipTlsVerify: config.services.vault.tlsSkipVerify ?? config.environment === "dev",
    },
    gitlab: { url: config.gitlab.url, parentGroup: config.gitlab.parentGroup, tier: config.gitlab.tier },
    argocd: { namespace: SERVICE_NAMESPACES.argocd, clusterNames: [...argocd.clusterNames] },
    admission: kyverno !== undefined,
    admissionPolicies: kyverno === undefined ? [] : admissionPolicies.filter((p) => p.kind === "ValidatingPolicy").map(admissionSummary),
    enforcement: enforcement && {
      profile: enforcement.profile,
      environments: [...enforcement.environments],
      ...(enforcement.advisoryActions ? { advisoryActions: [...enforcement.advisoryActions] } : {}),
    },
    monitoring: victoriaMetrics && { namespace: SERVICE_NAMESPACES.victoriaMetrics },
    backup: velero && { namespace: SERVICE_NAMESPACES.velero },
    // Only with other clusters, so platform stacks without them export what they always did.
    ...(Object.keys(workloadClusters).length === 0
      ? {}
      : {
          clusters: Object.entries(workloadClusters).map(([name, cluster]) => ({
            name,
            kubernetesAuthPath: cluster.kubernetesAuthPath,
            vaultAddress: cluster.vaultAddress,
            admission: cluster.admission !== undefined,
            monitoring: cluster.monitoring && { namespace: cluster.monitoring.namespace },
            backup: cluster.backup && { namespace: cluster.backup.namespace },
          })),
        }),
    names: {
      namespaces: platformNamespaces(config),
      harborProjects: platformHarborProjects(),
      apps: config.apps.map(({ name, team, formerNames, environments }) => ({ name, team, formerNames, environments })),
      tenants: config.tenants,
    },
    ...(tenantStacks.length > 0 ? { tenantStacks: [...tenantStacks] } : {}),
  });
}

/** Thrown when the referenced platform stack does not export a usable `onboarding` output. */
export class PlatformReferenceError extends Error {}

/** Validates what a StackReference returned for `onboarding`; names the referenced stack and the bad keys. */
export function parsePlatformOnboarding(platformStack: string, value: unknown): PlatformOnboarding {
  if (value === undefined || value === null) {
    throw new PlatformReferenceError(
      `platform stack '${platformStack}' exports no '${PLATFORM_ONBOARDING_OUTPUT}' output: deploy the platform first ` +
        "(with Harbor, Argo CD, External Secrets and a configured Vault), or offline pass --platform-plan <plan.json>",
    );
  }
  const result = platformOnboardingSchema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${formatPath([PLATFORM_ONBOARDING_OUTPUT, ...issue.path])}: ${issue.message}`);
    throw new PlatformReferenceError(
      `platform stack '${platformStack}' exports an '${PLATFORM_ONBOARDING_OUTPUT}' output this program cannot use ` +
        `(is the platform on an older or newer version?):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  return result.data;
}

/** Name, actions and match constraints of a ValidatingPolicy manifest: what decides where it applies. */
function admissionSummary(manifest: Record<string, unknown>): NonNullable<PlatformOnboarding["admissionPolicies"]>[number] {
  const metadata = manifest.metadata as { name: string };
  const spec = manifest.spec as { validationActions: string[]; matchConstraints: Record<string, unknown> };
  return { name: metadata.name, validationActions: spec.validationActions, matchConstraints: spec.matchConstraints };
}
