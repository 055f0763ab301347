import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import {
  BranchProtection,
  Project,
  ProjectAccessToken,
  ProjectApprovalRule,
  ProjectLevelMrApprovals,
  Provider as GitlabProvider,
  RepositoryFile,
} from "../providers/gitlab";
import { parseComponentArgs } from "../validation/issues";
import { appSpecSchema, type AppSpec } from "./app-spec";
import type { OnboardingContext, OnboardingEnvironment } from "./onboarding-context";
import { configRepoFiles } from "./repositories/config-repo-files";
import { gitlabId } from "./repositories/gitlab-id";
import { DEFAULT_BRANCH, hardenedProjectSettings, mainBranchProtection, mergeRequestApprovals } from "./repositories/project-settings";
import { HTTP_PORT_NAME } from "./repositories/workload-manifests";

export { TeamGroup, type TeamGroupArgs } from "./repositories/team-group";

export interface AppRepositoriesArgs {
  spec: AppSpec;
  context: OnboardingContext;
  /** `TeamGroup.groupId` of `spec.team`'s group. */
  teamGroupId: pulumi.Input<string | number>;
  /** `AppRegistry.projectName`. */
  harborProject: pulumi.Input<string>;
  /** The rendered `.gitlab-ci.yml` (pipeline generator). */
  ciConfig: pulumi.Input<string>;
  /** Template version the file was rendered from; named in the commit message. */
  ciTemplateVersion: string;
  /**
   * GitLab user IDs that may push to `main` directly: the user behind the platform's GitLab token,
   * so `pulumi up` can update managed files after the first run. Nobody else can.
   */
  automationUserIds?: pulumi.Input<number>[];
  /** Approvals from the team group every merge request needs (default 1). */
  approvalsRequired?: number;
}

/** Days a GitOps writer token lives, and how early `pulumi up` rotates it. */
const WRITER_TOKEN_ROTATION = { expirationDays: 90, rotateBeforeDays: 14 };

const isInput = (v: unknown) => (typeof v === "string" && v.length > 0) || pulumi.Output.isInstance(v);
const input = (message = "must be a non-empty string or an Output") => z.custom<pulumi.Input<string>>(isInput, message);

const argsSchema = z
  .strictObject({
    spec: appSpecSchema,
    context: z.object({
      environments: z.array(z.object({ name: z.string(), production: z.boolean(), cluster: z.string() })),
      registry: z.object({ host: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host without scheme or path") }),
      vault: z.object({ address: input(), jwtAuthPath: input() }),
      gitlab: z.object({
        url: z.url({ protocol: /^https?$/ }),
        parentGroupPath: z.string().min(1),
        provider: z.custom<GitlabProvider>((v) => v instanceof GitlabProvider, "must be the GitLab provider"),
      }),
    }),
    teamGroupId: z.union([
      z.int().positive(),
      z.string().regex(/^\d+$/, "must be a numeric GitLab group ID"),
      z.custom<pulumi.Output<string | number>>((v) => pulumi.Output.isInstance(v)),
    ]),
    harborProject: input(),
    ciConfig: input("must be the rendered .gitlab-ci.yml (non-empty string or Output)"),
    ciTemplateVersion: z.string().min(1, "must name the pipeline template version"),
    automationUserIds: z
      .array(z.union([z.int().positive(), z.custom<pulumi.Output<number>>((v) => pulumi.Output.isInstance(v))]))
      .default([]),
    approvalsRequired: z.int().min(1, "at least one approval is required").max(10).default(1),
  })
  .superRefine((args, ctx) => {
    const declared = new Set(args.context.environments.map((e) => e.name));
    args.spec.environments.forEach((env, index) => {
      if (!declared.has(env)) {
        ctx.addIssue({
          code: "custom",
          path: ["spec", "environments", index],
          message: `environment '${env}' is not declared on the platform`,
        });
      }
    });
    if (args.spec.service.metricsPort === HTTP_PORT_NAME) {
      ctx.addIssue({
        code: "custom",
        path: ["spec", "service", "metricsPort"],
        message: `must not be '${HTTP_PORT_NAME}': that name is the Service's traffic port`,
      });
    }
  });

/**
 * An app's two GitLab repositories in its team group: the app project (source and the generated
 * pipeline, which holds every setting its jobs read: no project CI variables to drift from or
 * override it) and `<app>-config` (Kustomize manifests Argo CD deploys).
 * Both are private, protected and merge-request-only with team approvals.
 */
export class AppRepositories extends pulumi.ComponentResource {
  public readonly projectId: pulumi.Output<string>;
  /** `<parent group>/<team>/<app>`. */
  public readonly projectPath: pulumi.Output<string>;
  /** Web URL of the app project. */
  public readonly projectUrl: pulumi.Output<string>;
  public readonly configRepoId: pulumi.Output<string>;
  public readonly configRepoPath: pulumi.Output<string>;
  /** HTTPS clone URL of the config repository, for Argo CD. */
  public readonly configRepoUrl: pulumi.Output<string>;
  /**
   * The bot that commits digest bumps to the config repository. Store `token` in Vault at the
   * app's CI path: the pipeline reads it there, never from a CI variable.
   */
  public readonly configRepoWriter: { userId: pulumi.Output<number>; token: pulumi.Output<string> };

  constructor(name: string, args: AppRepositoriesArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("AppRepositories", argsSchema, args);
    super("delivery-platform:onboarding:AppRepositories", name, {}, opts);
    const { spec, ciTemplateVersion, approvalsRequired, automationUserIds } = parsed;
    const { context } = args;
    const provider = context.gitlab.provider;
    const child = { parent: this, provider };

    const groupPath = `${context.gitlab.parentGroupPath}/${spec.team}`;
    const appPath = `${groupPath}/${spec.name}`;
    const configName = `${spec.name}-config`;
    const configPath = `${groupPath}/${configName}`;
    const gitlabUrl = context.gitlab.url.replace(/\/+$/, "");
    const teamGroupId = pulumi.output(args.teamGroupId).apply((id) => gitlabId(id, groupPath));
    const environments = spec.environments.map((env) => context.environments.find((e) => e.name === env)) as OnboardingEnvironment[];

    // Repositories hold the team's code and deployment history.
    const app = new Project(
      `${name}-app`,
      { name: spec.name, path: spec.name, namespaceId: teamGroupId, description: spec.description, ...hardenedProjectSettings() },
      { ...child, protect: true },
    );
    const config = new Project(
      `${name}-config`,
      {
        name: configName,
        path: configName,
        namespaceId: teamGroupId,
        description: `GitOps manifests of ${spec.name}; Argo CD deploys overlays/<env>.`,
        ...hardenedProjectSettings(),
      },
      { ...child, protect: true },
    );

    // The pipeline file is platform-owned: every `pulumi up` restores the rendered template.
    const ciFile = new RepositoryFile(
      `${name}-app-ci-config`,
      {
        project: app.id,
        branch: DEFAULT_BRANCH,
        filePath: ".gitlab-ci.yml",
        content: args.ciConfig,
        encoding: "text",
        // The project may start with a template's file; take it over instead of failing.
        overwriteOnCreate: true,
        commitMessage: `ci: render pipeline from ${ciTemplateVersion}`,
      },
      child,
    );

    const files = pulumi
      .output(args.harborProject)
      .apply((harborProject) => configRepoFiles({ spec, environments, registryHost: context.registry.host, harborProject }));
    // Paths are known without the Harbor project name; only contents wait for it.
    const paths = configRepoFiles({ spec, environments, registryHost: context.registry.host, harborProject: "-" });
    const configFiles = paths.map(
      (file, index) =>
        new RepositoryFile(
          `${name}-config-file-${file.path.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
          {
            project: config.id,
            branch: DEFAULT_BRANCH,
            filePath: file.path,
            content: files.apply((f) => f[index]!.content),
            encoding: "text",
            commitMessage: `platform: ${file.owner === "seed" ? "seed" : "update"} ${file.path}`,
          },
          // Seeded overlays belong to the pipeline (digest bumps) and the team once written.
          file.owner === "seed" ? { ...child, ignoreChanges: ["content"] } : child,
        ),
    );

    const writer = new ProjectAccessToken(
      `${name}-config-writer`,
      {
        project: config.id,
        name: `${spec.name}-gitops-writer`,
        description: `Pipeline of ${appPath} bumping image digests`,
        scopes: ["write_repository"],
        accessLevel: "developer",
        rotationConfiguration: WRITER_TOKEN_ROTATION,
      },
      child,
    );

    // Branch protection comes after the first commits, which then needs no special push rights.
    new BranchProtection(`${name}-app-main`, mainBranchProtection(app.id, automationUserIds), { ...child, dependsOn: [ciFile] });
    new BranchProtection(`${name}-config-main`, mainBranchProtection(config.id, [...automationUserIds, writer.userId]), {
      ...child,
      dependsOn: configFiles,
    });
    for (const [key, project] of [
      ["app", app],
      ["config", config],
    ] as const) {
      new ProjectLevelMrApprovals(`${name}-${key}-mr-approvals`, mergeRequestApprovals(project.id), child);
      new ProjectApprovalRule(
        `${name}-${key}-team-approval`,
        {
          project: project.id,
          name: `${spec.team} review`,
          approvalsRequired,
          groupIds: [teamGroupId],
          appliesToAllProtectedBranches: true,
        },
        child,
      );
    }

    // Paths and URLs are derived (GitLab builds them the same way) so they are known at plan time.
    this.projectId = app.id;
    this.projectPath = app.id.apply(() => appPath);
    this.projectUrl = app.id.apply(() => `${gitlabUrl}/${appPath}`);
    this.configRepoId = config.id;
    this.configRepoPath = config.id.apply(() => configPath);
    this.configRepoUrl = config.id.apply(() => `${gitlabUrl}/${configPath}.git`);
    this.configRepoWriter = { userId: writer.userId, token: pulumi.secret(writer.token) };
    this.registerOutputs({
      projectId: this.projectId,
      projectPath: this.projectPath,
      projectUrl: this.projectUrl,
      configRepoId: this.configRepoId,
      configRepoPath: this.configRepoPath,
      configRepoUrl: this.configRepoUrl,
      configRepoWriter: this.configRepoWriter,
    });
  }
}
