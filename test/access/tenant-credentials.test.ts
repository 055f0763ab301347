// A tenant stack's own provider credentials (finding 4's second half): the platform grants them
// (components/onboarding/tenant-access.ts), the tenant exports what they may do as `credentials`,
// and the access graph computes from the plans what they reach: only the tenant's apps.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildAccessGraph } from "../../access/access-graph";
import { combinedTenantPlan } from "../../access/combined-plan";
import { deliveryFlow } from "../../access/delivery-flow";
import { brokenPromises } from "../../access/delivery-flow-promises";
import type { AccessGraph } from "../../access/graph";
import { evaluateRules } from "../../access/rules";
import { EXIT_OK, EXIT_RULE_BROKEN, main } from "../../cli/access";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

const TENANT = "principal:stack:tenant-payments";
const TENANT_APPS = new Set(["invoicing", "fraud-scoring"]);
const dir = mkdtempSync(path.join(tmpdir(), "tenant-credentials-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function access(plan: PlanDocument) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const out: string[] = [];
  const code = await main(["--plan", file], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
  return { code, output: out.join("\n") };
}

/** Every node the tenant's credentials reach, by breadth-first search over the graph's edges. */
function reach(graph: AccessGraph, from: string): Set<string> {
  const seen = new Set([from]);
  const queue = [from];
  for (let next = queue.shift(); next !== undefined; next = queue.shift())
    for (const edge of graph.out.get(next) ?? [])
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
  return seen;
}

const withCredentials = (plan: PlanDocument, credentials: unknown): PlanDocument => ({
  ...structuredClone(plan),
  outputs: { ...structuredClone(plan.outputs), credentials: credentials as PlanDocument["outputs"][string] },
});

let tenant: PlanDocument;
let combined: PlanDocument;
beforeAll(async () => {
  tenant = await examplePlan("tenant-payments");
  combined = combinedTenantPlan(await examplePlan("prod"), tenant);
});

describe("the tenant-payments stack's credentials", () => {
  it("npm run access exits 0 on its plan, and on its plan read with the platform's", async () => {
    expect(await access(tenant)).toMatchObject({ code: EXIT_OK });
    expect(await access(combined)).toMatchObject({ code: EXIT_OK });
  });

  it("the old unscoped credentials (no declared scope, a Harbor admin login) still break cross-owner: exit 1", async () => {
    const old = structuredClone(tenant);
    delete old.outputs.credentials;
    old.resources.push({
      ...old.resources.find((r) => r.type === "pulumi:providers:vault")!,
      urn: "urn:pulumi:tenant-payments::delivery-platform::pulumi:providers:harbor::tenant-harbor",
      type: "pulumi:providers:harbor",
      name: "tenant-harbor",
      inputs: { url: "https://harbor.platform.example.com", username: "admin", password: "[secret]" },
    });
    const result = await access(old);
    expect(result.code).toBe(EXIT_RULE_BROKEN);
    expect(result.output).toMatch(
      /tenant stack tenant-payments \(its provider credentials\)[^\n]*\n\s+→ the stack's Vault token: its policies are not in the plan/,
    );
    expect(result.output).toMatch(/Harbor: every project and the system settings/);
    expect(result.output).toMatch(/Kubernetes: every namespace and cluster-scoped object/);
    expect(result.output).toMatch(/GitLab: whatever the stack's token may do/);
  });

  it("reach only its own apps' assets, though the platform's and its other apps' are in the graph", async () => {
    const { graph } = await buildAccessGraph(combined);
    const reached = [...reach(graph, TENANT)].map((id) => graph.nodes.get(id)!).filter((n) => n.kind === "asset");
    expect(reached.length).toBeGreaterThan(5);
    const foreign = reached.filter((n) => !(n.owner.kind === "app" && TENANT_APPS.has(n.owner.app)));
    expect(foreign.map((n) => n.label)).toEqual([]);
    // The graph holds what they must not reach: the platform's apps' Vault paths and namespaces, the platform's own secrets.
    const others = [...graph.nodes.values()].filter((n) => n.kind === "asset" && n.owner.kind === "app" && !TENANT_APPS.has(n.owner.app));
    expect(new Set(others.map((n) => n.owner.kind === "app" && n.owner.app))).toEqual(
      new Set(["accounting-export", "ledger", "payments-api", "settlement-worker", "storefront"]),
    );
    expect(
      [...graph.nodes.values()].some((n) => n.kind === "asset" && n.owner.kind === "platform" && /secret\/platform/.test(n.label)),
    ).toBe(true);
    // What it does reach: its apps' GitOps writer secrets and namespaces.
    const labels = reached.map((n) => n.label).join("\n");
    expect(labels).toMatch(/^Vault KV secret\/apps\/billing\/invoicing\/ci\/gitops /m);
    expect(labels).toMatch(/^namespace invoicing-prod: deploy /m);
  });

  it.each([
    [
      "a Vault policy over every app's area",
      { vault: { policies: ['path "secret/data/apps/*" {\n  capabilities = ["create", "update"]\n}\n'] } },
      /storefront|ledger|payments-api|accounting-export|settlement-worker/,
    ],
    ["a kubeconfig with another app's namespace", { kubernetes: { namespaces: ["invoicing-prod", "storefront-prod"] } }, /storefront-prod/],
    [
      "a token of the platform's own GitLab group",
      { gitlab: { groups: ["delivery/apps"], platformGroup: "delivery/apps" } },
      /GitLab: whatever the stack's token may do/,
    ],
  ])("would reach others' assets with %s: cross-owner, exit 1", async (_what, widened, reached) => {
    const plan = withCredentials(combined, { ...(combined.outputs.credentials as object), ...widened });
    const { graph, tenantApps } = await buildAccessGraph(plan);
    const broken = evaluateRules(graph, tenantApps).filter((f) => f.rule === "cross-owner" && f.path.nodes[0] === TENANT);
    expect(broken.map((f) => graph.nodes.get(f.path.nodes.at(-1)!)!.label).join("\n")).toMatch(reached);
    expect((await access(plan)).code).toBe(EXIT_RULE_BROKEN);
  });

  it("the tenant's apps keep every promise of the delivery flow, read across both stacks", async () => {
    const flow = await deliveryFlow(combined);
    expect(flow.apps.map((a) => a.app).sort()).toEqual(expect.arrayContaining([...TENANT_APPS].sort()));
    expect(brokenPromises({ ...flow, apps: flow.apps.filter((a) => TENANT_APPS.has(a.app)) })).toEqual([]);
  });

  it("in the platform's plan, the service account it grants the tenant reaches only the tenant's apps; one more binding is flagged", async () => {
    const prod = await examplePlan("prod");
    const account = "principal:sa:tenant-stacks/tenant-payments";
    const { graph, tenantApps } = await buildAccessGraph(prod);
    expect(graph.nodes.get(account)?.owner).toEqual({ kind: "tenant", stack: "tenant-payments" });
    const reached = [...reach(graph, account)].map((id) => graph.nodes.get(id)!).filter((n) => n.kind === "asset");
    expect(reached.length).toBeGreaterThan(0);
    expect(reached.filter((n) => !(n.owner.kind === "app" && TENANT_APPS.has(n.owner.app))).map((n) => n.label)).toEqual([]);
    expect(evaluateRules(graph, tenantApps).filter((f) => f.path.nodes[0] === account)).toEqual([]);

    // The same grant in a platform app's namespace: the tenant's credential reaches storefront.
    const widened = structuredClone(prod);
    const binding = widened.resources.find(
      (r) => r.type.endsWith(":RoleBinding") && (r.inputs.metadata as { name?: string }).name === "tenant-stack-tenant-payments",
    )!;
    widened.resources.push({
      ...binding,
      urn: `${binding.urn}-storefront`,
      inputs: { ...binding.inputs, metadata: { ...(binding.inputs.metadata as object), namespace: "storefront-prod" } },
    });
    const after = await buildAccessGraph(widened);
    const broken = evaluateRules(after.graph, after.tenantApps).filter((f) => f.rule === "cross-owner" && f.path.nodes[0] === account);
    expect(broken.map((f) => after.graph.nodes.get(f.path.nodes.at(-1)!)!.label).join("\n")).toMatch(/storefront-prod/);
  });
});
