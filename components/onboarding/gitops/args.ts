import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { IN_CLUSTER } from "../../platform/argocd/destinations";
import { appNamespace, appSpecSchema, dnsLabel, type AppSpec } from "../app-spec";
import type { OnboardingContext } from "../onboarding-context";

/** Credentials Argo CD uses to clone the config repository (for example a GitLab deploy token). */
export interface RepositoryCredentials {
  username: pulumi.Input<string>;
  password: pulumi.Input<string>;
}

export interface AppGitOpsArgs {
  spec: AppSpec;
  context: OnboardingContext;
  /** The app's config (GitOps) repository; the AppProject allows this repository and no other. */
  configRepoUrl: pulumi.Input<string>;
  /** Environment -> the app's namespace there (tenancy creates them; Argo CD must not). */
  namespaces: Record<string, pulumi.Input<string>>;
  /** When set, a project-scoped repository Secret lets Argo CD clone a private config repository. */
  repositoryCredentials?: RepositoryCredentials;
}

/** Argo CD's built-in project allows every repository and destination; an app must never land in it. */
export const RESERVED_PROJECT = "default";

const nonEmptyInput = z.custom<pulumi.Input<string>>(
  (value) => (typeof value === "string" && value.length > 0) || pulumi.Output.isInstance(value),
  { message: "must be a non-empty string or Output" },
);

const REPO_URL = /^(https:\/\/|ssh:\/\/|git@)[^\s*?[\]]+$/;

/**
 * Plain strings are checked here; Outputs cannot be before they resolve. A glob
 * would widen `sourceRepos`, and GitLab redirects https URLs without `.git`,
 * which Argo CD does not follow.
 */
const repoUrl = nonEmptyInput.superRefine((value, ctx) => {
  if (typeof value !== "string") return;
  if (!REPO_URL.test(value))
    ctx.addIssue({ code: "custom", message: "must be an https://, ssh:// or git@ repository URL without wildcards" });
  else if (value.startsWith("https://") && !value.endsWith(".git"))
    ctx.addIssue({ code: "custom", message: "must end in .git (GitLab redirects other URLs and Argo CD does not follow redirects)" });
});

const contextSchema = z.object({
  environments: z.array(z.object({ name: z.string(), production: z.boolean(), cluster: z.string().min(1, "must not be empty") })),
  argocd: z.object({
    namespace: dnsLabel(),
    release: z.custom<pulumi.Resource | undefined>((value) => value === undefined || pulumi.Resource.isInstance(value), {
      message: "must be the Helm release that installs Argo CD's CRDs",
    }),
    clusterNames: z.array(z.string().min(1)),
  }),
});

export const appGitOpsArgsSchema = z
  .strictObject({
    spec: appSpecSchema,
    context: contextSchema,
    configRepoUrl: repoUrl,
    namespaces: z.record(z.string(), nonEmptyInput),
    repositoryCredentials: z.strictObject({ username: nonEmptyInput, password: nonEmptyInput }).optional(),
  })
  .superRefine(({ spec, context, namespaces }, ctx) => {
    if (spec.name === RESERVED_PROJECT)
      ctx.addIssue({
        code: "custom",
        path: ["spec", "name"],
        message: `must not be '${RESERVED_PROJECT}': the app's AppProject would be Argo CD's unrestricted default project`,
      });
    const declared = context.environments.map((e) => e.name);
    const registered = new Set([IN_CLUSTER, ...context.argocd.clusterNames]);
    spec.environments.forEach((env, i) => {
      const index = declared.indexOf(env);
      const environment = context.environments[index];
      if (!environment) {
        ctx.addIssue({
          code: "custom",
          path: ["spec", "environments", i],
          message: `'${env}' is not declared in context.environments (declared: ${declared.join(", ") || "none"})`,
        });
      } else if (!registered.has(environment.cluster)) {
        ctx.addIssue({
          code: "custom",
          path: ["context", "environments", index, "cluster"],
          message: `'${environment.cluster}' is not a registered Argo CD cluster (registered: ${[...registered].join(", ")})`,
        });
      }
      const namespace = namespaces[env];
      if (namespace === undefined)
        ctx.addIssue({ code: "custom", path: ["namespaces", env], message: `required: the app's namespace in environment '${env}'` });
      else if (typeof namespace === "string" && namespace !== appNamespace(spec.name, env))
        ctx.addIssue({
          code: "custom",
          path: ["namespaces", env],
          message: `must be '${appNamespace(spec.name, env)}': an app deploys only into its own namespaces`,
        });
    });
    for (const key of Object.keys(namespaces))
      if (!spec.environments.includes(key))
        ctx.addIssue({ code: "custom", path: ["namespaces", key], message: "is not one of the app's environments" });
  });

export type ParsedAppGitOpsArgs = z.output<typeof appGitOpsArgsSchema>;
