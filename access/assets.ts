import { appOwner, type AppRegistry, type PlannedApp } from "./apps";
import type { AssetTag, GraphBuilder, Owner } from "./graph";
import { field, text, TYPES, type PlanIndex } from "./plan-index";
import { PathTrie } from "../policies/crossguard/vault-path-glob";

/**
 * The assets of the plan, as graph nodes: Vault KV folders and secrets, transit signing keys,
 * Harbor projects, GitLab branches and paths, namespaces, Argo CD applications, platform
 * hostnames and backup buckets. Each has an owner (the app whose `names` it carries, or the
 * platform) and the tags rules look for.
 */

const PLATFORM: Owner = { kind: "platform" };

/**
 * Platform KV areas the repository itself uses, which no resource of the plan creates: the
 * platform repository's CI secrets (Pulumi passphrase, state credentials: .gitlab-ci.yml) and the
 * service secrets External Secrets syncs into platform namespaces.
 */
export const PLATFORM_KV_AREAS: readonly { folder: string; label: string; tags: AssetTag[] }[] = [
  {
    folder: "platform/ci",
    label: "the platform repository's CI secrets (Pulumi passphrase, state credentials)",
    tags: ["deploy", "production-secret"],
  },
  { folder: "platform/services", label: "platform service secrets", tags: ["production-secret"] },
];

export interface VaultAsset {
  id: string;
  /** KV data or transit sign path this asset stands for (glob queries match it). */
  kind: "kv" | "transit";
}

/** Vault assets indexed by path, so a policy glob finds what it grants without a scan. */
export class VaultAssets {
  readonly trie = new PathTrie<VaultAsset>();
  readonly kvMounts: ReadonlySet<string>;
  readonly transitMounts: ReadonlySet<string>;
  private readonly graph: GraphBuilder;
  private readonly byPath = new Map<string, string>();

  constructor(graph: GraphBuilder, index: PlanIndex, apps: AppRegistry) {
    this.graph = graph;
    const outputs = index.plan.outputs;
    const kvMounts = new Set(index.ofType(TYPES.kvSecret).map((s) => text(s.inputs.mount) ?? "secret"));
    const transitMounts = new Set(index.ofType(TYPES.transitKey).map((k) => text(k.inputs.backend) ?? "transit"));
    for (const mount of [field(outputs, "onboarding", "vault", "kvMountPath"), field(outputs, "vault", "kvMountPath")])
      if (typeof mount === "string") kvMounts.add(mount);
    const transit = field(outputs, "onboarding", "vault", "transitMountPath");
    if (typeof transit === "string") transitMounts.add(transit);
    if (kvMounts.size === 0) kvMounts.add("secret");
    this.kvMounts = kvMounts;
    this.transitMounts = transitMounts;

    for (const app of apps.apps) {
      const owner = appOwner(app);
      for (const mount of kvMounts) {
        for (const [environment, folder] of Object.entries(app.names.vault.environmentPaths)) {
          const production = app.production.has(environment);
          this.folder(
            `${mount}/data/${folder}`,
            `Vault KV ${mount}/${folder}/* (${app.names.stable} ${environment} secrets)`,
            owner,
            production ? ["production-secret"] : [],
          );
        }
        const ci = app.names.vault.ciSecretPaths;
        this.exact(
          `${mount}/data/${ci.registry}`,
          `Vault KV ${mount}/${ci.registry} (${app.names.stable} registry push credential)`,
          owner,
          [],
          "kv",
        );
        this.exact(
          `${mount}/data/${ci.gitops}`,
          `Vault KV ${mount}/${ci.gitops} (${app.names.stable} config repository write token)`,
          owner,
          ["deploy"],
          "kv",
        );
        this.exact(
          `${mount}/data/${app.names.previews.ciSecretPath}`,
          `Vault KV ${mount}/${app.names.previews.ciSecretPath} (${app.names.stable} preview push credential: merge-request images only)`,
          owner,
          [],
          "kv",
        );
        // Anything else in the app's CI folder (added by hand later) is the CI's too.
        this.folder(
          `${mount}/data/${app.names.vault.ciPath}`,
          `Vault KV ${mount}/${app.names.vault.ciPath}/* (${app.names.stable} CI secrets)`,
          owner,
          [],
        );
      }
    }
    for (const key of index.ofType(TYPES.transitKey)) {
      const name = text(key.inputs.name) ?? key.name;
      const mount = text(key.inputs.backend) ?? "transit";
      const app = apps.transitKey(name);
      const path = `${mount}/sign/${name}`;
      const asset = this.exact(
        path,
        `Vault transit key ${mount}/${name} (signs ${app ? `${app.names.stable}'s images` : "platform artifacts"})`,
        app ? appOwner(app) : PLATFORM,
        ["signing"],
        "transit",
      );
      // `sign/<key>/<hash algorithm>` signs with the same key.
      this.trie.insert(path, asset, true);
    }
    for (const secret of index.ofType(TYPES.kvSecret)) {
      const path = `${text(secret.inputs.mount) ?? "secret"}/data/${text(secret.inputs.name) ?? ""}`;
      if (this.trie.match(path).length > 0) continue; // inside an app folder already
      this.exact(path, `Vault KV ${path.replace("/data/", "/")}`, PLATFORM, ["production-secret"], "kv");
    }
    for (const mount of kvMounts)
      for (const area of PLATFORM_KV_AREAS)
        this.folder(`${mount}/data/${area.folder}`, `Vault KV ${mount}/${area.folder}/* (${area.label})`, PLATFORM, area.tags);
  }

  /** A platform-owned folder for a granted area no planned asset covers (`secret/data/platform/*`, `secret/*`). */
  region(folder: string): void {
    if (this.byPath.has(`folder:${folder}`)) return;
    const mount = folder.split("/")[0] ?? "";
    const tags: AssetTag[] = this.transitMounts.has(mount) ? ["signing"] : ["production-secret"];
    this.folder(folder, `Vault ${folder.replace("/data", "")}/* (paths no planned app owns)`, PLATFORM, tags);
  }

  private folder(path: string, label: string, owner: Owner, tags: AssetTag[]): void {
    const id = this.graph.node({ id: `asset:vault:${path}/*`, kind: "asset", label, owner, tags });
    this.byPath.set(`folder:${path}`, id);
    this.trie.insert(path, { id, kind: "kv" }, true);
  }

  private exact(path: string, label: string, owner: Owner, tags: AssetTag[], kind: VaultAsset["kind"]): VaultAsset {
    const id = this.graph.node({ id: `asset:vault:${path}`, kind: "asset", label, owner, tags });
    this.byPath.set(path, id);
    const asset = { id, kind };
    this.trie.insert(path, asset, false);
    return asset;
  }

  /** The node of a concrete KV secret (`<mount>/data/<name>`), if it is an asset. */
  secret(path: string): string | undefined {
    return this.byPath.get(path);
  }
}

export type NamespaceRight = "deploy" | "secrets" | "logs";

const RIGHT_LABEL: Record<NamespaceRight, string> = {
  deploy: "deploy (create and change objects)",
  secrets: "read Secrets",
  logs: "read logs",
};

/** One right in one namespace; production namespaces carry their secrets' tag. */
export function namespaceRight(graph: GraphBuilder, apps: AppRegistry, namespace: string, right: NamespaceRight): string {
  const owned = apps.namespace(namespace);
  const production = owned !== undefined && owned.app.production.has(owned.environment);
  const tags: AssetTag[] = right === "secrets" && (production || owned === undefined) ? ["production-secret"] : [];
  return graph.node({
    id: `asset:namespace:${namespace}:${right}`,
    kind: "asset",
    label: `namespace ${namespace}: ${RIGHT_LABEL[right]}`,
    owner: owned ? appOwner(owned.app) : PLATFORM,
    tags,
  });
}

export function harborProject(graph: GraphBuilder, apps: AppRegistry, project: string, action: "push" | "pull"): string {
  const app = apps.app(project);
  return graph.node({
    id: `asset:harbor:${project}:${action}`,
    kind: "asset",
    label: `Harbor project ${project}: ${action}`,
    owner: app ? appOwner(app) : PLATFORM,
  });
}

export function argocdApplication(
  graph: GraphBuilder,
  apps: AppRegistry,
  application: string,
  app: PlannedApp | undefined,
  action: "get" | "sync",
): string {
  return graph.node({
    id: `asset:argocd:${application}:${action}`,
    kind: "asset",
    label: `Argo CD application ${application}: ${action}`,
    owner: app ? appOwner(app) : PLATFORM,
    tags: action === "sync" ? ["deploy"] : [],
  });
}

/** Writing one path of one branch of a GitLab project; a production Application's source is a production change. */
export function repositoryPath(
  graph: GraphBuilder,
  project: string,
  branch: string,
  path: string,
  owner: Owner,
  production: boolean,
): string {
  return graph.node({
    id: `asset:gitlab:${project}:${branch}:${path}`,
    kind: "asset",
    label: `GitLab ${project}: write ${path === "" ? "any path" : `${path}/`} on ${branch}`,
    owner,
    tags: production ? ["production-change", "deploy"] : ["deploy"],
  });
}

export function platformHostname(graph: GraphBuilder, host: string): string {
  return graph.node({ id: `asset:host:${host}`, kind: "asset", label: `platform hostname ${host}`, owner: PLATFORM });
}

export function platformAsset(graph: GraphBuilder, id: string, label: string, tags: AssetTag[] = []): string {
  return graph.node({ id: `asset:platform:${id}`, kind: "asset", label, owner: PLATFORM, tags });
}
