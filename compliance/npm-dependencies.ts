/**
 * The production dependency tree of the platform program, from
 * package-lock.json (lockfile v2/v3): every package reachable from the root's
 * `dependencies` and `optionalDependencies`, resolved the way Node resolves
 * them (nearest `node_modules` upwards), with its edges.
 */

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  license?: string;
  dev?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface PackageLock {
  name?: string;
  version?: string;
  lockfileVersion?: number;
  packages: Record<string, LockEntry>;
}

export interface NpmPackage {
  /** Lockfile path, e.g. `node_modules/a/node_modules/b`: unique even when two versions of a name are installed. */
  path: string;
  name: string;
  version: string;
  integrity?: string;
  license?: string;
  /** Lockfile paths of the packages it depends on (installed ones only). */
  dependsOn: string[];
}

export interface NpmTree {
  /** Lockfile paths of the root's production dependencies. */
  direct: string[];
  packages: NpmPackage[];
}

const nameOf = (path: string): string => path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);

/** Where `name` resolves from the package at `from` (`""` is the root). */
function resolve(lock: PackageLock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === "") return undefined;
    const cut = base.lastIndexOf("/node_modules/");
    base = cut === -1 ? "" : base.slice(0, cut);
  }
}

export function productionTree(lock: PackageLock): NpmTree {
  if ((lock.lockfileVersion ?? 0) < 2) throw new Error("package-lock.json must be lockfile v2 or v3 (it has no `packages` map)");
  const root = lock.packages[""] ?? {};
  const seen = new Map<string, NpmPackage>();
  const edgesOf = (entry: LockEntry) => Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
  const direct = Object.keys({ ...root.dependencies, ...root.optionalDependencies })
    .map((name) => resolve(lock, "", name))
    .filter((p): p is string => p !== undefined);
  const queue = [...direct];
  while (queue.length > 0) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    const entry = lock.packages[path]!;
    // Optional and peer edges that were not installed are not part of the tree.
    const dependsOn = edgesOf(entry)
      .map((name) => resolve(lock, path, name))
      .filter((p): p is string => p !== undefined);
    seen.set(path, {
      path,
      name: nameOf(path),
      version: entry.version ?? "0.0.0",
      ...(entry.integrity ? { integrity: entry.integrity } : {}),
      ...(entry.license ? { license: entry.license } : {}),
      dependsOn,
    });
    queue.push(...dependsOn);
  }
  return { direct: direct.sort(), packages: [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}
