import { z } from "zod";
import { appSpecSchema } from "../../components/onboarding/app-spec";
import { secretField } from "../../components/platform/service-settings";
import { ConfigError, describeIssue, elementNames } from "../../components/validation/issues";
import { foreignKeyProblems, nearMiss, projectConfig, runtimeConfig } from "../config/project-config";
import { PROJECT } from "../config/schema";

/**
 * A tenant stack holds apps only (one team or a group of teams) and reads the
 * platform's addresses through a StackReference, so onboarding never changes
 * the platform stack. Setting `delivery-platform:platformStack` switches the
 * program to tenant mode.
 */
export const PLATFORM_STACK_KEY = `${PROJECT}:platformStack`;

/** `organization/project/stack`, as `pulumi stack ls --all` prints it. */
const QUALIFIED_STACK = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;
const GITLAB_GROUP_PATH = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/;

/** Platform keys a tenant must not set: they come from the platform stack. */
export const PLATFORM_ONLY_KEYS: ReadonlySet<string> = new Set(["environment", "domain", "environments", "ingress", "tls", "services"]);

export function isTenantStack(raw: Readonly<Record<string, string>>): boolean {
  return PLATFORM_STACK_KEY in raw;
}

export function tenantConfigSchema(secretKeys: ReadonlySet<string>) {
  const secret = secretField((key) => secretKeys.has(key));
  return z
    .strictObject({
      platformStack: z
        .string()
        .regex(QUALIFIED_STACK, "must be a fully qualified stack name such as organization/delivery-platform/prod")
        .meta({
          description: "The platform stack whose `onboarding` output this tenant stack reads (StackReference).",
        }),
      cluster: z
        .strictObject({
          context: z.string().min(1).optional().meta({ description: "kubeconfig context of the platform's cluster." }),
          kubeconfig: secret(
            "cluster.kubeconfig",
            "Kubeconfig of the stack's service account (token from the platform's Secret tenant-stacks/<stack>-token).",
          ).optional(),
        })
        .refine((c) => (c.context === undefined) !== (c.kubeconfig === undefined), {
          message: "set exactly one of 'context' or 'kubeconfig'",
        })
        .optional()
        .meta({
          description:
            "How Pulumi reaches the platform's cluster to create the apps' namespace-scoped objects: the service account the platform stack grants this stack (`tenant-stacks/<stack>`, bound to `admin` in the apps' namespaces only). Needed once the platform created the apps' foundations.",
        }),
      clusters: z
        .array(
          z
            .strictObject({
              name: z
                .string()
                .regex(
                  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
                  "must be a cluster name as the platform registers it (services.argocd.clusters[].name)",
                )
                .meta({ description: "The platform's name of the cluster (an environment's `cluster`)." }),
              context: z.string().min(1).optional().meta({ description: "kubeconfig context of that cluster." }),
              kubeconfig: secret(
                "clusters[<index>].kubeconfig",
                "Full kubeconfig contents with rights on the tenant's namespaces there.",
              ).optional(),
            })
            .refine((c) => (c.context === undefined) !== (c.kubeconfig === undefined), {
              message: "set exactly one of 'context' or 'kubeconfig'",
            }),
        )
        .refine((clusters) => new Set(clusters.map((c) => c.name)).size === clusters.length, { message: "cluster names must be unique" })
        .default([])
        .meta({
          description:
            "How Pulumi reaches the platform's other clusters where environments of this stack's apps run (docs/multi-cluster.md); the platform's own cluster is `cluster`.",
        }),
      gitlab: z
        .strictObject({
          token: secret(
            "gitlab.token",
            "Group access token (Owner) of `gitlab.parentGroup`, the group the tenant's team groups are created in.",
          ),
          parentGroup: z.string().regex(GITLAB_GROUP_PATH, "must be a GitLab group path such as platform/apps").optional().meta({
            description:
              "The tenant's own group, where its team groups are created; its token reaches nothing else. Default: the platform's `gitlab.parentGroup` (then the token reaches the platform's apps' projects, which the access graph reports).",
          }),
        })
        .meta({ description: "GitLab credentials of this tenant; the URL comes from the platform stack." }),
      harbor: z
        .unknown()
        .refine((v) => v === undefined, {
          message:
            "a tenant stack holds no Harbor login any more: the platform stack creates its apps' projects and robots (docs/access.md); remove 'harbor' from the stack config",
        })
        .optional()
        .meta({ description: "Not used: the platform stack creates the apps' Harbor projects and robots. Setting it is an error." }),
      vault: z
        .strictObject({
          token: secret(
            "vault.token",
            "Vault token of the stack's token role (`vault token create -role=tenant-stack-<stack>`): writes its apps' GitOps writer tokens only.",
          ),
          address: z
            .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
            .optional()
            .meta({ description: "Address the Vault provider uses instead of the platform's, for example a port-forward." }),
          tlsSkipVerify: z.boolean().optional().meta({ description: "Skip TLS verification; default: as the platform stack says." }),
        })
        .optional()
        .meta({
          description:
            "Vault credentials of this tenant; the address comes from the platform stack. Needed once the platform created the apps' foundations.",
        }),
      apps: z
        .array(appSpecSchema)
        .min(1, "a tenant stack onboards at least one app")
        .meta({ description: "Apps to onboard; each entry becomes one AppOnboarding." }),
    })
    .superRefine((config, ctx) => {
      config.apps.forEach((app, index) => {
        if (config.apps.findIndex((other) => other.name === app.name) < index)
          ctx.addIssue({
            code: "custom",
            path: ["apps", index, "name"],
            message: `duplicate app name '${app.name}'; app names must be unique`,
          });
      });
    });
}

export type TenantConfig = z.output<ReturnType<typeof tenantConfigSchema>>;

/** Validates raw Pulumi config of a tenant stack; throws one ConfigError listing every problem. */
export function parseTenantConfig(raw: Readonly<Record<string, string>>, secretKeys: Iterable<string>): TenantConfig {
  const { values, secretTopKeys } = projectConfig(raw, secretKeys);
  const schema = tenantConfigSchema(secretTopKeys);
  const result = schema.safeParse(values);
  const topKeys = Object.keys(schema.shape);
  // A platform-only key under a wrong namespace is still a platform-only key: the same fix applies.
  const foreign = foreignKeyProblems(raw, [...topKeys, ...PLATFORM_ONLY_KEYS]);
  if (result.success && foreign.length === 0) return result.data;
  if (result.success) throw new ConfigError(foreign);
  const suggest = (path: readonly PropertyKey[], key: string) => {
    if (path.length > 0 || PLATFORM_ONLY_KEYS.has(key)) return undefined;
    return nearMiss(key, topKeys);
  };
  const platformOnly = (line: string) => [...PLATFORM_ONLY_KEYS].some((key) => line === `${key}: unknown key`);
  const nameOf = elementNames(values);
  throw new ConfigError([
    ...foreign,
    ...result.error.issues
      .flatMap((issue) => describeIssue(issue, suggest, nameOf))
      .map((line) => (platformOnly(line) ? `${line}; a tenant stack reads it from the platform stack (${PLATFORM_STACK_KEY})` : line)),
  ]);
}

/** Reads the tenant config the language host (or the offline plan) provided. */
export function loadTenantConfig(): TenantConfig {
  const { raw, secretKeys } = runtimeConfig();
  return parseTenantConfig(raw, secretKeys);
}
