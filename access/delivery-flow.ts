import type { PlanDocument } from "../plan/plan-document";
import { buildAccessGraph, type BuiltAccessGraph } from "./access-graph";
import type { AppRegistry, PlannedApp } from "./apps";
import type { AccessGraph, GraphNode, RefClass } from "./graph";
import { field, list, record, text, TYPES, PlanIndex } from "./plan-index";

/**
 * A commit's walk through every system, per app and ref class, from the plan alone: which jobs
 * GitLab runs (the pipeline's `rules:`, evaluated in-process and cross-checked against
 * gitlab-ci-local by the access tests), which Vault roles their ID tokens really log in to (bound
 * claims against the claims GitLab issues for that ref), and what that lets each job do next:
 * push to Harbor, sign with the app's key, write the config repository, and through Argo CD's
 * Applications deploy an environment. Then the hand-offs the graph does not walk: whether Kyverno
 * admits what the default branch signs, which branch each Application syncs and how, and whether
 * production needs an approval by someone other than the author.
 *
 * Built on the access graph (access-graph.ts): a job's reach is a breadth-first search from its
 * node, split at the four-eyes edges (merge request approvals) into what it reaches directly and
 * what only through an approved merge request.
 */

export interface JobReach {
  job: string;
  /** Vault roles the job's token logs in to. */
  vaultRoles: string[];
  push: boolean;
  /** Transit keys it signs with. */
  signs: string[];
  /** Config repository branches it writes without anyone's approval. */
  writes: string[];
  /** Environments it changes without anyone's approval (through a branch an Application syncs). */
  deploys: string[];
  /** Environments it changes only through an approved merge request. */
  deploysAfterApproval: string[];
  /** Reads production secrets without an approval. */
  productionSecrets: boolean;
}

export interface RefClassFlow {
  refClass: RefClass;
  jobs: JobReach[];
  /** Roles a job the pusher writes into this ref's CI file could log in to (the CI file is theirs). */
  pusherRoles: string[];
}

export interface EnvironmentHandOff {
  environment: string;
  production: boolean;
  application?: string;
  /** The branch the Application syncs and whether Argo CD syncs it by itself. */
  branch?: string;
  automated?: boolean;
  /** The default branch's deploy job writes that branch (directly or through an approved merge request). */
  written: "directly" | "after approval" | "no";
}

export interface AppFlow {
  app: string;
  team: string;
  refClasses: RefClassFlow[];
  admission: { policy?: string; admitsDefaultBranch: boolean; detail: string };
  environments: EnvironmentHandOff[];
}

export interface DeliveryFlow {
  stack: string;
  apps: AppFlow[];
}

const IMAGE_POLICY = "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy";

/** Nodes reached from `start`: `direct` without crossing a four-eyes edge, `gated` only across one. */
function reach(graph: AccessGraph, start: string): { direct: Set<string>; gated: Set<string> } {
  const direct = new Set<string>([start]);
  const gated = new Set<string>();
  const queue: [string, boolean][] = [[start, false]];
  for (let i = 0; i < queue.length; i++) {
    const [id, behindGate] = queue[i]!;
    for (const edge of graph.out.get(id) ?? []) {
      const gatedHere = behindGate || edge.gate === "four-eyes";
      const seen = gatedHere ? gated : direct;
      if (seen.has(edge.to) || direct.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push([edge.to, gatedHere]);
    }
  }
  for (const id of direct) gated.delete(id);
  return { direct, gated };
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

function jobReach(graph: AccessGraph, apps: AppRegistry, app: PlannedApp, jobId: string, job: string): JobReach {
  const { direct, gated } = reach(graph, jobId);
  const assets = (ids: Set<string>) => [...ids].map((id) => graph.nodes.get(id)).filter((n): n is GraphNode => n?.kind === "asset");
  const environmentOf = (node: GraphNode): string | undefined => {
    const namespace = /^asset:namespace:(.+):deploy$/.exec(node.id)?.[1];
    const owned = namespace === undefined ? undefined : apps.namespace(namespace);
    return owned?.app === app ? owned.environment : undefined;
  };
  const ownsConfig = (node: GraphNode) => node.id.startsWith(`asset:gitlab:${app.names.gitlab.configRepo}:`);
  const directAssets = assets(direct);
  const deploys = sorted(directAssets.map(environmentOf).filter((e): e is string => e !== undefined));
  return {
    job,
    vaultRoles: sorted(
      (graph.out.get(jobId) ?? [])
        .filter((e) => e.to.startsWith("identity:vault-role:"))
        .map((e) => e.to.slice("identity:vault-role:".length)),
    ),
    push: direct.has(`asset:harbor:${app.names.registry.project}:push`),
    signs: sorted(directAssets.filter((n) => n.tags.includes("signing")).map((n) => n.id.slice(n.id.lastIndexOf("/") + 1))),
    writes: sorted(directAssets.filter(ownsConfig).map((n) => n.id.split(":")[3] ?? "")),
    deploys,
    deploysAfterApproval: sorted(
      assets(gated)
        .map(environmentOf)
        .filter((e): e is string => e !== undefined && !deploys.includes(e)),
    ),
    productionSecrets: directAssets.some((n) => n.tags.includes("production-secret")),
  };
}

/** Whether the app's image policy admits what the default branch's sign job signs (identity parity). */
function admission(index: PlanIndex, app: PlannedApp, signedWith: readonly string[]): AppFlow["admission"] {
  const policy = index.ofType(IMAGE_POLICY).find((p) => text(field(p.inputs, "metadata", "name")) === app.names.kubernetes.imagePolicy);
  if (policy === undefined) return { admitsDefaultBranch: false, detail: "no ImageValidatingPolicy for the app's namespaces" };
  const name = app.names.kubernetes.imagePolicy;
  const attestors = list(field(policy.inputs, "spec", "attestors"));
  const keyed = attestors.some((a) => field(a, "cosign", "key", "data") !== undefined);
  if (keyed) {
    // The key data is the planned transit key's output: the policy depends on exactly the key the job signs with.
    const keys = index.dependenciesOfType(policy, TYPES.transitKey).map((k) => text(k.inputs.name) ?? "");
    const admits = keys.length > 0 && keys.every((k) => signedWith.includes(k));
    return {
      policy: name,
      admitsDefaultBranch: admits,
      detail: admits
        ? `verifies with the public key of transit key ${keys.join(", ")}, the key the default branch signs with`
        : `verifies with transit key(s) ${keys.join(", ") || "none"}; the default branch signs with ${signedWith.join(", ") || "nothing"}`,
    };
  }
  const subjects = attestors.flatMap((a) => list(field(a, "cosign", "keyless", "identities")).map((i) => text(field(i, "subject")) ?? ""));
  const defaultRef = `//.gitlab-ci.yml@refs/heads/`;
  const admits = subjects.some((s) => s.includes(`/${app.names.gitlab.projectPath}${defaultRef}`));
  return {
    policy: name,
    admitsDefaultBranch: admits,
    detail: `keyless: admits certificates for ${subjects.join(", ") || "nobody"}`,
  };
}

/** The walk for every app of a plan (its access graph built once, or passed in). */
export async function deliveryFlow(plan: PlanDocument, built?: BuiltAccessGraph): Promise<DeliveryFlow> {
  const { graph, apps } = built ?? (await buildAccessGraph(plan));
  const index = new PlanIndex(plan);
  // Indexed once, so the walk stays linear in the plan (CI principals by app, Applications by namespace).
  const principalsOf = new Map<string, GraphNode[]>();
  for (const node of graph.nodes.values())
    if (node.kind === "principal" && node.refClass !== undefined && node.owner.kind === "app")
      principalsOf.set(node.owner.app, [...(principalsOf.get(node.owner.app) ?? []), node]);
  const applicationIn = new Map(
    index.ofType(TYPES.application).map((a) => [text(field(a.inputs, "spec", "destination", "namespace")) ?? "", a] as const),
  );
  const flows: AppFlow[] = [];
  for (const app of apps.apps) {
    const name = app.names.stable;
    // A tenant app's foundations in the platform's plan: its pipeline is the tenant stack's plan, walked there.
    if (!principalsOf.has(name)) continue;
    const refClasses: RefClassFlow[] = [];
    for (const principal of principalsOf.get(name) ?? []) {
      const out = graph.out.get(principal.id) ?? [];
      const jobs = out
        .filter((e) => e.to.startsWith("identity:job:"))
        .map((e) => jobReach(graph, apps, app, e.to, e.via.replace(/^its rules add job /, "")));
      const pusherRoles = sorted(
        out.filter((e) => e.to.startsWith("identity:vault-role:")).map((e) => e.to.slice("identity:vault-role:".length)),
      );
      refClasses.push({ refClass: principal.refClass!, jobs, pusherRoles });
    }
    const defaultBranch = refClasses.find((r) => r.refClass === "default-branch");
    const signedWith = (defaultBranch?.jobs ?? []).flatMap((j) => j.signs);
    const deployJobs = (defaultBranch?.jobs ?? []).filter((j) => j.job.startsWith("deploy:"));
    const environments = app.names.environments.map((environment): EnvironmentHandOff => {
      const namespace = app.names.kubernetes.namespaces[environment];
      const application = namespace === undefined ? undefined : applicationIn.get(namespace);
      const spec = record(application?.inputs.spec);
      const written = deployJobs.some((j) => j.deploys.includes(environment))
        ? "directly"
        : deployJobs.some((j) => j.deploysAfterApproval.includes(environment))
          ? "after approval"
          : "no";
      return {
        environment,
        production: app.production.has(environment),
        ...(application ? { application: text(field(application.inputs, "metadata", "name")) ?? application.name } : {}),
        ...(application
          ? {
              branch: text(field(spec, "source", "targetRevision")) ?? "HEAD",
              automated: field(spec, "syncPolicy", "automated") !== undefined,
            }
          : {}),
        written,
      };
    });
    flows.push({
      app: name,
      team: app.names.team,
      refClasses,
      admission: admission(index, app, signedWith),
      environments,
    });
  }
  return { stack: plan.stack, apps: flows.sort((a, b) => a.app.localeCompare(b.app)) };
}
