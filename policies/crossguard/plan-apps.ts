import type { PolicyResource } from "@pulumi/policy";
import { appNames, type AppNames } from "../../components/onboarding/app-names";
import { CI_PURPOSES, type CiPurpose } from "../../components/onboarding/ci-purposes";
import { resourcesOfType } from "./resource-index";
import { APP_LABELS } from "./tenancy";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const VAULT_MOUNT = "vault:index/mount:Mount";
const KV_SECRET = "vault:kv/secretV2:SecretV2";
const TRANSIT_KEY = "vault:transit/secretBackendKey:SecretBackendKey";
const GITLAB_PROJECT = "gitlab:index/project:Project";
/** Resources that name their GitLab project by ID (`project: project.id`, so they also depend on it). */
const PROJECT_REFERENCES = [
  "gitlab:index/branchProtection:BranchProtection",
  "gitlab:index/repositoryFile:RepositoryFile",
  "gitlab:index/projectAccessToken:ProjectAccessToken",
  "gitlab:index/projectDeployToken:ProjectDeployToken",
  "gitlab:index/projectApprovalRule:ProjectApprovalRule",
  "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals",
  "gitlab:index/projectVariable:ProjectVariable",
];

/** What a Vault policy or role name is for: one environment's runtime secrets, or one CI purpose. */
export type VaultAccess =
  | { kind: "environment"; environment: string }
  | { kind: "ci"; purpose: CiPurpose }
  /** The push-only identity of same-project merge-request pipelines (preview environments). */
  | { kind: "preview" };

export interface VaultAccessOwner {
  app: AppNames;
  /** Undefined for a name below an app's access name that the naming module does not derive (`ci.web.shop.build.extra`). */
  access: VaultAccess | undefined;
}

export interface PlannedGitlabProject {
  resource: PolicyResource;
  app: AppNames | undefined;
  role: "app" | "config" | "other";
  defaultBranch: string;
}

/** Reads a prop that may be unknown during a preview; unknown counts as absent for lookups. */
function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

const labelsOf = (resource: PolicyResource) => ((resource.props.metadata ?? {}) as { labels?: Record<string, string> }).labels ?? {};

/**
 * The apps of a plan and which names, paths and identities each owns. Apps are read from their
 * namespaces' owner labels (`platform.delivery/app|team|environment`, required by the
 * namespace-labels guardrail), so platform and tenant plans are read alike, and every name comes
 * from the naming module (components/onboarding/app-names.ts), as the access graph does. Only names
 * that need no platform facts are used (namespaces, Vault paths and access names, the transit key,
 * the Harbor and Argo CD projects, GitLab project paths within the team group).
 */
export class PlanApps {
  readonly apps: readonly AppNames[];
  /** KV (v2) mount paths: the plan's KV mounts and the mounts its secrets are written to; `secret` when none. */
  readonly kvMounts: ReadonlySet<string>;
  /** Transit mount paths; `transit` when none. */
  readonly transitMounts: ReadonlySet<string>;
  private readonly byNamespace = new Map<string, { app: AppNames; environment: string }>();
  private readonly byAccess = new Map<string, VaultAccessOwner>();
  private readonly byRegistryProject = new Map<string, AppNames>();
  private readonly byArgoProject = new Map<string, AppNames>();
  private readonly byTransitKey = new Map<string, AppNames>();
  private readonly gitlabById = new Map<string, PlannedGitlabProject>();

  constructor(resources: readonly PolicyResource[]) {
    const found = new Map<string, { team: string; environments: string[] }>();
    for (const namespace of resourcesOfType(resources, NAMESPACE)) {
      const labels = labelsOf(namespace);
      const [app, team, environment] = APP_LABELS.map((label) => labels[label]);
      if (app === undefined || team === undefined || environment === undefined) continue;
      const entry = found.get(app) ?? { team, environments: [] };
      if (!entry.environments.includes(environment)) entry.environments.push(environment);
      found.set(app, entry);
    }
    const platform = { gitlabParentGroup: "", registryHost: "", domain: "" };
    this.apps = [...found].map(([name, { team, environments }]) => appNames({ name, team, formerNames: [], environments }, platform));
    const byGitlabPath = new Map<string, { app: AppNames; role: "app" | "config" }>();
    for (const app of this.apps) {
      for (const [environment, namespace] of Object.entries(app.kubernetes.namespaces))
        this.byNamespace.set(namespace, { app, environment });
      for (const [environment, name] of Object.entries(app.vault.environmentAccess))
        this.byAccess.set(name, { app, access: { kind: "environment", environment } });
      for (const purpose of CI_PURPOSES) this.byAccess.set(app.vault.ciAccess[purpose], { app, access: { kind: "ci", purpose } });
      this.byAccess.set(app.previews.ciAccess, { app, access: { kind: "preview" } });
      this.byRegistryProject.set(app.registry.project, app);
      this.byRegistryProject.set(app.previews.registryProject, app);
      this.byArgoProject.set(app.argocd.project, app);
      this.byArgoProject.set(app.previews.argocdProject, app);
      this.byTransitKey.set(app.vault.transitKey, app);
      byGitlabPath.set(app.gitlab.project, { app, role: "app" });
      byGitlabPath.set(app.gitlab.configRepo, { app, role: "config" });
    }

    const mounts = resourcesOfType(resources, VAULT_MOUNT).map((m) => ({
      path: String(m.props.path ?? ""),
      type: String(m.props.type ?? ""),
    }));
    const kv = new Set(mounts.filter((m) => m.type === "kv" || m.type === "kv-v2").map((m) => m.path));
    for (const secret of resourcesOfType(resources, KV_SECRET)) kv.add(known(() => String(secret.props.mount ?? "secret")) ?? "secret");
    if (kv.size === 0) kv.add("secret");
    const transit = new Set(mounts.filter((m) => m.type === "transit").map((m) => m.path));
    for (const key of resourcesOfType(resources, TRANSIT_KEY))
      transit.add(known(() => String(key.props.backend ?? "transit")) ?? "transit");
    if (transit.size === 0) transit.add("transit");
    this.kvMounts = kv;
    this.transitMounts = transit;

    // A project's ID is an output: read it from the resources that reference exactly that project.
    const projects = new Map<string, PlannedGitlabProject>();
    for (const resource of resourcesOfType(resources, GITLAB_PROJECT)) {
      const path = String(resource.props.path ?? resource.props.name ?? resource.name);
      const owner = byGitlabPath.get(path);
      projects.set(resource.urn, {
        resource,
        app: owner?.app,
        role: owner?.role ?? "other",
        defaultBranch: known(() => String(resource.props.defaultBranch ?? "main")) ?? "main",
      });
    }
    for (const type of PROJECT_REFERENCES)
      for (const resource of resourcesOfType(resources, type)) {
        const targets = resource.dependencies.map((d) => projects.get(d.urn)).filter((p) => p !== undefined);
        const id: unknown = known<unknown>(() => resource.props.project);
        if (targets.length === 1 && (typeof id === "string" || typeof id === "number")) this.gitlabById.set(String(id), targets[0]!);
      }
  }

  namespace(name: string): { app: AppNames; environment: string } | undefined {
    return this.byNamespace.get(name);
  }

  /** The app a Vault policy or role name belongs to: its exact access name, or a name below one (`<access>.<more>`). */
  vaultAccess(name: string): VaultAccessOwner | undefined {
    const exact = this.byAccess.get(name);
    if (exact !== undefined) return exact;
    for (let candidate = name; candidate.includes(".");) {
      candidate = candidate.slice(0, candidate.lastIndexOf("."));
      const owner = this.byAccess.get(candidate);
      if (owner !== undefined) return { app: owner.app, access: undefined };
    }
    return undefined;
  }

  registryProject(name: string): AppNames | undefined {
    return this.byRegistryProject.get(name);
  }

  /** The app whose preview project (`<app>-preview`, unsigned merge-request images) this is. */
  previewProject(name: string): AppNames | undefined {
    const app = this.byRegistryProject.get(name);
    return app?.previews.registryProject === name ? app : undefined;
  }

  argoProject(name: string): AppNames | undefined {
    return this.byArgoProject.get(name);
  }

  transitKey(name: string): AppNames | undefined {
    return this.byTransitKey.get(name);
  }

  /** The GitLab project of the plan that other resources reference with this ID. */
  gitlabProject(id: string): PlannedGitlabProject | undefined {
    return this.gitlabById.get(id);
  }
}

const cache = new WeakMap<readonly PolicyResource[], PlanApps>();

/** The plan's apps, built once per resource list a stack policy is given. */
export function planApps(resources: readonly PolicyResource[]): PlanApps {
  let apps = cache.get(resources);
  if (apps === undefined) cache.set(resources, (apps = new PlanApps(resources)));
  return apps;
}
