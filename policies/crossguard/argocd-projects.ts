import type { PolicyResource } from "@pulumi/policy";
import type { AppNames } from "../../components/onboarding/app-names";
import { EXPOSURE_BYPASS_KINDS } from "../../components/onboarding/gitops/exposure-kinds";
import { TENANCY_OWNED_KINDS } from "../../components/onboarding/gitops/project";
import { planApps, type PlanApps } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import type { StackRule } from "./rule";

const APP_PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";

interface GroupKind {
  group?: string;
  kind?: string;
  /** Argo CD v3: a name glob restricting a cluster-scoped entry. */
  name?: string;
}
interface AppProjectSpec {
  destinations?: { server?: string; name?: string; namespace?: string }[];
  sourceRepos?: string[];
  sourceNamespaces?: string[];
  clusterResourceWhitelist?: GroupKind[];
  namespaceResourceWhitelist?: GroupKind[];
  namespaceResourceBlacklist?: GroupKind[];
  roles?: { name?: string; policies?: string[] }[];
}

/**
 * Argo CD reads destinations, source repositories and kinds as globs (`*`, `?`, `[...]`) and
 * destinations also as `!` exclusions (argo-cd pkg/apis/application/v1alpha1 types.go,
 * isResourceInList, globMatch): any of them widens a list beyond what it names.
 */
const isPattern = (value: string) => /[*?[\]!]/.test(value);

/** The repository a source URL names: its last path segment without `.git`. */
const repositoryName = (url: string) =>
  url
    .replace(/\/+$/, "")
    .replace(/\.git$/, "")
    .split("/")
    .pop() ?? "";

const listed = (blacklist: readonly GroupKind[], required: GroupKind) =>
  blacklist.some(
    (entry) => (entry.group === required.group || entry.group === "*") && (entry.kind === required.kind || entry.kind === "*"),
  );

function projectApp(apps: PlanApps, project: PolicyResource): AppNames | undefined {
  const metadata = (project.props.metadata ?? {}) as { name?: string; labels?: Record<string, string> };
  return apps.argoProject(metadata.name ?? "") ?? apps.argoProject(metadata.labels?.["platform.delivery/app"] ?? "");
}

/**
 * What an AppProject lets its Applications deploy: one app's namespaces, from its config
 * repository, without cluster-scoped kinds and without the kinds that route past tenancy and the
 * exposure guardrails. A project with wildcard destinations, repositories or kinds is the
 * `default` project in all but name.
 */
export function appProjectProblems(project: PolicyResource, apps: PlanApps): string[] {
  const name = ((project.props.metadata ?? {}) as { name?: string }).name ?? project.name;
  const spec = (project.props.spec ?? {}) as AppProjectSpec;
  const app = projectApp(apps, project);
  const problems: string[] = [];
  const say = (text: string) => problems.push(`AppProject '${name}' ${text}`);
  const destinations = spec.destinations ?? [];
  if (destinations.length === 0) say("has no destinations");
  // An app's preview project deploys only into `<app>-preview-<IID>`: that one pattern, nothing else.
  const previews = app !== undefined && name === app.previews.argocdProject ? `${app.previews.namespacePrefix}*` : undefined;
  for (const destination of destinations) {
    const namespace = destination.namespace ?? "";
    if (previews !== undefined) {
      if (namespace !== previews) say(`is ${app!.stable}'s preview project but deploys into '${namespace}', not '${previews}'`);
      for (const [field, value] of Object.entries(destination))
        if (field !== "namespace" && typeof value === "string" && isPattern(value)) say(`has the wildcard destination ${field} '${value}'`);
      continue;
    }
    for (const [field, value] of Object.entries(destination))
      if (typeof value === "string" && isPattern(value)) say(`has the wildcard destination ${field} '${value}'`);
    if (isPattern(namespace)) continue;
    const owner = apps.namespace(namespace);
    if (app === undefined) {
      if (owner !== undefined) say(`belongs to no app but deploys into ${owner.app.stable}'s namespace '${namespace}'`);
    } else if (owner?.app !== app)
      say(`deploys into '${namespace}', which is ${owner ? `${owner.app.stable}'s namespace` : `not a namespace of ${app.stable}`}`);
  }
  const repositories = spec.sourceRepos ?? [];
  if (repositories.length === 0) say("names no source repository");
  for (const repository of repositories) {
    if (isPattern(repository)) say(`accepts the source repositories '${repository}'`);
    else if (app !== undefined && repositoryName(repository) !== app.gitlab.configRepo)
      say(`accepts '${repository}', which is not ${app.stable}'s config repository '${app.gitlab.configRepo}'`);
  }
  for (const namespace of spec.sourceNamespaces ?? [])
    say(`accepts Applications from the namespace '${namespace}': apps' Applications live in Argo CD's own namespace only`);
  for (const entry of spec.clusterResourceWhitelist ?? []) {
    // A preview project creates its merge requests' namespaces (CreateNamespace), those by name and nothing else.
    if (previews !== undefined && entry.group === "" && entry.kind === "Namespace" && entry.name === previews) continue;
    say(
      `allows the cluster-scoped kind ${entry.group || "core"}/${entry.kind ?? "?"}${entry.name ? ` '${entry.name}'` : ""}` +
        `${previews ? ` (a preview project may allow only Namespace '${previews}')` : ""}: apps sync namespaced kinds only`,
    );
  }
  for (const entry of spec.namespaceResourceWhitelist ?? [])
    if (entry.group === "*" && entry.kind === "*") say("whitelists every namespaced kind");
  const blacklist = spec.namespaceResourceBlacklist ?? [];
  for (const required of [...TENANCY_OWNED_KINDS, ...EXPOSURE_BYPASS_KINDS])
    if (!listed(blacklist, required))
      say(`does not blacklist ${required.group || "core"}/${required.kind}, which tenancy or the exposure guardrails own`);
  for (const role of spec.roles ?? [])
    for (const policy of role.policies ?? []) {
      // `p, <subject>, <resource>, <action>, <project>/<object>, <effect>`: a project role governs its own project's objects only.
      const object = policy.split(",").map((field) => field.trim())[4] ?? "";
      if (!object.startsWith(`${name}/`)) say(`role '${role.name ?? "?"}' grants on '${object}', outside the project`);
    }
  return problems;
}

export const argocdAppProjectScoped: StackRule = {
  validateStack: (args, report) => {
    const apps = planApps(args.resources);
    for (const project of resourcesOfType(args.resources, APP_PROJECT))
      for (const problem of appProjectProblems(project, apps)) report(problem, project.urn);
  },
};
