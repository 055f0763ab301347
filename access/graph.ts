/**
 * The access graph: principals (who acts), assets (what is protected) and the identities in
 * between (roles, tokens, stores), joined by edges that each name the plan resource or upstream
 * default they come from. Nodes and edges are only added, never searched: builders index what
 * they need, so building stays linear in the plan.
 */

/** Who a node belongs to; rules compare a principal's owner with an asset's. */
export type Owner =
  | { kind: "app"; app: string; team: string }
  | { kind: "team"; team: string }
  | { kind: "platform" }
  | { kind: "tenant"; stack: string }
  /** Every authenticated user (an SSO default role). */
  | { kind: "anyone" };

/** The git ref a pipeline runs for; each gets its own CI principal (see policies/crossguard/gitlab-ref-classes.ts). */
export type RefClass = "merge-request" | "fork-merge-request" | "unprotected-branch" | "protected-branch" | "default-branch" | "tag";

/**
 * What makes an asset sensitive: `signing` (a transit signing key), `deploy` (a credential or
 * right that changes what runs), `production-secret` (runtime or platform secrets of
 * production), `production-change` (writes what a production Application syncs).
 */
export type AssetTag = "signing" | "deploy" | "production-secret" | "production-change";

export type NodeKind = "principal" | "identity" | "asset";

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** What a reader sees in a path: `ci pipeline of ledger (default branch)`. */
  label: string;
  owner: Owner;
  tags: readonly AssetTag[];
  /** CI principals only. */
  refClass?: RefClass;
  /** CI jobs only: runs code the repository controls or installs tools at run time. */
  exposed?: boolean;
  /** Default-branch CI principals: how a change reaches the branch (rule 3 reads it). */
  review?: Review;
}

/** How changes to a branch are approved. */
export interface Review {
  status: "enforced" | "accepted" | "none";
  detail: string;
  accepted?: AcceptedRisk;
}

/** A risk the stack config accepts explicitly; an edge carrying it is reported, not failed. */
export interface AcceptedRisk {
  id: string;
  reason: string;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** What grants it, as a reader names it: `vault policy ci.payments.ledger: read secret/data/…`. */
  via: string;
  /** An implicit edge's upstream source (chart file and line), or `not verified`. */
  source?: string;
  /** An approval gate GitLab enforces (merge request approvals): rule 3 does not cross it. */
  gate?: "four-eyes";
  accepted?: AcceptedRisk;
}

export interface AccessGraph {
  nodes: ReadonlyMap<string, GraphNode>;
  /** Outgoing edges per node id. */
  out: ReadonlyMap<string, readonly GraphEdge[]>;
  edgeCount: number;
}

export class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly out = new Map<string, GraphEdge[]>();
  private readonly edgeKeys = new Set<string>();
  private edgeCount = 0;

  /** Adds a node once; a second add with the same id merges tags and keeps the first label. */
  node(node: Omit<GraphNode, "tags"> & { tags?: readonly AssetTag[] }): string {
    const existing = this.nodes.get(node.id);
    if (existing === undefined) this.nodes.set(node.id, { ...node, tags: node.tags ?? [] });
    else if (node.tags?.some((tag) => !existing.tags.includes(tag)))
      this.nodes.set(node.id, { ...existing, tags: [...new Set([...existing.tags, ...node.tags])] });
    return node.id;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  get(id: string): GraphNode | undefined {
    return this.nodes.get(id);
  }

  /** Adds an edge between two existing nodes; the same from/to/via is kept once. */
  edge(edge: GraphEdge): void {
    if (!this.nodes.has(edge.from) || !this.nodes.has(edge.to)) throw new Error(`edge between unknown nodes: ${edge.from} -> ${edge.to}`);
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.via}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    let list = this.out.get(edge.from);
    if (list === undefined) this.out.set(edge.from, (list = []));
    list.push(edge);
    this.edgeCount++;
  }

  build(): AccessGraph {
    return { nodes: this.nodes, out: this.out, edgeCount: this.edgeCount };
  }
}

export const ownerLabel = (owner: Owner): string => {
  switch (owner.kind) {
    case "app":
      return `app ${owner.app} (team ${owner.team})`;
    case "team":
      return `team ${owner.team}`;
    case "tenant":
      return `tenant stack ${owner.stack}`;
    case "anyone":
      return "every authenticated user";
    case "platform":
      return "the platform";
  }
};

export const ownerKey = (owner: Owner): string => {
  switch (owner.kind) {
    case "app":
      return `app:${owner.app}`;
    case "team":
      return `team:${owner.team}`;
    case "tenant":
      return `tenant:${owner.stack}`;
    default:
      return owner.kind;
  }
};

/**
 * Whether `asset` belongs to someone other than `principal`. An app's principals own only the
 * app; a team's (its people) own the team's apps; a tenant stack owns the apps it plans
 * (`tenantApps`: its app names in a tenant plan, `<stack>/<app>` per accepted claim in a platform
 * plan). Nobody but the platform owns platform assets.
 */
export function isForeign(principal: Owner, asset: Owner, tenantApps: ReadonlySet<string> = new Set()): boolean {
  switch (principal.kind) {
    case "platform":
      return false;
    case "app":
      return !(asset.kind === "app" && asset.app === principal.app);
    case "team":
      return !((asset.kind === "app" && asset.team === principal.team) || (asset.kind === "team" && asset.team === principal.team));
    case "tenant":
      // A tenant plan lists its apps by name; a platform plan lists each tenant's as `<stack>/<app>` (its accepted claims).
      return !(asset.kind === "app" && (tenantApps.has(asset.app) || tenantApps.has(`${principal.stack}/${asset.app}`)));
    case "anyone":
      return true;
  }
}
