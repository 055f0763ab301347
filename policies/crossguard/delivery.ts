import type { PolicyResource } from "@pulumi/policy";
import { dependentsOf, resourcesOfType } from "./resource-index";
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

export const gitlabDefaultBranchProtected: StackRule = {
  validateStack: (args, report) => {
    for (const project of gitlabProjects(args.resources)) {
      const branch = String(project.props.defaultBranch ?? "main");
      const protections = attachedTo(args.resources, BRANCH_PROTECTION, project).filter((p) => p.props.branch === branch);
      const name = String(project.props.name ?? project.name);
      if (protections.length === 0) {
        report(`GitLab project '${name}' has no BranchProtection for its default branch '${branch}'`, project.urn);
        continue;
      }
      for (const protection of protections) {
        if (protection.props.allowForcePush === true)
          report(`GitLab project '${name}': force push is allowed on '${branch}'`, protection.urn);
        if (protection.props.pushAccessLevel === "developer")
          report(`GitLab project '${name}': developers can push directly to '${branch}'`, protection.urn);
      }
    }
  },
};

export const gitlabMergeApprovals: StackRule = {
  validateStack: (args, report) => {
    for (const project of gitlabProjects(args.resources)) {
      const name = String(project.props.name ?? project.name);
      const rules = attachedTo(args.resources, APPROVAL_RULE, project);
      if (!rules.some((rule) => typeof rule.props.approvalsRequired === "number" && rule.props.approvalsRequired >= 1))
        report(`GitLab project '${name}' has no approval rule requiring at least one approval`, project.urn);
      const settings = attachedTo(args.resources, MR_APPROVALS, project);
      if (!settings.some((s) => s.props.mergeRequestsAuthorApproval === false))
        report(`GitLab project '${name}' does not prevent authors from approving their own merge requests`, project.urn);
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
