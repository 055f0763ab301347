import * as pulumi from "@pulumi/pulumi";
import {
  Branch,
  BranchProtection,
  Project,
  ProjectAccessToken,
  ProjectApprovalRule,
  ProjectLevelMrApprovals,
  RepositoryFile,
  getCurrentUserOutput,
} from "../providers/gitlab";
import { hasApprovalRules } from "../shared/gitlab-tier";
import type { AppNames } from "./app-names";
import type { AppSpec } from "./app-spec";
import type { OnboardingContext, OnboardingEnvironment } from "./onboarding-context";
import { appRepoFiles } from "./repositories/app-repo-files";
import { configRepoFiles } from "./repositories/config-repo-files";
import { gitlabId } from "./repositories/gitlab-id";
import {
  DEFAULT_BRANCH,
  environmentBranchProtection,
  ledgerBranchProtection,
  hardenedProjectSettings,
  mainBranchProtection,
  mergeRequestApprovals,
} from "./repositories/project-settings";
import { deployBranch, ENVIRONMENT_BRANCHES } from "./repositories/write-model";
import { LEDGER_BRANCH } from "../shared/release-record";

export { TeamGroup, type TeamGroupArgs } from "./repositories/team-group";

/** Args as AppOnboarding passes them: the spec parsed, the names derived, nothing left to validate. */
export interface AppRepositoriesArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /** `TeamGroup.groupId` of `spec.team`'s group. */
  teamGroupId: pulumi.Input<string | number>;
  /** The rendered `.gitlab-ci.yml` (pipeline generator). */
  ciConfig: pulumi.Input<string>;
  /** Template version the file was rendered from; named in the commit message. */
  ciTemplateVersion: string;
  /**
   * GitLab user IDs that may push to `main` directly, so `pulumi up` can update the files it manages
   * after the first run (with "no one" allowed, every later commit of a managed file is refused).
   * Default: the user behind the stack's GitLab token. Nobody else can.
   */
  automationUserIds?: pulumi.Input<number>[];
  /** Approvals from the team group every merge request needs (default 1). */
  approvalsRequired?: number;
}

/** Days a GitOps writer token lives, and how early `pulumi up` rotates it. */
const WRITER_TOKEN_ROTATION = { expirationDays: 90, rotateBeforeDays: 14 };

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
    const { spec, names, context, ciTemplateVersion, approvalsRequired = 1 } = args;
    super("delivery-platform:onboarding:AppRepositories", name, {}, opts);
    const provider = context.gitlab.provider;
    const child = { parent: this, provider };
    const automationUserIds = args.automationUserIds ?? [getCurrentUserOutput(child).apply((user) => Number(user.id))];

    const groupPath = names.gitlab.teamGroupPath;
    const appPath = names.gitlab.projectPath;
    const configName = names.gitlab.configRepo;
    const configPath = names.gitlab.configRepoPath;
    const gitlabUrl = context.gitlab.url.replace(/\/+$/, "");
    const teamGroupId = pulumi.output(args.teamGroupId).apply((id) => gitlabId(id, groupPath));
    const environments = spec.environments.map((env) => context.environments.find((e) => e.name === env)) as OnboardingEnvironment[];

    // Repositories hold the team's code and deployment history.
    const app = new Project(
      `${name}-app`,
      {
        name: names.gitlab.project,
        path: names.gitlab.project,
        namespaceId: teamGroupId,
        description: spec.description,
        ...hardenedProjectSettings(),
      },
      { ...child, protect: true },
    );
    const config = new Project(
      `${name}-config`,
      {
        name: configName,
        path: configName,
        namespaceId: teamGroupId,
        description: `GitOps manifests of ${names.app}; Argo CD deploys overlays/<env>.`,
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

    // Seeded once (the team's afterwards): the app repository's Renovate configuration.
    const appFiles = appRepoFiles(spec, names).map(
      (file) =>
        new RepositoryFile(
          `${name}-app-file-${file.path.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
          {
            project: app.id,
            branch: DEFAULT_BRANCH,
            filePath: file.path,
            content: file.content,
            encoding: "text",
            overwriteOnCreate: false,
            commitMessage: `platform: seed ${file.path}`,
          },
          { ...child, ignoreChanges: ["content"] },
        ),
    );

    const files = configRepoFiles({ spec, names, environments, metricsQueryUrl: context.monitoring?.queryUrl });
    const configFiles = files.map(
      (file) =>
        new RepositoryFile(
          `${name}-config-file-${file.path.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`,
          {
            project: config.id,
            branch: DEFAULT_BRANCH,
            filePath: file.path,
            content: file.content,
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
        name: names.gitlab.writerToken,
        description: `Pipeline of ${appPath} bumping image digests`,
        scopes: ["write_repository"],
        accessLevel: "developer",
        rotationConfiguration: WRITER_TOKEN_ROTATION,
      },
      child,
    );

    // Each non-production environment deploys from its own branch, cut from main once the seeded
    // files are there; the bot rebuilds it on every deploy (repositories/write-model.ts).
    const environmentBranches = environments
      .filter((environment) => !environment.production)
      .map(
        (environment) =>
          new Branch(
            `${name}-config-branch-${environment.name}`,
            { project: config.id, name: deployBranch(environment), ref: DEFAULT_BRANCH },
            { ...child, dependsOn: configFiles },
          ),
      );

    // Branch protection comes after the first commits, which then needs no special push rights.
    // The bot may push the environment branches only: whoever may push main bypasses its approvals.
    new BranchProtection(`${name}-app-main`, mainBranchProtection(app.id, automationUserIds), {
      ...child,
      dependsOn: [ciFile, ...appFiles],
    });
    new BranchProtection(`${name}-config-main`, mainBranchProtection(config.id, automationUserIds), {
      ...child,
      dependsOn: configFiles,
    });
    if (environmentBranches.length > 0)
      new BranchProtection(
        `${name}-config-environments`,
        environmentBranchProtection(config.id, ENVIRONMENT_BRANCHES, [...automationUserIds, writer.userId]),
        { ...child, dependsOn: environmentBranches },
      );
    // The release ledger: appended by the bot, never force-pushed; no Application deploys from it.
    new BranchProtection(`${name}-config-ledger`, ledgerBranchProtection(config.id, LEDGER_BRANCH, [...automationUserIds, writer.userId]), {
      ...child,
      dependsOn: configFiles,
    });
    // Approval rules are GitLab Premium: on Free the stack config records that the gap is accepted.
    if (hasApprovalRules(context.gitlab.tier ?? "premium")) {
      for (const [key, project] of [
        ["app", app],
        ["config", config],
      ] as const) {
        new ProjectLevelMrApprovals(`${name}-${key}-mr-approvals`, mergeRequestApprovals(project.id), child);
        new ProjectApprovalRule(
          `${name}-${key}-team-approval`,
          {
            project: project.id,
            name: `${names.team} review`,
            approvalsRequired,
            groupIds: [teamGroupId],
            appliesToAllProtectedBranches: true,
          },
          child,
        );
      }
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
