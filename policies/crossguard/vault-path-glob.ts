/**
 * Vault ACL path globs (https://developer.hashicorp.com/vault/docs/concepts/policies#policy-syntax):
 * a `*` is allowed only at the end and matches any suffix (a prefix match, across `/`); a `+`
 * segment matches exactly one non-empty path segment.
 */

const segmentsOf = (path: string): string[] => path.replace(/^\/+/, "").split("/");

/** Whether `path` matches the policy glob `glob`. */
export function globMatches(glob: string, path: string): boolean {
  const globSegments = segmentsOf(glob);
  const pathSegments = segmentsOf(path);
  for (let i = 0; i < globSegments.length; i++) {
    const segment = globSegments[i] as string;
    const last = i === globSegments.length - 1;
    if (last && segment.endsWith("*")) {
      // The rest of the path, joined again, must start with the prefix (a `*` spans segments).
      const rest = pathSegments.slice(i).join("/");
      return i < pathSegments.length && rest.startsWith(segment.slice(0, -1));
    }
    const actual = pathSegments[i];
    if (actual === undefined) return false;
    if (segment === "+" ? actual === "" : segment !== actual) return false;
  }
  return globSegments.length === pathSegments.length;
}

interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  /** Assets at exactly this path. */
  exact: T[];
  /** Assets standing for everything below this path (a KV folder). */
  folder: T[];
}

const newNode = <T>(): TrieNode<T> => ({ children: new Map(), exact: [], folder: [] });

/**
 * Assets keyed by Vault path, queried by glob: a query walks only the branches the glob can
 * match, so its cost is the glob's length plus what it matches, not the number of assets.
 */
export class PathTrie<T> {
  private readonly root = newNode<T>();

  /** `folder`: the asset is everything below `path` (`secret/data/apps/web/shop/prod/…`). */
  insert(path: string, value: T, folder = false): void {
    let node = this.root;
    for (const segment of segmentsOf(path)) {
      let child = node.children.get(segment);
      if (child === undefined) node.children.set(segment, (child = newNode<T>()));
      node = child;
    }
    (folder ? node.folder : node.exact).push(value);
  }

  /** Every asset with a path the glob matches; a folder counts when some path below it matches. */
  match(glob: string): T[] {
    const globSegments = segmentsOf(glob);
    const found: T[] = [];
    const all = (node: TrieNode<T>) => {
      found.push(...node.exact, ...node.folder);
      for (const child of node.children.values()) all(child);
    };
    const walk = (node: TrieNode<T>, i: number) => {
      if (i === globSegments.length) {
        found.push(...node.exact);
        return;
      }
      // The glob goes deeper than this folder, so it names paths inside it.
      found.push(...node.folder);
      const segment = globSegments[i] as string;
      if (i === globSegments.length - 1 && segment.endsWith("*")) {
        const prefix = segment.slice(0, -1);
        for (const [name, child] of node.children) if (name.startsWith(prefix)) all(child);
        return;
      }
      if (segment === "+") {
        for (const [name, child] of node.children) if (name !== "") walk(child, i + 1);
        return;
      }
      const child = node.children.get(segment);
      if (child !== undefined) walk(child, i + 1);
    };
    walk(this.root, 0);
    return [...new Set(found)];
  }
}

/** The part of a glob before its first wildcard, cut back to a whole segment: `secret/data/platform`. */
export function literalFolder(glob: string): string {
  const segments = segmentsOf(glob);
  const literal: string[] = [];
  for (const [i, segment] of segments.entries()) {
    if (segment === "+" || (i === segments.length - 1 && segment.endsWith("*"))) break;
    literal.push(segment);
  }
  return literal.join("/");
}

type GlobToken = { kind: "literal"; value: string } | { kind: "segment" } | { kind: "prefix"; value: string };

function tokensOf(glob: string): GlobToken[] {
  const segments = segmentsOf(glob);
  return segments.map((segment, i): GlobToken => {
    if (i === segments.length - 1 && segment.endsWith("*")) return { kind: "prefix", value: segment.slice(0, -1) };
    return segment === "+" ? { kind: "segment" } : { kind: "literal", value: segment };
  });
}

/** Whether some path matched by `tokens[from..]` (at least one segment) joins to a string starting with `prefix`. */
function canStartWith(tokens: readonly GlobToken[], from: number, prefix: string): boolean {
  let rest = prefix;
  for (let k = from; k < tokens.length; k++) {
    if (rest === "") return true;
    const token = tokens[k] as GlobToken;
    if (token.kind === "prefix") return token.value.startsWith(rest) || rest.startsWith(token.value);
    if (token.kind === "literal") {
      if (rest.length <= token.value.length) return token.value.startsWith(rest);
      if (!rest.startsWith(`${token.value}/`)) return false;
      rest = rest.slice(token.value.length + 1);
      continue;
    }
    const slash = rest.indexOf("/");
    if (slash === -1) return true;
    if (slash === 0) return false;
    rest = rest.slice(slash + 1);
  }
  return false;
}

/**
 * Whether two policy globs match a common path: a grant on `sys/policies/acl/ci.*` touches
 * `sys/policies/acl/*`, and `secret/+/apps/*` touches `secret/data/apps/web/*`. Used to ask whether
 * a grant reaches an area at all, whatever the glob's shape.
 */
export function globsOverlap(a: string, b: string): boolean {
  const left = tokensOf(a);
  const right = tokensOf(b);
  const overlap = (i: number, j: number): boolean => {
    const x = left[i];
    const y = right[j];
    if (x?.kind === "prefix") return canStartWith(right, j, x.value);
    if (y?.kind === "prefix") return canStartWith(left, i, y.value);
    if (x === undefined || y === undefined) return x === y;
    const compatible =
      x.kind === "segment" ? y.kind === "segment" || y.value !== "" : y.kind === "segment" ? x.value !== "" : x.value === y.value;
    return compatible && overlap(i + 1, j + 1);
  };
  return overlap(0, 0);
}
