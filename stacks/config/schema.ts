import { z } from "zod";
import {
  appCollisionProblems,
  appNameProblems,
  environmentProblems,
  productionWindowProblems,
  tenantReservations,
  type Problem,
} from "../../components/onboarding/app-rules";
import { previewProblems, progressiveDeliveryProblems, type DeliveryPlatform } from "../../components/onboarding/delivery-rules";
import { appName, appSpecSchema, dnsLabel, environmentName } from "../../components/onboarding/app-spec";
import { backingServiceProblems } from "../../components/onboarding/backing-services/rules";
import { cloudnativePgProblems } from "../../components/platform/cloudnative-pg/settings";
import { SERVICE_NAMESPACES } from "../../components/platform/service-catalog";
import { hostFor } from "../../components/platform/platform-context";
import { deploymentTarget, isLoopbackDomain } from "./deployment-target";
import { TENANT_STACKS_NAMESPACE } from "../../components/onboarding/tenant-access-names";
import { DRILL_RUNNER_NAMESPACE } from "../../components/platform/restore-drills/names";
import { PROXY_CACHES } from "../../components/platform/harbor/proxy-caches";
import { secretField } from "../../components/platform/service-settings";
import { tlsSettings } from "../../components/platform/cert-manager/tls-settings";
import { argocdProfileProblems } from "../../components/platform/argocd/settings";
import { harborProfileProblems } from "../../components/platform/harbor/settings";
import { identityProfileProblems } from "../../components/platform/identity/settings";
import { ingressSettings } from "../../components/platform/ingress-settings";
import { serviceRequirementProblems, SERVICE_REQUIREMENTS_RULE } from "../../components/platform/service-requirements";
import { servicesSettings } from "../../components/platform/services-settings";
import { branchName } from "../../components/platform/vault/platform-ci-access";
import { raftSnapshotProblems } from "../../components/platform/vault/raft-snapshot-target";
import { vaultSettingsProblems } from "../../components/platform/vault/settings";
import {
  CLUSTER_RULES,
  clusterReferenceProblems,
  workloadClusterProblems,
} from "../../components/platform/workload-cluster/cluster-problems";
import { victoriaMetricsProfileProblems } from "../../components/platform/victoria-metrics/settings";
import { acceptedRiskSchema, GITLAB_TIERS, hasApprovalRules, isExpired } from "../../components/shared/gitlab-tier";
import { PROFILES } from "../../components/shared/profiles";
import { exceptionProblems } from "../../policies/exceptions/exception-problems";
import { exceptionRecordSchema } from "../../policies/exceptions/exception-record";
import { ownedNamespaces, stackAppNamespaces } from "../owned-namespaces";

export { PROFILES, type Profile } from "../../components/shared/profiles";
export { SERVICE_NAMES, type ServiceName } from "../../components/shared/service-names";

/**
 * The stack configuration contract. Every key lives in the project's namespace
 * (`delivery-platform:<key>`); docs/configuration.md is generated from this file.
 *
 * The schema is built per run because secret fields must know whether Pulumi
 * delivered their top-level key as a secret: a secret typed in plain text into a
 * stack file is rejected instead of being silently accepted.
 */

export const PROJECT = "delivery-platform";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const GITLAB_GROUP_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

const domainName = z
  .string()
  .max(253, "must be at most 253 characters")
  .refine(
    (value) => {
      const labels = value.split(".");
      return labels.length >= 2 && labels.every((label) => label.length <= 63 && DNS_LABEL.test(label));
    },
    { message: "must be a DNS domain of at least two lower-case labels, for example platform.example.com" },
  );

/** Pulumi stack names (pkg/tokens: letters, digits, '-', '_', '.'). */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const httpsUrl = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL, for example https://gitlab.example.com" });

/** Which top-level config keys Pulumi delivered as secrets (without the project prefix). */
export type SecretKeys = ReadonlySet<string>;

/** The stack config's keys and their own rules, without the rules that span keys (CROSS_FIELD_RULES). */
export function configObjectSchema(secretKeys: SecretKeys) {
  const secret = secretField((key) => secretKeys.has(key));

  const cluster = z
    .strictObject({
      context: z.string().min(1).optional().meta({ description: "kubeconfig context to deploy to (for example kind-delivery-platform)." }),
      kubeconfig: secret("cluster.kubeconfig", "Full kubeconfig contents; use in CI instead of a local context.").optional(),
    })
    .refine((c) => (c.context === undefined) !== (c.kubeconfig === undefined), {
      message: "set exactly one of 'context' or 'kubeconfig'",
    })
    .meta({ description: "How Pulumi reaches the cluster that hosts the platform." });

  const environment = z
    .strictObject({
      name: environmentName().meta({ description: "Environment name, used in namespaces (`<app>-<environment>`)." }),
      production: z
        .boolean()
        .default(false)
        .meta({ description: "Production environments get manual or windowed sync, backups and stricter gates." }),
      cluster: dnsLabel()
        .default("in-cluster")
        .meta({ description: "Argo CD destination cluster; `in-cluster` is the platform's own cluster." }),
      enforcement: z.enum(PROFILES).optional().meta({
        description:
          "Which guardrail levels apply in this environment's namespaces (the catalog's dev, staging or prod column), for CrossGuard over the plan and Kyverno at admission alike. Default: prod for a production environment, else the profile the environment is named after, else dev.",
      }),
    })
    .meta({ description: "A deployment environment that apps can target." });

  const gitlab = z
    .strictObject({
      url: httpsUrl.meta({ description: "Base URL of the GitLab instance." }),
      parentGroup: z
        .string()
        .regex(GITLAB_GROUP_PATH, "must be a GitLab group path such as platform/apps")
        .meta({ description: "Full path of the group under which team groups and app projects are created." }),
      token: secret("gitlab.token", "GitLab API token for the provider; required in prod (dev falls back to GITLAB_TOKEN).").optional(),
      tier: z.enum(GITLAB_TIERS).default("premium").meta({
        description:
          "GitLab tier: premium and ultimate enforce independent approval of production changes (approval rules); free cannot, and needs `acceptMissingApprovals`.",
      }),
      acceptMissingApprovals: acceptedRiskSchema.optional().meta({
        description: "On GitLab Free: the explicit acceptance that production changes can merge without an independent approval.",
      }),
      platformProjectId: z
        .number()
        .int("must be a whole number")
        .positive("must be the platform repository's numeric project ID (GitLab: Settings > General)")
        .optional()
        .meta({
          description:
            "Project ID of this platform repository. Set it on the stack whose Vault the repository's CI reads (`VAULT_SERVER_URL`): Vault then creates role `ci.platform`, the only reader of `platform/ci/*`, bound to this project's protected default branch. Without it no role is created and the pipeline's Pulumi jobs cannot log in.",
        }),
      platformDefaultBranch: branchName()
        .default("main")
        .meta({ description: "Default branch of the platform repository: the only ref whose pipeline gets role `ci.platform`." }),
    })
    .meta({ description: "The GitLab instance that hosts app repositories and pipelines." });

  return z.strictObject({
    environment: z.enum(PROFILES).meta({ description: "Platform profile: dev (single replicas, Vault dev mode), staging, or prod (HA)." }),
    domain: domainName.meta({ description: "Base DNS domain; services are exposed as `<service>.<domain>`." }),
    cluster,
    environments: z
      .array(environment)
      .min(1, "must declare at least one environment")
      .default([{ name: "dev", production: false, cluster: "in-cluster" }])
      .meta({ description: "Deployment environments that apps can target." }),
    ingress: ingressSettings,
    tls: tlsSettings,
    services: servicesSettings(secret),
    gitlab,
    apps: z.array(appSpecSchema).default([]).meta({ description: "Apps to onboard; each entry becomes one AppOnboarding." }),
    tenants: z
      .array(
        z.strictObject({
          stack: z
            .string()
            .regex(STACK_NAME, "must be a stack name such as tenant-payments")
            .meta({ description: "Name of the tenant stack (as `pulumi stack ls` shows it, without organization and project)." }),
          apps: z
            .array(appName())
            .min(1, "must list the apps this stack may onboard")
            .meta({ description: "Apps that stack owns: it may onboard these and no others, and no other stack may." }),
        }),
      )
      .default([])
      .meta({
        description:
          "The ownership registry: which tenant stack owns which apps. Tenant stacks read it from this stack's `onboarding` output and refuse apps they do not own.",
      }),
    releaseLedger: z
      .strictObject({
        logsIngestUrl: z
          .url({
            protocol: /^https?$/,
            message: "must be a VictoriaLogs base URL reachable from the GitLab runners, for example https://logs.example.com",
          })
          .regex(/^https?:\/\/[^\s/'"$`\\]+\/?$/, "must be a base URL without path")
          .optional()
          .meta({
            description:
              "VictoriaLogs base URL the app pipelines' ledger jobs POST their JSON lines to (`/insert/jsonline`). Absent: the ledger lives in the config repositories only (Argo CD events still reach VictoriaLogs in-cluster).",
          }),
        emergency: z
          .strictObject({
            onCallGroup: z
              .string()
              .regex(GITLAB_GROUP_PATH, "must be a GitLab group path such as platform/on-call")
              .meta({ description: "GitLab group whose members may start an emergency change (`CHANGE_TYPE=emergency`)." }),
            approvals: z.number().int("must be a whole number").min(1, "an emergency change still needs one approval").default(1).meta({
              description:
                "Approvals from the on-call group an emergency production change needs (the access graph's emergency-change edge).",
            }),
            reviewDueDays: z.number().int("must be a whole number").min(1).max(90).default(5).meta({
              description:
                "Days until the retroactive review of an emergency change is due; the follow-up issue's due date and the overdue alert use it.",
            }),
            reason: z
              .string()
              .min(20, "say why an emergency path is needed (at least 20 characters)")
              .meta({ description: "Why the platform offers an emergency path; recorded as an accepted risk." }),
          })
          .optional()
          .meta({ description: "The emergency change path (docs/release-ledger.md). Absent: pipelines refuse `CHANGE_TYPE=emergency`." }),
      })
      .prefault({})
      .meta({ description: "The release ledger (docs/release-ledger.md): where its log lines go and the emergency change path." }),
    exceptions: z.array(exceptionRecordSchema).default([]).meta({
      description:
        "Policy exceptions, one record each: the CrossGuard waiver and the Kyverno PolicyException are generated from it, and the plan and the evidence report list it. An expired record is an error in prod and a warning elsewhere (then it applies nowhere).",
    }),
  });
}

/** The stack configuration contract: every key, its own rules and the rules that span keys. */
export function configSchema(secretKeys: SecretKeys) {
  return configObjectSchema(secretKeys).superRefine((config, ctx) => {
    for (const problem of crossFieldProblems(config)) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
  });
}

export type TopLevelKey = keyof z.output<ReturnType<typeof configObjectSchema>>;

/**
 * Problems of the rules that span keys: all of them, or, given `unreadable` (keys whose own values
 * are invalid, so the config holds something else there), those that say what they read and read
 * none of these.
 */
export function crossFieldProblems(config: PlatformConfig, unreadable?: ReadonlySet<TopLevelKey>): Problem[] {
  return CROSS_FIELD_RULES.filter(
    (rule) => unreadable === undefined || (rule.reads !== undefined && rule.reads.every((key) => !unreadable.has(key))),
  ).flatMap((rule) => rule.check(config));
}

/** Namespaces the platform's services and its ingress controller use: no app may derive one of them. */
export const platformNamespaces = (config: Pick<PlatformConfig, "ingress">): string[] => [
  ...Object.values(SERVICE_NAMESPACES),
  config.ingress.namespace,
];
/** Harbor projects the platform creates (proxy caches). */
export const platformHarborProjects = (): string[] => Object.values(PROXY_CACHES).map((cache) => cache.project);

/** What the collision rules need to know about this platform. */
const stackNaming = (config: PlatformConfig) => ({
  environments: config.environments,
  gitlabParentGroup: config.gitlab.parentGroup,
  registryHost: hostFor(config, "harbor"),
  domain: config.domain,
  // Also the namespaces the platform creates for itself beyond its services: no app may derive one of them.
  platformNamespaces: [...platformNamespaces(config), TENANT_STACKS_NAMESPACE, DRILL_RUNNER_NAMESPACE],
  platformHarborProjects: platformHarborProjects(),
});

/** The registry's own rules, and the registered apps' names against this stack's apps. */
function tenantRegistryProblems(config: PlatformConfig): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<string, string>();
  config.apps.forEach((app) => [app.name, ...app.formerNames].forEach((name) => owner.set(name, "this platform stack")));
  config.tenants.forEach((tenant, index) => {
    if (config.tenants.findIndex((other) => other.stack === tenant.stack) < index)
      problems.push({ path: ["tenants", index, "stack"], message: `'${tenant.stack}' is listed twice; list each tenant stack once` });
    tenant.apps.forEach((app, appIndex) => {
      const taken = owner.get(app);
      if (taken !== undefined)
        problems.push({
          path: ["tenants", index, "apps", appIndex],
          message: `app '${app}' is already owned by ${taken}; an app has exactly one owner: remove it from one of them`,
        });
      else owner.set(app, `tenant stack '${tenant.stack}'`);
    });
  });
  const naming = stackNaming(config);
  const reserved = config.tenants.flatMap((tenant) =>
    tenantReservations(
      tenant,
      config.environments.map((e) => e.name),
      naming,
    ),
  );
  for (const { index, problem } of appCollisionProblems(config.apps, { ...naming, otherOwners: reserved }))
    problems.push(...ofApp(index, [problem]));
  return problems;
}

/** The environments and registered clusters, as the cluster rules read them. */
const clusterTopology = (config: PlatformConfig) => ({
  environments: config.environments,
  clusters: config.services.argocd.clusters,
  tlsIssuer: config.tls.issuer,
});

/** Problems of one app, with paths relative to it, as problems of `apps[index]`. */
const ofApp = (index: number, problems: readonly Problem[]): Problem[] =>
  problems.map((p) => ({ path: ["apps", index, ...p.path], message: p.message }));

/** What canary, blue-green and preview apps need from the platform's services. */
const deliveryPlatform = (services: {
  argoRollouts: { enabled: boolean };
  victoriaMetrics: { enabled: boolean };
  kyverno: { enabled: boolean };
}): DeliveryPlatform => ({
  rollouts: services.argoRollouts.enabled,
  metrics: services.victoriaMetrics.enabled,
  admission: services.kyverno.enabled,
});

/** What the collision rules read (stackNaming). */
const NAMING_KEYS: readonly TopLevelKey[] = ["environments", "gitlab", "domain", "ingress"];

/**
 * Rules that span several keys; listed in docs/configuration.md with their descriptions. `reads`
 * names the top-level keys a rule reads, so it can run while other keys are still invalid (one run
 * reports both); a rule without it runs only on an otherwise valid config.
 */
export const CROSS_FIELD_RULES: readonly {
  description: string;
  reads?: readonly TopLevelKey[];
  check: (config: PlatformConfig) => Problem[];
}[] = [
  {
    description: "Environment names are unique.",
    reads: ["environments"],
    check: (config) =>
      config.environments.flatMap((env, index) =>
        config.environments.findIndex((other) => other.name === env.name) < index
          ? [{ path: ["environments", index, "name"], message: `duplicate environment '${env.name}'` }]
          : [],
      ),
  },
  {
    description: "A production environment is enforced at the prod level: `enforcement` may not lower it.",
    check: (config) =>
      config.environments.flatMap((env, index) =>
        env.production && env.enforcement !== undefined && env.enforcement !== "prod"
          ? [
              {
                path: ["environments", index, "enforcement"],
                message: `production environment '${env.name}' must be enforced at the prod level: remove 'enforcement' or set it to prod`,
              },
            ]
          : [],
      ),
  },
  {
    description: "App names are unique.",
    reads: ["apps"],
    check: (config) =>
      config.apps.flatMap((app, index) =>
        config.apps.findIndex((other) => other.name === app.name) < index
          ? [{ path: ["apps", index, "name"], message: `duplicate app name '${app.name}'; app names must be unique` }]
          : [],
      ),
  },
  {
    description: "Every environment an app lists is declared in `environments`.",
    reads: ["apps", "environments"],
    check: (config) => {
      const declared = config.environments.map((env) => env.name);
      return config.apps.flatMap((app, index) => ofApp(index, environmentProblems(app, declared)));
    },
  },
  {
    description: "A production sync window (`delivery.production.sync: window`) needs a production environment among the app's.",
    reads: ["apps", "environments"],
    check: (config) => config.apps.flatMap((app, index) => ofApp(index, productionWindowProblems(app, config.environments))),
  },
  {
    description:
      "An app's backing services (`services.postgres`, `services.cache`) run only in the app's environments, a production database has at least 2 instances, they run on the platform's own cluster, and in every environment the workload at its rollout peak plus the services fit the app's quota (`resources.quota`) and container limits.",
    reads: ["apps", "environments"],
    check: (config) => config.apps.flatMap((app, index) => ofApp(index, backingServiceProblems(app, config.environments))),
  },
  {
    description:
      "Apps with a database need `services.cloudnativePg` (with `backups` and `apiServer`), apps with a cache need `services.certManager`.",
    reads: ["apps", "services"],
    check: ({ apps, services }) =>
      apps.flatMap((app, index) =>
        ofApp(
          index,
          (["postgres", "cache"] as const).flatMap((service) => {
            if (app.services[service] === undefined) return [];
            const needs = service === "postgres" ? "cloudnativePg" : "certManager";
            return services[needs].enabled
              ? []
              : [{ path: ["services", service], message: `needs services.${needs}: enable it in the stack config` }];
          }),
        ),
      ),
  },
  {
    description:
      "An enabled `services.cloudnativePg` describes its backup store (`backups`) and the API server (`apiServer`); in prod the store's endpoint is https.",
    reads: ["environment", "services"],
    check: ({ environment, services }) => cloudnativePgProblems(environment, services.cloudnativePg),
  },
  {
    description:
      "A canary or blueGreen app (`delivery.strategy`) needs Argo Rollouts and metrics to analyse (VictoriaMetrics or `delivery.analysis.prometheusAddress`).",
    reads: ["apps", "services"],
    check: (config) =>
      config.apps.flatMap((app, index) => ofApp(index, progressiveDeliveryProblems(app, deliveryPlatform(config.services)))),
  },
  {
    description:
      "An app with `previews.enabled` has a non-production environment to host them (`previews.environment`, default its first non-production one) and Kyverno to admit them.",
    reads: ["apps", "environments", "services"],
    check: (config) =>
      config.apps.flatMap((app, index) => ofApp(index, previewProblems(app, config.environments, deliveryPlatform(config.services)))),
  },
  {
    description:
      "An app's names fit every system: its Harbor project name has no '--', no environment is named `ci` (the CI secrets folder), the metrics port is not named `http`, and `formerNames` does not list the current name.",
    reads: ["apps"],
    check: (config) => config.apps.flatMap((app, index) => ofApp(index, appNameProblems(app))),
  },
  {
    description:
      "No two apps (with their former names and environments) derive the same namespace, Vault path, policy or role, transit key, Harbor project, GitLab project, Argo CD project or application, Velero schedule, image policy or host, and no app takes a name of the platform (its service and Kubernetes namespaces, proxy-cache projects, Argo CD's `default` project, its services' hosts).",
    reads: ["apps", ...NAMING_KEYS],
    check: (config) => appCollisionProblems(config.apps, stackNaming(config)).map(({ index, problem }) => ofApp(index, [problem])[0]!),
  },
  {
    description:
      "Every app has one owner: a tenant stack is listed once, an app is registered to at most one tenant stack and is not also onboarded (or formerly named) here, and the names a tenant's apps would derive collide with no app of this stack.",
    reads: ["apps", "tenants", ...NAMING_KEYS],
    check: (config) => tenantRegistryProblems(config),
  },
  {
    description: SERVICE_REQUIREMENTS_RULE,
    reads: ["services"],
    check: ({ services }) => serviceRequirementProblems((service) => services[service].enabled),
  },
  {
    description:
      "A stack deployed from CI (`cluster.kubeconfig`) has a `domain` runners and other clusters resolve: not a loopback name (`localhost`, `*.127.0.0.1.nip.io`, `*.127-0-0-1.sslip.io`), which only a workstation's own cluster answers.",
    reads: ["cluster", "domain"],
    check: (config) =>
      deploymentTarget(config.cluster) === "ci" && isLoopbackDomain(config.domain)
        ? [
            {
              path: ["domain"],
              message: `'${config.domain}' resolves to the loopback address, which no CI runner or other cluster reaches: set the platform's real DNS domain, or deploy this stack from a workstation with 'cluster.context'`,
            },
          ]
        : [],
  },
  {
    description: "prod: `gitlab.token` is set (as a secret).",
    reads: ["environment", "gitlab"],
    check: (config) =>
      config.environment === "prod" && config.gitlab.token === undefined
        ? [{ path: ["gitlab", "token"], message: "required in prod: run 'pulumi config set --secret --path gitlab.token <token>'" }]
        : [],
  },
  {
    description: "prod: Velero stores backups outside the cluster (`services.velero.storage.kind: s3`, with secret credentials).",
    reads: ["environment", "services"],
    check: ({ environment, services }) =>
      environment === "prod" && services.velero.enabled && services.velero.storage.kind !== "s3"
        ? [
            {
              path: ["services", "velero", "storage", "kind"],
              message: "prod backups must leave the cluster: set kind 's3' with bucket, region and secret credentials",
            },
          ]
        : [],
  },
  {
    description: "prod: the backup bucket encrypts what it stores (`services.velero.storage.encryption` not `none`).",
    reads: ["environment", "services"],
    check: ({ environment, services }) =>
      environment === "prod" &&
      services.velero.enabled &&
      services.velero.storage.kind === "s3" &&
      services.velero.storage.encryption.kind === "none"
        ? [
            {
              path: ["services", "velero", "storage", "encryption", "kind"],
              message: "prod backups hold every namespace's objects: set 'sse-s3' or 'sse-kms' with a kmsKeyId",
            },
          ]
        : [],
  },
  {
    description: "prod: ingress certificates come from a real CA (`tls.issuer: acme`), not the self-signed platform CA.",
    reads: ["environment", "tls"],
    check: (config) =>
      config.environment === "prod" && config.tls.issuer === "self-signed"
        ? [{ path: ["tls", "issuer"], message: "prod needs certificates browsers and clients trust: set issuer 'acme' with an email" }]
        : [],
  },
  {
    description: "staging/prod: Harbor runs several replicas, so it uses external PostgreSQL, external Redis and S3 image storage.",
    reads: ["environment", "services"],
    check: ({ environment, services }) =>
      services.harbor.enabled
        ? harborProfileProblems(environment, services.harbor).map((p) => ({ path: ["services", "harbor", ...p.path], message: p.message }))
        : [],
  },
  {
    description:
      "staging/prod: Argo CD gives signed-in users no default role (`services.argocd.readOnlyDefault: false`): `role:readonly` reads every app's logs.",
    reads: ["environment", "services"],
    check: ({ environment, services }) =>
      services.argocd.enabled
        ? argocdProfileProblems(environment, services.argocd).map((p) => ({ path: ["services", "argocd", ...p.path], message: p.message }))
        : [],
  },
  {
    description:
      "Identity: with Keycloak, staging/prod require MFA and run at least two replicas (prod) on an external PostgreSQL; `provider: external` comes with `external` (issuer and clients) and only then.",
    reads: ["environment", "services"],
    check: ({ environment, services }) =>
      services.identity.enabled
        ? identityProfileProblems(environment, services.identity).map((p) => ({
            path: ["services", "identity", ...p.path],
            message: p.message,
          }))
        : [],
  },
  {
    description:
      "Vault: outside dev, auto-unseal is set (prod), audit stays on (prod) and `configure: true` comes with a token; in dev neither token nor auto-unseal is set.",
    reads: ["environment", "services"],
    check: ({ environment, services }) => (services.vault.enabled ? vaultSettingsProblems(environment, services.vault) : []),
  },
  {
    description:
      "Vault outside dev: raft snapshots (`services.vault.snapshots`) go to Velero's external bucket or one of their own, with External Secrets delivering the credentials.",
    check: ({ environment, services }) => raftSnapshotProblems(environment, services),
  },
  {
    description:
      "VictoriaMetrics: prod routes alerts to at least one receiver (`services.victoriaMetrics.alerting`, secrets from Vault through External Secrets) and keeps Grafana in an external PostgreSQL (two replicas).",
    check: ({ environment, services }) => {
      if (!services.victoriaMetrics.enabled) return [];
      const problems = victoriaMetricsProfileProblems(environment, services.victoriaMetrics);
      if (services.victoriaMetrics.alerting.receivers.length > 0 && (!services.externalSecrets.enabled || !services.vault.enabled))
        problems.push({
          path: ["services", "victoriaMetrics", "alerting", "receivers"],
          message: "receivers read their secrets from Vault through External Secrets: enable services.vault and services.externalSecrets",
        });
      return problems;
    },
  },
  {
    description: "Apps need Harbor, Argo CD, External Secrets and a configured Vault (`services.vault.configure`).",
    reads: ["apps", "services"],
    check: ({ apps, services }) => {
      if (apps.length === 0) return [];
      const missing = [
        ...(["harbor", "argocd", "externalSecrets", "vault"] as const).filter((s) => !services[s].enabled).map((s) => `services.${s}`),
        ...(services.vault.enabled && services.vault.configure === false ? ["services.vault.configure"] : []),
      ];
      return missing.length > 0
        ? [{ path: ["apps"], message: `onboarding apps needs ${missing.join(", ")}; enable them (for Vault: finish the bootstrap first)` }]
        : [];
    },
  },
  {
    description: CLUSTER_RULES.reference,
    reads: ["environments", "services"],
    check: (config) => clusterReferenceProblems(clusterTopology(config)),
  },
  {
    description: `${CLUSTER_RULES.connection} ${CLUSTER_RULES.publicCertificates}`,
    reads: ["environments", "services", "tls"],
    check: (config) => workloadClusterProblems(clusterTopology(config)),
  },
  {
    description:
      "GitLab Free (`gitlab.tier: free`) comes with `gitlab.acceptMissingApprovals` (reason, owner, expiry) that has not expired; other tiers do not set it.",
    reads: ["gitlab"],
    check: ({ gitlab }) => {
      const acceptance = gitlab.acceptMissingApprovals;
      if (hasApprovalRules(gitlab.tier))
        return acceptance === undefined
          ? []
          : [
              {
                path: ["gitlab", "acceptMissingApprovals"],
                message: `only applies to gitlab.tier 'free'; ${gitlab.tier} enforces approvals: remove it`,
              },
            ];
      if (acceptance === undefined)
        return [
          {
            path: ["gitlab", "acceptMissingApprovals"],
            message:
              "required with gitlab.tier 'free': Free cannot require an independent approval of production changes; accept that explicitly ({ reason, owner, expires }) or use Premium",
          },
        ];
      return isExpired(acceptance, new Date())
        ? [
            {
              path: ["gitlab", "acceptMissingApprovals", "expires"],
              message: `expired on ${acceptance.expires}: review the decision and renew or remove it`,
            },
          ]
        : [];
    },
  },
  {
    description:
      "Exceptions: unique ids, a guardrail that is not mandatory on every profile, an expiry not past (prod) and at most 90 days ahead in prod (180 elsewhere), and a scope naming this stack's apps, their environments and namespaces the platform owns.",
    check: (config) => {
      if (config.exceptions.length === 0) return [];
      return exceptionProblems(config.exceptions, {
        profile: config.environment,
        now: new Date(),
        apps: config.apps,
        ownedNamespaces: ownedNamespaces(config).map((ns) => ns.name),
        appNamespaces: [...stackAppNamespaces(config).values()].flat().map((ns) => ns.name),
      }).map((p) => ({ path: ["exceptions", ...p.path], message: p.message }));
    },
  },
  {
    description: "prod: the GitLab URL uses https.",
    reads: ["environment", "gitlab"],
    check: (config) =>
      config.environment === "prod" && new URL(config.gitlab.url).protocol !== "https:"
        ? [{ path: ["gitlab", "url"], message: "must use https in prod" }]
        : [],
  },
];

export type PlatformConfig = z.output<ReturnType<typeof configSchema>>;
export type AppSpec = PlatformConfig["apps"][number];
export type EnvironmentSpec = PlatformConfig["environments"][number];
export type ServicesConfig = PlatformConfig["services"];
