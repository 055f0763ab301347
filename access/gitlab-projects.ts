import type { PlanResource } from "../plan/plan-document";
import type { AppRegistry, PlannedApp } from "./apps";
import { text, TYPES, type PlanIndex } from "./plan-index";

export interface GitlabProject {
  resource: PlanResource;
  /** The ID other resources pass as `project` (known at plan time as the mock's ID). */
  id: string;
  path: string;
  defaultBranch: string;
  app: PlannedApp | undefined;
  role: "app" | "config" | "other";
}

/**
 * GitLab projects by the ID other resources reference them with. A project's ID is an output, so
 * it is read from the resources that depend on exactly that project and pass `project`
 * (branch protections, files, tokens, rules); which app a project serves comes from its path
 * (`names.gitlab.project` or `configRepo`).
 */
export class GitlabProjects {
  private readonly byId = new Map<string, GitlabProject>();
  private readonly byUrn = new Map<string, GitlabProject>();

  constructor(index: PlanIndex, apps: AppRegistry) {
    const byPath = new Map<string, { app: PlannedApp; role: "app" | "config" }>();
    for (const app of apps.apps) {
      byPath.set(app.names.gitlab.project, { app, role: "app" });
      byPath.set(app.names.gitlab.configRepo, { app, role: "config" });
    }
    for (const resource of index.ofType(TYPES.gitlabProject)) {
      const path = text(resource.inputs.path) ?? text(resource.inputs.name) ?? resource.name;
      const owner = byPath.get(path);
      this.byUrn.set(resource.urn, {
        resource,
        id: "",
        path,
        defaultBranch: text(resource.inputs.defaultBranch) ?? "main",
        app: owner?.app,
        role: owner?.role ?? "other",
      });
    }
    for (const type of [
      TYPES.branchProtection,
      TYPES.repositoryFile,
      TYPES.accessToken,
      TYPES.deployToken,
      TYPES.approvalRule,
      TYPES.mrApprovals,
      TYPES.jwtRole,
    ]) {
      for (const resource of index.ofType(type)) {
        const id = text(resource.inputs.project) ?? text((resource.inputs.boundClaims as Record<string, unknown> | undefined)?.project_id);
        const projects = resource.dependencies.map((urn) => this.byUrn.get(urn)).filter((p) => p !== undefined);
        if (id === undefined || projects.length !== 1) continue;
        const project = projects[0] as GitlabProject;
        if (project.id === "") project.id = id;
        this.byId.set(id, project);
      }
    }
  }

  get(id: string): GitlabProject | undefined {
    return this.byId.get(id);
  }

  ofUrn(urn: string): GitlabProject | undefined {
    return this.byUrn.get(urn);
  }

  all(): IterableIterator<GitlabProject> {
    return this.byUrn.values();
  }
}
