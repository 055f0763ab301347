import * as posix from "node:path/posix";
import { parse } from "yaml";
import type { AppRegistry, PlannedApp } from "./apps";
import type { ProjectResources } from "./edges/gitlab-review";
import type { GitlabProjects, GitlabProject } from "./gitlab-projects";
import { field, list, record, text, TYPES, type PlanIndex } from "./plan-index";

export interface ArgoApplication {
  name: string;
  project: string;
  namespace: string;
  app: PlannedApp | undefined;
  production: boolean;
  automated: boolean;
  repo: GitlabProject | undefined;
  revision: string;
  /** The source path and every directory its kustomization pulls in (`../../base`): what it deploys. */
  paths: string[];
}

/** Directories a kustomization's `resources`/`components` reference, resolved against its own directory. */
function kustomizeDirectories(
  resources: ProjectResources,
  repo: GitlabProject,
  revision: string,
  directory: string,
  seen: Set<string>,
): void {
  if (seen.has(directory)) return;
  seen.add(directory);
  const content =
    resources.file(repo.id, revision, `${directory}/kustomization.yaml`) ??
    resources.file(repo.id, revision, `${directory}/kustomization.yml`);
  if (content === undefined) return;
  const document = record(parse(content) as unknown);
  for (const entry of [...list(document.resources), ...list(document.components), ...list(document.bases)]) {
    if (typeof entry !== "string" || /^[a-z]+:\/\//.test(entry) || /\.ya?ml$/.test(entry)) continue;
    kustomizeDirectories(resources, repo, revision, posix.normalize(posix.join(directory, entry)), seen);
  }
}

/** Every Argo CD Application of the plan with where it deploys from and to. */
export function argoApplications(
  index: PlanIndex,
  apps: AppRegistry,
  projects: GitlabProjects,
  resources: ProjectResources,
): ArgoApplication[] {
  // A tenant app's Applications are the platform's, its config repository the tenant's (combined-plan.ts): no
  // dependency joins them, the repository URL does (the naming module's config repository path).
  const byConfigPath = new Map<string, GitlabProject>();
  for (const project of projects.all())
    if (project.role === "config" && project.app !== undefined) byConfigPath.set(project.app.names.gitlab.configRepoPath, project);
  const byUrl = (url: string | undefined) => {
    const match = url === undefined ? null : /^https?:\/\/[^/]+\/(.+?)(\.git)?$/.exec(url);
    return match === null ? undefined : byConfigPath.get(match[1]!);
  };
  return index.ofType(TYPES.application).map((resource) => {
    const spec = record(resource.inputs.spec);
    const namespace = text(field(spec, "destination", "namespace")) ?? "";
    const owned = apps.namespace(namespace);
    const repo =
      resource.dependencies.map((urn) => projects.ofUrn(urn)).find((p) => p !== undefined) ?? byUrl(text(field(spec, "source", "repoURL")));
    const revision = text(field(spec, "source", "targetRevision")) ?? repo?.defaultBranch ?? "HEAD";
    const path = (text(field(spec, "source", "path")) ?? "").replace(/^\.?\/+|\/+$/g, "");
    const seen = new Set<string>();
    if (repo !== undefined) kustomizeDirectories(resources, repo, revision, path, seen);
    else seen.add(path);
    return {
      name: text(field(resource.inputs, "metadata", "name")) ?? resource.name,
      project: text(spec.project) ?? "default",
      namespace,
      app: owned?.app,
      production: owned !== undefined && owned.app.production.has(owned.environment),
      automated: field(spec, "syncPolicy", "automated") !== undefined,
      repo,
      revision,
      paths: [...seen],
    };
  });
}
