import type { PolicyResource } from "@pulumi/policy";
import { dependentsOf, resourcesOfType } from "./resource-index";
import { planApps } from "./plan-apps";
import { isExactVersion } from "./supply-chain";
import { schemaWithDefaults, withDefaults, type ResourceRule, type StackRule } from "./rule";
import { windowAlwaysOpen, windowApplies, type SyncWindowSpec } from "./sync-windows";

const GITLAB_PROJECT = "gitlab:index/project:Project";
const BRANCH_PROTECTION = "gitlab:index/branchProtection:BranchProtection";
const APPROVAL_RULE = "gitlab:index/projectApprovalRule:ProjectApprovalRule";
const MR_APPROVALS = "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const APP_PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const ENVIRONMENT_LABEL = "platform.delivery/environment";

export const gitlabProjectPrivate: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== GITLAB_PROJECT) return args.notApplicable(`applies to ${GITLAB_PROJECT}`);
    if (args.props.visibilityLevel !== "private")
      report(
        `GitLab project '${String(args.props.name ?? args.name)}' is not private (visibilityLevel: ${JSON.stringify(args.props.visibilityLevel ?? null)})`,
      );
  },
};

/** Resources of a type that reference the project (through `project: project.id`, hence a dependency). */
const attachedTo = (resources: readonly PolicyResource[], type: string, project: PolicyResource) => dependentsOf(resources, type, project);

const gitlabProjects = (resources: readonly PolicyResource[]) => resourcesOfType(resources, GITLAB_PROJECT);

/**
 * GitLab protected branch names are wildcards where `*` matches any characters
 * (docs.gitlab.com user/project/repository/branches/protected, "Protect multiple branches with
 * wildcard rules"); every rule that matches a branch applies to it, and the most permissive wins.
 */
export function protectedBranchMatches(pattern: string, branch: string): boolean {
  const regex = pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${regex}$`).test(branch);
}

interface AccessEntry {
  accessLevel?: string;
  userId?: number;
  groupId?: number;
  deployKeyId?: number;
}

/**
 * Who a protection lets push besides named users: an access level (unset, GitLab's API defaults to
 * maintainer: docs.gitlab.com api/protected_branches push_access_level), a whole group or a deploy
 * key. Whoever may push skips every merge request rule of the branch (gitlab-org/gitlab#35097), so
 * on the default branch and every branch of a config repository only named users (the platform's
 * automation user, the GitOps writer bot on env/*) may.
 */
function pusherProblems(protection: PolicyResource): string[] {
  const problems: string[] = [];
  const level = typeof protection.props.pushAccessLevel === "string" ? protection.props.pushAccessLevel : "maintainer";
  if (level !== "no one") problems.push(`${level}s can push directly`);
  const entries = (Array.isArray(protection.props.allowedToPushes) ? protection.props.allowedToPushes : []) as AccessEntry[];
  for (const entry of entries) {
    if (entry.groupId !== undefined) problems.push(`every member of group ${entry.groupId} can push directly`);
    if (entry.deployKeyId !== undefined) problems.push(`deploy key ${entry.deployKeyId} can push directly`);
    if (entry.accessLevel !== undefined && entry.accessLevel !== "no one") problems.push(`${entry.accessLevel}s can push directly`);
  }
  const unprotect = (Array.isArray(protection.props.allowedToUnprotects) ? protection.props.allowedToUnprotects : []) as AccessEntry[];
  for (const entry of unprotect)
    if (entry.groupId !== undefined || entry.accessLevel === "developer") problems.push("developers or a group can remove the protection");
  return problems;
}

const GITLAB_GROUP = "gitlab:index/group:Group";
const ACCESS_TOKEN = "gitlab:index/projectAccessToken:ProjectAccessToken";

export const gitlabDefaultBranchProtected: StackRule = {
  validateStack: (args, report) => {
    const apps = planApps(args.resources);
    for (const project of gitlabProjects(args.resources)) {
      const branch = String(project.props.defaultBranch ?? "main");
      const name = String(project.props.name ?? project.name);
      const path = String(project.props.path ?? project.props.name ?? project.name);
      const isConfigRepository = apps.apps.some((app) => app.gitlab.configRepo === path);
      const protections = attachedTo(args.resources, BRANCH_PROTECTION, project);
      const onDefault = protections.filter((p) => protectedBranchMatches(String(p.props.branch ?? ""), branch));
      if (onDefault.length === 0) {
        report(`GitLab project '${name}' has no BranchProtection for its default branch '${branch}'`, project.urn);
        continue;
      }
      for (const protection of isConfigRepository ? protections : onDefault) {
        const protectedBranch = String(protection.props.branch ?? "");
        const isDefault = onDefault.includes(protection);
        if (protection.props.allowForcePush === true && isDefault)
          report(`GitLab project '${name}': force push is allowed on '${protectedBranch}'`, protection.urn);
        for (const problem of pusherProblems(protection))
          report(
            `GitLab project '${name}'${isConfigRepository ? " (config repository)" : ""}: ${problem} to '${protectedBranch}'${protection.props.allowForcePush === true ? " (force pushes allowed)" : ""}`,
            protection.urn,
          );
        if (isDefault && protection.dependencies.some((d) => d.type === ACCESS_TOKEN))
          report(
            `GitLab project '${name}': a project access token's bot user can push '${protectedBranch}' and skip its review`,
            protection.urn,
          );
      }
    }
    // A team group's defaults protect every project created in it before Pulumi protects it.
    for (const group of resourcesOfType(args.resources, GITLAB_GROUP)) {
      const defaults = (group.props.defaultBranchProtectionDefaults ?? {}) as { allowForcePush?: boolean; allowedToPushes?: string[] };
      const name = String(group.props.path ?? group.props.name ?? group.name);
      for (const level of defaults.allowedToPushes ?? [])
        if (level !== "no one") report(`GitLab group '${name}': ${level}s can push to new projects' default branches`, group.urn);
      if (defaults.allowForcePush === true)
        report(`GitLab group '${name}': force push is allowed on new projects' default branches`, group.urn);
    }
  },
};

export const gitlabMergeApprovals: StackRule = {
  validateStack: (args, report) => {
    for (const project of gitlabProjects(args.resources)) {
      const name = String(project.props.name ?? project.name);
      const rules = attachedTo(args.resources, APPROVAL_RULE, project).filter((rule) => rule.props.ruleType !== "report_approver");
      if (!rules.some((rule) => typeof rule.props.approvalsRequired === "number" && rule.props.approvalsRequired >= 1))
        report(`GitLab project '${name}' has no approval rule requiring at least one approval`, project.urn);
      const settings = attachedTo(args.resources, MR_APPROVALS, project);
      if (settings.length === 0) {
        report(`GitLab project '${name}' does not prevent authors from approving their own merge requests`, project.urn);
        continue;
      }
      // Each setting left at its GitLab default, or set the other way, lets a change in without another person's approval.
      for (const setting of settings) {
        const at = (problem: string) => report(`GitLab project '${name}': ${problem}`, setting.urn);
        if (setting.props.mergeRequestsAuthorApproval !== false) at("authors can approve their own merge requests");
        if (setting.props.mergeRequestsDisableCommittersApproval !== true) at("committers can approve merge requests they pushed to");
        if (setting.props.resetApprovalsOnPush === false) at("approvals are kept when new commits are pushed");
        if (setting.props.disableOverridingApproversPerMergeRequest !== true) at("each merge request can override its approvers");
      }
    }
  },
};

export const argocdNoDefaultProject: ResourceRule = {
  validateResource: (args, report) => {
    const metadata = (args.props.metadata ?? {}) as { name?: string };
    if (args.type === APP_PROJECT) {
      if (metadata.name === "default") report("the AppProject 'default' must not be managed or relied on");
      return;
    }
    if (args.type !== APPLICATION) return args.notApplicable(`applies to ${APPLICATION} and ${APP_PROJECT}`);
    const project = (args.props.spec as { project?: string } | undefined)?.project;
    if (project === undefined || project === "" || project === "default")
      report(`Application '${metadata.name ?? args.name}' uses the project ${JSON.stringify(project ?? "default")}`);
  },
};

interface Source {
  repoURL?: string;
  chart?: string;
  targetRevision?: string;
}
const FLOATING_REVISIONS = new Set(["", "HEAD", "*"]);

export const argocdSourcesPinned: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== APPLICATION) return args.notApplicable(`applies to ${APPLICATION}`);
    const spec = (args.props.spec ?? {}) as { source?: Source; sources?: Source[] };
    const name = (args.props.metadata as { name?: string } | undefined)?.name ?? args.name;
    for (const source of [...(spec.source ? [spec.source] : []), ...(spec.sources ?? [])]) {
      const revision = source.targetRevision ?? "";
      if (source.chart !== undefined) {
        if (!isExactVersion(revision))
          report(`Application '${name}': chart '${source.chart}' is not pinned to an exact version ('${revision}')`);
      } else if (FLOATING_REVISIONS.has(revision)) {
        report(
          `Application '${name}': source '${source.repoURL ?? "?"}' follows ${revision === "" ? "the default HEAD" : `'${revision}'`}`,
        );
      }
    }
  },
};

export const ARGOCD_PROD_DEFAULTS = { productionEnvironments: ["prod", "production"] as readonly string[] };

type K8sMeta = { name?: string; namespace?: string; labels?: Record<string, string> };
const meta = (r: PolicyResource) => (r.props.metadata ?? {}) as K8sMeta;

/**
 * A production Application that syncs by itself must be gated by its project's sync windows: one
 * that applies to it (by application, namespace or cluster) and restricts syncing at some time: a
 * deny window, or an allow window that is not open all the time. A window matching no Application,
 * or an allow window open around the clock, gates nothing.
 */
export const argocdProdSyncGuarded: StackRule = {
  configSchema: schemaWithDefaults(ARGOCD_PROD_DEFAULTS),
  validateStack: (args, report) => {
    const { productionEnvironments } = withDefaults(ARGOCD_PROD_DEFAULTS, args.getConfig<Partial<typeof ARGOCD_PROD_DEFAULTS>>());
    const environmentOfNamespace = new Map(
      resourcesOfType(args.resources, NAMESPACE).map((r) => [meta(r).name, meta(r).labels?.[ENVIRONMENT_LABEL]] as const),
    );
    for (const app of resourcesOfType(args.resources, APPLICATION)) {
      const spec = (app.props.spec ?? {}) as {
        project?: string;
        destination?: { namespace?: string; server?: string; name?: string };
        syncPolicy?: { automated?: { prune?: boolean; enabled?: boolean } };
      };
      const environment = meta(app).labels?.[ENVIRONMENT_LABEL] ?? environmentOfNamespace.get(spec.destination?.namespace);
      if (environment === undefined || !productionEnvironments.includes(environment)) continue;
      const automated = spec.syncPolicy?.automated;
      if (automated === undefined || automated === null || automated.enabled === false) continue;
      const name = meta(app).name ?? app.name;
      const project = resourcesOfType(args.resources, APP_PROJECT).find((r) => meta(r).name === spec.project);
      const windows = ((project?.props.spec ?? {}) as { syncWindows?: SyncWindowSpec[] }).syncWindows ?? [];
      const target = {
        name,
        namespace: spec.destination?.namespace,
        clusters: [spec.destination?.server, spec.destination?.name].filter((c): c is string => c !== undefined),
      };
      const applying = windows.filter((w) => windowApplies(w, target));
      const at = (problem: string) => report(`production Application '${name}' syncs automatically, but ${problem}`, app.urn);
      if (windows.length === 0) at(`its project '${spec.project ?? "?"}' has no sync windows`);
      else if (applying.length === 0) at(`none of its project's ${windows.length} sync window(s) applies to it`);
      else if (!applying.some((w) => w.kind === "deny" || (w.kind === "allow" && windowAlwaysOpen(w) === false)))
        at(
          `the windows that apply to it never close (${applying.map((w) => `${w.kind ?? "?"} '${w.schedule ?? "?"}' for ${w.duration ?? "?"}`).join("; ")})`,
        );
    }
  },
};
