// Human principals through single sign-on (issue 19): each team's identity-provider group reaches
// its own apps' assets and nothing of another team's, in the prod example plan (teams payments and
// web); and the graph flags a plan that maps a group onto another team's Vault policy or project.
import { buildAccessGraph } from "../../access/access-graph";
import type { AccessGraph } from "../../access/graph";
import { allFindings } from "../../access/rules";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

/** Every asset a principal reaches, with its owner's team. */
function reach(graph: AccessGraph, from: string): { id: string; label: string; team?: string; tags: readonly string[] }[] {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0)
    for (const edge of graph.out.get(queue.shift()!) ?? [])
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
  return [...seen]
    .map((id) => graph.nodes.get(id)!)
    .filter((node) => node.kind === "asset")
    .map((node) => ({ id: node.id, label: node.label, team: "team" in node.owner ? node.owner.team : undefined, tags: node.tags }));
}

describe("human principals in the prod example plan", () => {
  let graph: AccessGraph;
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await examplePlan("prod");
    graph = (await buildAccessGraph(plan)).graph;
  });

  it.each(["payments-developers", "payments-maintainers", "web-developers", "web-maintainers"])(
    "%s reaches only its own team's assets, through Vault, Harbor, Argo CD and Kubernetes",
    (group) => {
      const team = group.split("-")[0]!;
      const assets = reach(graph, `principal:group:${group}`);
      const via = (pattern: RegExp) => assets.filter((a) => pattern.test(a.id));
      expect(via(/^asset:vault:/).length).toBeGreaterThan(0);
      expect(via(/^asset:harbor:/).length).toBeGreaterThan(0);
      expect(via(/^asset:namespace:/).length).toBeGreaterThan(0);
      expect(via(/^asset:argocd:/).length).toBeGreaterThan(0);
      expect(assets.filter((a) => a.team !== team)).toEqual([]);
    },
  );

  it("developers read no production secret in Vault; maintainers read their apps' production secrets", () => {
    const productionVault = (group: string) =>
      reach(graph, `principal:group:${group}`).filter((a) => a.id.startsWith("asset:vault:") && a.tags.includes("production-secret"));
    expect(productionVault("payments-developers")).toEqual([]);
    expect(productionVault("payments-maintainers").map((a) => a.id)).toEqual(
      expect.arrayContaining([
        "asset:vault:secret/data/apps/payments/payments-api/prod/*",
        "asset:vault:secret/data/apps/payments/ledger/prod/*",
      ]),
    );
  });

  it("one group per team although two apps (payments-api, ledger) belong to payments; tenants' teams too, from their accepted claims", () => {
    const groups = plan.resources.filter((r) => r.type === "keycloak:index/group:Group").map((r) => r.inputs.name);
    // billing and fraud are the teams of tenant-payments' apps, whose foundations the platform stack creates.
    expect(groups.sort()).toEqual([
      "billing-developers",
      "billing-maintainers",
      "fraud-developers",
      "fraud-maintainers",
      "payments-developers",
      "payments-maintainers",
      "platform-admins",
      "web-developers",
      "web-maintainers",
    ]);
  });

  it("a group mapped onto another team's Vault policy or Harbor project is a cross-owner finding", async () => {
    const edited = structuredClone(plan);
    const role = edited.resources.find(
      (r) =>
        r.type === "vault:jwt/authBackendRole:AuthBackendRole" &&
        r.inputs.roleType === "oidc" &&
        r.inputs.roleName === "payments-developers",
    )!;
    (role.inputs.tokenPolicies as string[]).push("app.web.storefront.prod");
    const member = edited.resources.find(
      (r) => r.type === "harbor:index/projectMemberGroup:ProjectMemberGroup" && r.inputs.groupName === "web-developers",
    )!;
    member.inputs.groupName = "payments-developers";
    const built = await buildAccessGraph(edited);
    const crossOwner = allFindings(built.graph, built.tenantApps).filter(
      (f) => f.rule === "cross-owner" && f.path.nodes[0] === "principal:group:payments-developers",
    );
    const targets = crossOwner.map((f) => f.path.nodes.at(-1));
    expect(targets).toEqual(expect.arrayContaining(["asset:vault:secret/data/apps/web/storefront/prod/*", "asset:harbor:storefront:pull"]));
    // An OIDC role without a group binding is every signed-in user's.
    const unbound = structuredClone(plan);
    const open = unbound.resources.find(
      (r) =>
        r.type === "vault:jwt/authBackendRole:AuthBackendRole" && r.inputs.roleType === "oidc" && r.inputs.roleName === "web-developers",
    )!;
    delete (open.inputs as { boundClaims?: unknown }).boundClaims;
    const openGraph = await buildAccessGraph(unbound);
    expect(
      allFindings(openGraph.graph, openGraph.tenantApps).some(
        (f) =>
          f.rule === "cross-owner" &&
          f.path.nodes[0] === "principal:anyone" &&
          f.path.nodes.includes("identity:vault-role:oidc/web-developers"),
      ),
    ).toBe(true);
    // The unedited plan has none, but the on-call group's emergency path, which the stack accepts on the record.
    const clean = await buildAccessGraph(plan);
    const groupFindings = allFindings(clean.graph, clean.tenantApps).filter((f) => f.path.nodes[0]?.startsWith("principal:group:"));
    expect(groupFindings.filter((f) => f.accepted === undefined)).toEqual([]);
    expect(new Set(groupFindings.map((f) => `${f.path.nodes[0]} ${f.accepted?.id}`))).toEqual(
      new Set(["principal:group:delivery/on-call emergency-change"]),
    );
  });
});
