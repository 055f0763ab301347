import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

/**
 * The stack configuration contract. Every key lives in the project's namespace
 * (`delivery-platform:<key>`); docs/configuration.md is generated from this file.
 *
 * The schema is built per run because secret fields must know whether Pulumi
 * delivered their top-level key as a secret: a secret typed in plain text into a
 * stack file is rejected instead of being silently accepted.
 */

export const PROJECT = "delivery-platform";

export const PROFILES = ["dev", "staging", "prod"] as const;
export type Profile = (typeof PROFILES)[number];

export const SERVICE_NAMES = [
  "certManager",
  "externalSecrets",
  "harbor",
  "argocd",
  "kyverno",
  "vault",
  "victoriaMetrics",
  "victoriaLogs",
  "velero",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const EXACT_SEMVER = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const GITLAB_GROUP_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** Longest app name such that `<app>-<environment>` namespaces stay within 63 characters. */
export const MAX_APP_NAME = 40;
export const MAX_ENVIRONMENT_NAME = 20;

const dnsLabel = (max = 63) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .regex(DNS_LABEL, "must be a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit)");

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

const httpsUrl = z.url({ protocol: /^https?$/, message: "must be an absolute http(s) URL, for example https://gitlab.example.com" });

/**
 * A string that must arrive as a Pulumi secret. `delivered` says whether the
 * field's top-level key is listed in PULUMI_CONFIG_SECRET_KEYS; the value is
 * wrapped in `pulumi.secret` so it stays secret in every resource it reaches.
 */
function secretString(delivered: boolean, path: string, description: string) {
  return z
    .string()
    .min(1, "must not be empty")
    .refine(() => delivered, {
      message: `must be stored as a secret: run 'pulumi config set --secret --path ${path} <value>'`,
    })
    .transform((value) => pulumi.secret(value))
    .meta({ description, secret: true });
}

/** Which top-level config keys Pulumi delivered as secrets (without the project prefix). */
export type SecretKeys = ReadonlySet<string>;

export function configSchema(secretKeys: SecretKeys) {
  const secret = (path: string, description: string) => secretString(secretKeys.has(path.split(".")[0] ?? path), path, description);

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
      name: dnsLabel(MAX_ENVIRONMENT_NAME).meta({ description: "Environment name, used in namespaces (`<app>-<environment>`)." }),
      production: z
        .boolean()
        .default(false)
        .meta({ description: "Production environments get manual or windowed sync, backups and stricter gates." }),
      cluster: dnsLabel()
        .default("in-cluster")
        .meta({ description: "Argo CD destination cluster; `in-cluster` is the platform's own cluster." }),
    })
    .meta({ description: "A deployment environment that apps can target." });

  const serviceBase = {
    enabled: z.boolean().default(true).meta({ description: "Install this service." }),
    chartVersion: z
      .string()
      .regex(EXACT_SEMVER, "must be an exact chart version such as 1.2.3 (ranges are not allowed)")
      .optional()
      .meta({ description: "Override the pinned Helm chart version (exact version only)." }),
    values: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: "Extra Helm values merged over the profile's defaults. Never put secrets here." }),
  };
  const service = (description: string) => z.strictObject(serviceBase).prefault({}).meta({ description });

  const veleroStorage = z
    .discriminatedUnion("kind", [
      z.strictObject({
        kind: z.literal("in-cluster").meta({ description: "A small S3-compatible store inside the cluster (dev profile)." }),
      }),
      z.strictObject({
        kind: z.literal("s3").meta({ description: "External S3-compatible object storage (required in prod)." }),
        bucket: dnsLabel().meta({ description: "Bucket that holds the backups." }),
        region: z.string().min(1).meta({ description: "Bucket region." }),
        endpoint: httpsUrl.optional().meta({ description: "S3 endpoint for non-AWS stores (MinIO, Ceph, Garage...)." }),
        accessKeyId: secret("services.velero.storage.accessKeyId", "Access key id for the bucket."),
        secretAccessKey: secret("services.velero.storage.secretAccessKey", "Secret access key for the bucket."),
      }),
    ])
    .prefault({ kind: "in-cluster" })
    .meta({ description: "Where Velero stores backups." });

  const services = z
    .strictObject({
      certManager: service("cert-manager: certificates for every ingress."),
      externalSecrets: service("External Secrets Operator: syncs Vault secrets into namespaces."),
      harbor: service("Harbor: registry, Trivy scanning, signatures."),
      argocd: service("Argo CD: GitOps delivery."),
      kyverno: service("Kyverno: admission guardrails."),
      vault: service("Vault: secrets."),
      victoriaMetrics: service("VictoriaMetrics k8s stack: metrics, alerting, Grafana."),
      victoriaLogs: service("VictoriaLogs and a log collector."),
      velero: z
        .strictObject({ ...serviceBase, storage: veleroStorage })
        .prefault({})
        .meta({ description: "Velero: backup and disaster recovery." }),
    })
    .prefault({})
    .meta({ description: "Per-service toggles and overrides." });

  const gitlab = z
    .strictObject({
      url: httpsUrl.meta({ description: "Base URL of the GitLab instance." }),
      parentGroup: z
        .string()
        .regex(GITLAB_GROUP_PATH, "must be a GitLab group path such as platform/apps")
        .meta({ description: "Full path of the group under which team groups and app projects are created." }),
      token: secret("gitlab.token", "GitLab API token for the provider; required in prod (dev falls back to GITLAB_TOKEN).").optional(),
    })
    .meta({ description: "The GitLab instance that hosts app repositories and pipelines." });

  const app = z
    .strictObject({
      name: dnsLabel(MAX_APP_NAME).meta({ description: `App name: a DNS-1123 label of at most ${MAX_APP_NAME} characters.` }),
      team: dnsLabel().meta({ description: "Owning team: a DNS-1123 label; becomes the GitLab subgroup and RBAC subject." }),
      environments: z
        .array(dnsLabel(MAX_ENVIRONMENT_NAME))
        .min(1, "must list at least one environment")
        .refine((envs) => new Set(envs).size === envs.length, { message: "must not list an environment twice" })
        .meta({ description: "Environments the app is deployed to; each must be declared in `environments`." }),
      description: z.string().max(250).optional().meta({ description: "Free text shown in GitLab and Argo CD." }),
    })
    .meta({ description: "An app onboarded onto the platform." });

  return z
    .strictObject({
      environment: z
        .enum(PROFILES)
        .meta({ description: "Platform profile: dev (single replicas, Vault dev mode), staging, or prod (HA)." }),
      domain: domainName.meta({ description: "Base DNS domain; services are exposed as `<service>.<domain>`." }),
      cluster,
      environments: z
        .array(environment)
        .min(1, "must declare at least one environment")
        .default([{ name: "dev", production: false, cluster: "in-cluster" }])
        .meta({ description: "Deployment environments that apps can target." }),
      services,
      gitlab,
      apps: z.array(app).default([]).meta({ description: "Apps to onboard; each entry becomes one AppOnboarding." }),
    })
    .superRefine((config, ctx) => {
      for (const rule of CROSS_FIELD_RULES) {
        for (const problem of rule.check(config)) ctx.addIssue({ code: "custom", path: problem.path, message: problem.message });
      }
    });
}

interface Problem {
  path: (string | number)[];
  message: string;
}

/** Rules that span several keys; listed in docs/configuration.md with their descriptions. */
export const CROSS_FIELD_RULES: readonly { description: string; check: (config: PlatformConfig) => Problem[] }[] = [
  {
    description: "Environment names are unique.",
    check: (config) =>
      config.environments.flatMap((env, index) =>
        config.environments.findIndex((other) => other.name === env.name) < index
          ? [{ path: ["environments", index, "name"], message: `duplicate environment '${env.name}'` }]
          : [],
      ),
  },
  {
    description: "App names are unique.",
    check: (config) =>
      config.apps.flatMap((app, index) =>
        config.apps.findIndex((other) => other.name === app.name) < index
          ? [{ path: ["apps", index, "name"], message: `duplicate app name '${app.name}'; app names must be unique` }]
          : [],
      ),
  },
  {
    description: "Every environment an app lists is declared in `environments`.",
    check: (config) => {
      const declared = config.environments.map((env) => env.name);
      return config.apps.flatMap((app, index) =>
        app.environments.flatMap((env, envIndex) =>
          declared.includes(env)
            ? []
            : [
                {
                  path: ["apps", index, "environments", envIndex],
                  message: `unknown environment '${env}'; declared environments: ${declared.join(", ")}`,
                },
              ],
        ),
      );
    },
  },
  {
    description: "cert-manager stays enabled while Harbor, Argo CD, Vault or VictoriaMetrics (which need TLS certificates) are enabled.",
    check: ({ services }) => {
      const needing = (["harbor", "argocd", "vault", "victoriaMetrics"] as const).filter((s) => services[s].enabled);
      return !services.certManager.enabled && needing.length > 0
        ? [
            {
              path: ["services", "certManager", "enabled"],
              message: `cert-manager issues the TLS certificates of ${needing.join(", ")}; enable it or disable those services`,
            },
          ]
        : [];
    },
  },
  {
    description: "External Secrets needs Vault.",
    check: ({ services }) =>
      services.externalSecrets.enabled && !services.vault.enabled
        ? [
            {
              path: ["services", "externalSecrets", "enabled"],
              message: "External Secrets reads from Vault; enable services.vault or disable externalSecrets",
            },
          ]
        : [],
  },
  {
    description: "prod: `gitlab.token` is set (as a secret).",
    check: (config) =>
      config.environment === "prod" && config.gitlab.token === undefined
        ? [{ path: ["gitlab", "token"], message: "required in prod: run 'pulumi config set --secret --path gitlab.token <token>'" }]
        : [],
  },
  {
    description: "prod: Velero stores backups outside the cluster (`services.velero.storage.kind: s3`, with secret credentials).",
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
    description: "prod: the GitLab URL uses https.",
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
