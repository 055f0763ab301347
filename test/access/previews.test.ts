// Preview environments reach nothing of production: the access graph of the example plans (storefront
// has previews in dev and prod) gives a same-project merge-request pipeline the preview push identity
// and nothing tagged signing, deploy or production; a fork gets nothing; the preview namespaces get no
// Vault role and no secret store.
import { buildAccessGraph, type BuiltAccessGraph } from "../../access/access-graph";
import type { AccessGraph, GraphNode } from "../../access/graph";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

const APP = "storefront";
const PREVIEW_NAMESPACE = `${APP}-preview-7`;

/** Every node reachable from `from` along the graph's edges. */
function reachable(graph: AccessGraph, from: string): GraphNode[] {
  const seen = new Set([from]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++)
    for (const edge of graph.out.get(queue[i]!) ?? [])
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
  return [...seen].map((id) => graph.nodes.get(id)!);
}

const principal = (graph: AccessGraph, refClass: string): GraphNode => {
  const found = [...graph.nodes.values()].filter(
    (n) => n.kind === "principal" && n.refClass === refClass && n.owner.kind === "app" && n.owner.app === APP,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
};

const ofType = (plan: PlanDocument, type: string): PlanResource[] => plan.resources.filter((r) => r.type === type);

describe.each(["dev", "prod"])("previews of %s", (stack) => {
  let plan: PlanDocument;
  let built: BuiltAccessGraph;
  beforeAll(async () => {
    plan = await examplePlan(stack);
    built = await buildAccessGraph(plan);
  });

  it("a same-project merge-request pipeline pushes to the preview project and reaches nothing production", () => {
    const reached = reachable(built.graph, principal(built.graph, "merge-request").id);
    const ids = reached.map((n) => n.id);
    expect(ids).toContain(`asset:harbor:${APP}-preview:push`);
    expect(ids.some((id) => id.startsWith("identity:") && /storefront\.preview/.test(built.graph.nodes.get(id)!.label))).toBe(true);
    // Not the app's own project, no signing key, no GitOps token, no production secret or change.
    expect(ids).not.toContain(`asset:harbor:${APP}:push`);
    expect(reached.filter((n) => n.tags.length > 0).map((n) => `${n.label} [${n.tags.join(", ")}]`)).toEqual([]);
    // Everything it reaches is the app's own.
    expect(reached.filter((n) => n.kind === "asset" && !(n.owner.kind === "app" && n.owner.app === APP)).map((n) => n.label)).toEqual([]);
  });

  it("a fork's merge-request pipeline gets nothing of the preview identity", () => {
    const ids = reachable(built.graph, principal(built.graph, "fork-merge-request").id).map((n) => n.id);
    expect(ids.filter((id) => id.includes("preview"))).toEqual([]);
    expect(ids.filter((id) => id.startsWith("asset:harbor:"))).toEqual([]);
  });

  it("the preview JWT role binds the app's project and merge-request pipelines only", () => {
    const roles = ofType(plan, "vault:jwt/authBackendRole:AuthBackendRole").filter((r) => r.inputs.roleName === `ci.web.${APP}.preview`);
    expect(roles).toHaveLength(1);
    const appProject = ofType(plan, "gitlab:index/project:Project").find((p) => p.inputs.path === APP)!;
    const claims = roles[0]!.inputs.boundClaims as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(["pipeline_source", "project_id"]);
    expect(claims.pipeline_source).toBe("merge_request_event");
    expect(roles[0]!.dependencies).toContain(appProject.urn);
  });

  it("no Vault role, SecretStore or ClusterSecretStore reaches into a preview namespace", () => {
    for (const role of ofType(plan, "vault:kubernetes/authBackendRole:AuthBackendRole"))
      for (const namespace of role.inputs.boundServiceAccountNamespaces as string[]) {
        expect(namespace).not.toMatch(/-preview-/);
        expect(namespace).not.toContain("*");
      }
    const stores = ofType(plan, "kubernetes:external-secrets.io/v1:SecretStore");
    expect(stores.map((s) => (s.inputs.metadata as { namespace: string }).namespace).filter((ns) => ns.includes("preview"))).toEqual([]);
    for (const store of ofType(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore")) {
      const conditions = (
        store.inputs.spec as { conditions?: { namespaces?: string[]; namespaceSelector?: unknown; namespaceRegexes?: string[] }[] }
      ).conditions;
      // Conditions name platform namespaces only: no selector or regex a preview namespace could match.
      expect(conditions?.length).toBeGreaterThan(0);
      for (const condition of conditions ?? []) {
        expect(condition.namespaceSelector).toBeUndefined();
        expect(condition.namespaceRegexes).toBeUndefined();
        expect(condition.namespaces).not.toContain(PREVIEW_NAMESPACE);
      }
    }
  });

  it("the preview namespaces are the preview cluster's only, by the ApplicationSet and its AppProject", () => {
    const [set] = ofType(plan, "kubernetes:argoproj.io/v1alpha1:ApplicationSet");
    const spec = set!.inputs.spec as { template: { spec: { destination: { namespace: string }; project: string } } };
    expect(spec.template.spec.destination.namespace).toBe(`${APP}-preview-{{.number}}`);
    const project = ofType(plan, "kubernetes:argoproj.io/v1alpha1:AppProject").find(
      (p) => (p.inputs.metadata as { name: string }).name === spec.template.spec.project,
    )!;
    const projectSpec = project.inputs.spec as { destinations: { namespace: string }[]; clusterResourceWhitelist: unknown[] };
    expect(projectSpec.destinations.map((d) => d.namespace)).toEqual([`${APP}-preview-*`]);
    // CreateNamespace needs the Namespace kind: only the previews' own, by name.
    expect(projectSpec.clusterResourceWhitelist).toEqual([{ group: "", kind: "Namespace", name: `${APP}-preview-*` }]);
  });
});
