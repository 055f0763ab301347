import type { PlanResource } from "../../plan/plan-document";
import type { CiPipeline } from "../ci/pipeline";
import { jobRuns, workflowRuns } from "../ci/pipeline";
import { boundClaimsMatch } from "../../policies/crossguard/jwt-bound-claims";
import { REF_CLASSES, type RefClassFacts } from "../../policies/crossguard/gitlab-ref-classes";
import { appOwner } from "../apps";
import type { GitlabProject, GitlabProjects } from "../gitlab-projects";
import type { GraphBuilder } from "../graph";
import { record, text, TYPES, type PlanIndex } from "../plan-index";
import { ciPrincipal } from "../principals";
import type { ApprovalGate } from "./gitlab-review";
import { gitlabRole } from "./gitlab";
import { jwtRoleNode } from "./vault";

/** The app pipelines of the plan: each app project's `.gitlab-ci.yml` (a RepositoryFile's content). */
export function plannedPipelines(
  index: PlanIndex,
  projects: GitlabProjects,
  parse: (content: string) => CiPipeline,
): Map<string, CiPipeline> {
  const pipelines = new Map<string, CiPipeline>();
  for (const file of index.ofType(TYPES.repositoryFile)) {
    if (text(file.inputs.filePath) !== ".gitlab-ci.yml") continue;
    const project = projects.get(text(file.inputs.project) ?? "");
    const content = text(file.inputs.content);
    if (project === undefined || content === undefined || (text(file.inputs.branch) ?? project.defaultBranch) !== project.defaultBranch)
      continue;
    pipelines.set(project.id, parse(content));
  }
  return pipelines;
}

const PATH_KEY = "path:";

const claimsText = (claims: Record<string, unknown>) =>
  Object.entries(claims)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");

/**
 * CI identities per ref class. Declared: the jobs GitLab adds for the class (workflow and job
 * `rules:`, evaluated in-process) and the JWT role each logs into, valid only if the role's bound
 * claims accept the token GitLab issues for that class. Chosen: on every ref but the default
 * branch the pipeline file is the pusher's, so any role whose bound claims accept the class's
 * token is reachable by a job the pusher writes.
 */
export function ciEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  projects: GitlabProjects,
  pipelines: ReadonlyMap<string, CiPipeline>,
  reviews: ReadonlyMap<string, ApprovalGate>,
): void {
  // Roles by the project they bind; a role without a project binding is a candidate for every project (and forks).
  const byProject = new Map<string, PlanResource[]>();
  const unbound: PlanResource[] = [];
  const byName = new Map<string, PlanResource>();
  for (const role of index.ofType(TYPES.jwtRole)) {
    // OIDC roles (humans, browser flow against the identity provider) refuse a JWT login: Vault's
    // jwt/login rejects a role whose role_type is oidc (builtin/credential/jwt path_login.go). A role
    // without an explicit type stays a candidate: over-approximating reach is the safe side here.
    if (text(role.inputs.roleType) === "oidc") continue;
    byName.set(text(role.inputs.roleName) ?? role.name, role);
    const bound = record(role.inputs.boundClaims);
    const project = text(bound.project_id);
    // A tenant app's roles bind the project's path (its ID is unknown to the platform): keyed `path:<path>`.
    const path = text(bound.project_path);
    const keys =
      project !== undefined
        ? project.split(",").map((p) => p.trim())
        : path !== undefined
          ? path.split(",").map((p) => `${PATH_KEY}${p.trim()}`)
          : undefined;
    if (keys === undefined) unbound.push(role);
    else for (const id of keys) byProject.set(id, [...(byProject.get(id) ?? []), role]);
  }
  // A project's full path is the naming module's (its resource names only the last segment).
  const fullPath = (project: GitlabProject) => `${PATH_KEY}${project.app?.names.gitlab.projectPath ?? project.path}`;
  const inPlanPaths = new Set([...projects.all()].map(fullPath));
  const roleId = (role: PlanResource) => jwtRoleNode(text(role.inputs.backend) ?? "jwt", text(role.inputs.roleName) ?? role.name);
  const accepts = (role: PlanResource, facts: RefClassFacts, project: string, main: string) =>
    boundClaimsMatch(
      record(role.inputs.boundClaims),
      facts.claims(project, main),
      text(role.inputs.boundClaimsType) === "glob" ? "glob" : "string",
    );

  // Path-bound roles of a project in the plan are that project's candidates; the others stand for a project not in the plan.
  const projectIds = new Set<string>([...pipelines.keys(), ...[...byProject.keys()].filter((key) => !inPlanPaths.has(key))]);
  for (const projectId of projectIds) {
    const project: GitlabProject | undefined = projects.get(projectId);
    const app = project?.app;
    const main = project?.defaultBranch ?? "main";
    const pipeline = pipelines.get(projectId);
    const byPath = project === undefined ? [] : (byProject.get(fullPath(project)) ?? []);
    const candidates = [...(byProject.get(projectId) ?? []), ...byPath, ...unbound];
    const where =
      project?.path ??
      (projectId.startsWith(PATH_KEY)
        ? `GitLab project ${projectId.slice(PATH_KEY.length)} (another stack's, not in the plan)`
        : `GitLab project ${projectId} (not in the plan)`);
    for (const facts of REF_CLASSES) {
      const review = facts.refClass === "default-branch" ? reviews.get(projectId) : undefined;
      const principal = ciPrincipal(graph, where, app, facts.refClass, review);
      // Who starts pipelines of this class: developers push branches, maintainers protect branches and tags.
      if (app !== undefined && facts.refClass !== "default-branch")
        graph.edge({
          from: gitlabRole(graph, app.names.team, facts.untrusted ? "developer" : "maintainer"),
          to: principal,
          via: facts.untrusted
            ? "pushes a branch or opens a merge request: its pipeline runs the file on that branch"
            : "creates a protected branch or tag (maintainers may) and pushes to it",
        });
      const claims = (role: PlanResource) => `bound claims ${claimsText(record(role.inputs.boundClaims))} accept a ${facts.label} token`;
      if (pipeline !== undefined && workflowRuns(pipeline, facts.variables(main))) {
        for (const job of pipeline.jobs) {
          if (!jobRuns(job, facts.variables(main))) continue;
          const jobId = graph.node({
            id: `identity:job:${where}:${facts.refClass}:${job.name}`,
            kind: "identity",
            label: `job ${job.name}${job.checksOutRepository ? " (runs the repository's code)" : ""}${job.installsAtRuntime ? " (installs tools at run time)" : ""}`,
            owner: app ? appOwner(app) : { kind: "platform" },
            exposed: job.checksOutRepository || job.installsAtRuntime,
          });
          graph.edge({ from: principal, to: jobId, via: `its rules add job ${job.name}` });
          for (const name of job.vaultRoles) {
            const role = byName.get(name);
            if (role !== undefined && accepts(role, facts, projectId, main))
              graph.edge({ from: jobId, to: roleId(role), via: `logs into ${name}: ${claims(role)}` });
          }
        }
      }
      if (facts.pusherControlsPipeline)
        for (const role of candidates)
          if (accepts(role, facts, projectId, main))
            graph.edge({
              from: principal,
              to: roleId(role),
              via: `a job the pusher writes logs into ${text(role.inputs.roleName) ?? role.name}: ${claims(role)}`,
            });
    }
  }
}
