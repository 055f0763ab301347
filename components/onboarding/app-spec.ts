import { z } from "zod";
import { reservedWordIn } from "./app-name-collisions";
import { cronExpression, timeZoneName } from "../shared/cron-expression";
import { dnsLabel } from "../shared/dns-label";
import { RESERVED_NAME_WORDS } from "./app-names";
import { repositoryPath } from "./repository-path";
import { appVexSpec } from "./vex/accepted-risks";
import { backingServicesSpec } from "./backing-services/spec";
import { workloadSpec } from "./workload-spec";
import { deliveryAnalysis, deliveryStrategy } from "./progressive-delivery-spec";
import { previewSettings } from "./preview-spec";

/** Days an old robot must keep working after its replacement: a week to notice a missed `pulumi up`, a week to act. */
export const MIN_ROBOT_OVERLAP_DAYS = 14;

/** The effective rotation period of an app's robots (registry.robotRotationDays or its default). */
export const robotRotationDays = (registry: { robotExpiryDays: number; robotRotationDays?: number }): number =>
  registry.robotRotationDays ?? registry.robotExpiryDays - Math.max(MIN_ROBOT_OVERLAP_DAYS, Math.ceil(registry.robotExpiryDays / 3));

/**
 * One app as a team writes it in the stack config (`apps[]`) or passes it to
 * `new AppOnboarding(name, { spec, ... })`. Everything but name, team and
 * environments has defaults, so the smallest onboarding is three lines.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Kubernetes CPU quantities (`500m`, `2`) and memory quantities (`512Mi`, `4Gi`). */
const CPU = /^\d+(\.\d+)?m?$/;
const MEMORY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/;
const GO_DURATION = /^(\d+h)?(\d+m)?(\d+s)?$/;

/** Longest app name such that `<app>-<environment>` namespaces stay within 63 characters. */
export const MAX_APP_NAME = 40;
export const MAX_ENVIRONMENT_NAME = 20;

export { dnsLabel };

/** A DNS label that no later feature's names can collide with (see RESERVED_NAME_WORDS). */
const unreservedLabel = (max: number) =>
  dnsLabel(max).superRefine((value, ctx) => {
    const word = reservedWordIn(value);
    if (word !== undefined)
      ctx.addIssue({ code: "custom", message: `must not contain the word '${word}': it is reserved for ${RESERVED_NAME_WORDS[word]}` });
  });

/** An app name (also each former name). */
export const appName = () => unreservedLabel(MAX_APP_NAME);
/** An environment name: part of every namespace (`<app>-<environment>`). */
export const environmentName = () => unreservedLabel(MAX_ENVIRONMENT_NAME);

/** Parses a CPU quantity into millicores, a memory quantity into bytes. */
export function cpuMillis(quantity: string): number {
  return quantity.endsWith("m") ? Number(quantity.slice(0, -1)) : Number(quantity) * 1000;
}
export function memoryBytes(quantity: string): number {
  const units: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  const unit = quantity.slice(-2);
  return Number(quantity.slice(0, -2)) * (units[unit] ?? Number.NaN);
}

const cpu = z.string().regex(CPU, "must be a CPU quantity such as 500m or 2");
const memory = z.string().regex(MEMORY, "must be a memory quantity such as 512Mi or 4Gi");

const resources = z
  .strictObject({
    quota: z
      .strictObject({
        cpu: cpu.default("4").meta({ description: "Total CPU requests and limits per namespace (ResourceQuota)." }),
        memory: memory.default("8Gi").meta({ description: "Total memory requests and limits per namespace (ResourceQuota)." }),
        pods: z.int().positive().max(1000).default(30).meta({ description: "Maximum pods per namespace." }),
        storage: memory.default("20Gi").meta({ description: "Total persistent volume claims per namespace." }),
      })
      .prefault({}),
    container: z
      .strictObject({
        defaultRequest: z
          .strictObject({ cpu: cpu.default("100m"), memory: memory.default("128Mi") })
          .prefault({})
          .meta({ description: "LimitRange default requests for containers that set none." }),
        defaultLimit: z
          .strictObject({ cpu: cpu.default("500m"), memory: memory.default("512Mi") })
          .prefault({})
          .meta({ description: "LimitRange default limits for containers that set none." }),
        max: z
          .strictObject({ cpu: cpu.default("2"), memory: memory.default("2Gi") })
          .prefault({})
          .meta({ description: "LimitRange maximum per container." }),
      })
      .prefault({}),
  })
  .prefault({})
  .superRefine((r, ctx) => {
    const { defaultRequest, defaultLimit, max } = r.container;
    const check = (ok: boolean, path: string[], message: string) => {
      if (!ok) ctx.addIssue({ code: "custom", path, message });
    };
    check(
      cpuMillis(defaultRequest.cpu) <= cpuMillis(defaultLimit.cpu),
      ["container", "defaultRequest", "cpu"],
      "must not exceed container.defaultLimit.cpu",
    );
    check(
      memoryBytes(defaultRequest.memory) <= memoryBytes(defaultLimit.memory),
      ["container", "defaultRequest", "memory"],
      "must not exceed container.defaultLimit.memory",
    );
    check(cpuMillis(defaultLimit.cpu) <= cpuMillis(max.cpu), ["container", "defaultLimit", "cpu"], "must not exceed container.max.cpu");
    check(
      memoryBytes(defaultLimit.memory) <= memoryBytes(max.memory),
      ["container", "defaultLimit", "memory"],
      "must not exceed container.max.memory",
    );
    check(
      cpuMillis(max.cpu) <= cpuMillis(r.quota.cpu),
      ["container", "max", "cpu"],
      "must not exceed quota.cpu: one container could never start",
    );
    check(
      memoryBytes(max.memory) <= memoryBytes(r.quota.memory),
      ["container", "max", "memory"],
      "must not exceed quota.memory: one container could never start",
    );
    check(cpuMillis(r.quota.cpu) > 0, ["quota", "cpu"], "must be greater than zero");
    check(memoryBytes(r.quota.memory) > 0, ["quota", "memory"], "must be greater than zero");
  })
  .meta({ description: "Per-namespace quota and per-container limits (the same in every environment)." });

export const appSpecSchema = z
  .strictObject({
    name: appName().meta({ description: `App name: a DNS-1123 label of at most ${MAX_APP_NAME} characters.` }),
    team: dnsLabel().meta({ description: "Owning team: a DNS-1123 label; becomes the GitLab subgroup and the default RBAC groups." }),
    environments: z
      .array(environmentName())
      .min(1, "must list at least one environment")
      .refine((envs) => new Set(envs).size === envs.length, { message: "must not list an environment twice" })
      .meta({ description: "Environments the app is deployed to; each must be declared in `environments`." }),
    description: z.string().max(250).optional().meta({ description: "Free text shown in GitLab and Argo CD." }),
    formerNames: z
      .array(appName())
      .default([])
      .refine((names) => new Set(names).size === names.length, { message: "must not list a name twice" })
      .meta({
        description:
          "Earlier names of this app, oldest first. A rename keeps every resource: Pulumi aliases carry the resources over, and every physical name (namespaces, Vault paths, Harbor project, GitLab paths, Argo CD names) stays derived from the original name, the first entry.",
      }),
    access: z
      .strictObject({
        developers: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "Identity-provider group with edit rights outside production (default `<team>-developers`)." }),
        maintainers: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "Identity-provider group that may also operate production (default `<team>-maintainers`)." }),
      })
      .prefault({})
      .meta({ description: "Who may do what in the app's namespaces and Argo CD project." }),
    resources,
    registry: z
      .strictObject({
        storageQuotaGi: z.int().positive().max(10240).default(20).meta({ description: "Harbor project storage quota in GiB." }),
        keepLastTags: z
          .int()
          .positive()
          .max(1000)
          .default(20)
          .meta({ description: "Retention: keep this many most recent tags per repository." }),
        robotExpiryDays: z
          .int()
          .min(MIN_ROBOT_OVERLAP_DAYS + 1, `must be more than ${MIN_ROBOT_OVERLAP_DAYS} days (rotation needs an overlap)`)
          .max(365)
          .default(90)
          .meta({ description: "Robot accounts expire after this many days, counted from their creation." }),
        robotRotationDays: z
          .int()
          .positive()
          .optional()
          .meta({
            description:
              "`pulumi up` replaces a robot this many days after its creation; the old one works until it expires. " +
              `Default: robotExpiryDays minus a third of it (at least ${MIN_ROBOT_OVERLAP_DAYS} days). Needs a scheduled \`pulumi up\`.`,
          }),
      })
      .superRefine((registry, ctx) => {
        if (registry.robotRotationDays !== undefined && registry.robotRotationDays > registry.robotExpiryDays - MIN_ROBOT_OVERLAP_DAYS)
          ctx.addIssue({
            code: "custom",
            path: ["robotRotationDays"],
            message: `must be at most robotExpiryDays - ${MIN_ROBOT_OVERLAP_DAYS} (${registry.robotExpiryDays - MIN_ROBOT_OVERLAP_DAYS}): the old robot must outlive the rotation by two weeks of alerts`,
          });
      })
      .prefault({})
      .meta({ description: "The app's Harbor project." }),
    pipeline: z
      .strictObject({
        builder: z
          .enum(["buildkit", "buildah", "kaniko"])
          .default("buildkit")
          .meta({ description: "Image builder: rootless BuildKit (default), Buildah, or the maintained Kaniko fork." }),
        signing: z
          .enum(["keyless", "vault-transit"])
          .default("vault-transit")
          .meta({ description: "cosign keyless (Sigstore trusts the GitLab instance) or a Vault transit key." }),
        dockerfile: repositoryPath("file")
          .default("Dockerfile")
          .meta({ description: "Dockerfile path, relative to the repository root (letters, digits, '.', '_', '-', '/'; no '..')." }),
        context: repositoryPath("directory")
          .default(".")
          .meta({ description: "Build context directory, relative to the repository root (same characters; no '..')." }),
        testCommands: z.array(z.string().min(1)).default([]).meta({ description: "Extra commands the test job runs." }),
        testImage: z
          .string()
          .min(1)
          .optional()
          .meta({ description: "Image of the test job (exact tag or digest); the default is the platform's." }),
        scanSeverityThreshold: z
          .enum(["CRITICAL", "HIGH", "MEDIUM", "LOW"])
          .default("HIGH")
          .meta({ description: "Lowest severity that fails the scan gate; prod always fails on HIGH and CRITICAL." }),
      })
      .prefault({})
      .meta({ description: "The generated GitLab CI pipeline." }),
    delivery: z
      .strictObject({
        production: z
          .discriminatedUnion("sync", [
            z.strictObject({
              sync: z.literal("manual").meta({ description: "Someone syncs production in Argo CD after the merge request is merged." }),
            }),
            z.strictObject({
              sync: z.literal("window").meta({ description: "Auto-sync, but only inside an allow window." }),
              schedule: cronExpression("minute-first").meta({
                description: "When the window opens (cron: minute hour day-of-month month day-of-week, as Argo CD reads it).",
              }),
              duration: z
                .string()
                .regex(GO_DURATION, "must be a duration such as 2h")
                .meta({ description: "How long the window stays open." }),
              timeZone: timeZoneName().default("UTC").meta({ description: "Time zone of the schedule (IANA name)." }),
            }),
          ])
          .prefault({ sync: "manual" })
          .meta({ description: "How production changes reach the cluster." }),
        strategy: deliveryStrategy,
        analysis: deliveryAnalysis,
      })
      .prefault({})
      .meta({ description: "GitOps delivery settings." }),
    previews: previewSettings,
    service: z
      .strictObject({
        port: z
          .int()
          .min(1)
          .max(65535)
          .default(8080)
          .meta({ description: "Container port the app serves on (ingress and network policy)." }),
        metricsPort: z
          .string()
          .regex(DNS_LABEL)
          .max(15)
          .default("http-metrics")
          .meta({ description: "Name of the Service port that exposes metrics." }),
        metricsPath: z.string().startsWith("/").default("/metrics").meta({ description: "HTTP path of the metrics endpoint." }),
      })
      .prefault({})
      .meta({ description: "How the app is reached and scraped." }),
    backup: z
      .strictObject({
        schedule: cronExpression("minute-first").default("0 2 * * *").meta({ description: "When production namespaces are backed up." }),
        ttl: z
          .string()
          .regex(GO_DURATION, "must be a duration such as 720h")
          .default("720h")
          .meta({ description: "How long backups are kept." }),
        drill: z
          .strictObject({
            enabled: z
              .boolean()
              .default(true)
              .meta({ description: "Restore the latest backup into a scratch namespace on the platform's drill schedule." }),
            httpCheck: z
              .strictObject({
                path: z.string().startsWith("/").default("/").meta({ description: "HTTP path the drill requests (expects 2xx/3xx)." }),
                port: z
                  .int()
                  .min(1)
                  .max(65535)
                  .default(80)
                  .meta({ description: "Port of the app's Service the drill requests (the generated Service's `http` port is 80)." }),
              })
              .optional()
              .meta({ description: "Smoke check beyond workload readiness: one HTTP request to the restored Service." }),
          })
          .prefault({})
          .meta({ description: "Restore drill of the production backups (docs/backup-and-restore.md)." }),
      })
      .prefault({})
      .meta({ description: "Velero backups of the app's production namespaces." }),
    vex: appVexSpec(),
    workload: workloadSpec,
    services: backingServicesSpec,
  })
  .meta({ description: "An app onboarded onto the platform." });

export type AppSpec = z.output<typeof appSpecSchema>;
export type AppSpecInput = z.input<typeof appSpecSchema>;
