// Who reaches the backups: the buckets (Velero's, the Vault raft snapshot prefix) as assets of the
// prod plan, no app principal among those who reach them, and the restore-drill runner's reach
// computed from its Roles and the admission policy that confines its Restores.
import { buildAccessGraph } from "../../access/access-graph";
import type { AccessGraph } from "../../access/graph";
import { allFindings } from "../../access/rules";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { planResource } from "../helpers/plan-resource";

/** Every node reachable from `start` (approval gates ignored: an over-approximation, fine for "must not reach"). */
function reach(graph: AccessGraph, start: string): Set<string> {
  const seen = new Set([start]);
  const queue = [start];
  while (queue.length > 0)
    for (const edge of graph.out.get(queue.shift()!) ?? [])
      if (!seen.has(edge.to)) {
        seen.add(edge.to);
        queue.push(edge.to);
      }
  return seen;
}
const BACKUP = /^asset:platform:backup:/;
const RUNNER = "principal:sa:restore-drill/restore-drill";

async function graphOf(plan: PlanDocument) {
  return buildAccessGraph(plan);
}

describe("backup buckets in the access graph (prod)", () => {
  it("has Velero's bucket and the raft snapshot prefix as assets, each reached through its own credentials", async () => {
    const { graph } = await graphOf(await examplePlan("prod"));
    const bucket = "asset:platform:backup:delivery-platform-backups";
    const snapshots = "asset:platform:backup:delivery-platform-backups/vault-snapshots";
    expect(graph.nodes.has(bucket)).toBe(true);
    expect(graph.nodes.has(snapshots)).toBe(true);
    // The snapshot uploader's Secret reaches its prefix, not Velero's whole bucket.
    const vaultSecrets = "asset:namespace:vault:secrets";
    const direct = (graph.out.get(vaultSecrets) ?? []).map((e) => e.to);
    expect(direct).toContain(snapshots);
    expect(direct).not.toContain(bucket);
    // Velero's credentials (Secrets of its namespace) reach the bucket and, in it, the snapshot prefix.
    expect([...reach(graph, "asset:namespace:velero:secrets")]).toEqual(expect.arrayContaining([bucket, snapshots]));
  });

  it("lets no app or team principal reach a backup bucket", async () => {
    const { graph } = await graphOf(await examplePlan("prod"));
    const appPrincipals = [...graph.nodes.values()].filter(
      (n) => n.kind === "principal" && (n.owner.kind === "app" || n.owner.kind === "team" || n.owner.kind === "tenant"),
    );
    expect(appPrincipals.length).toBeGreaterThan(5);
    const reaching = appPrincipals.filter((p) => [...reach(graph, p.id)].some((id) => BACKUP.test(id))).map((p) => p.label);
    expect(reaching).toEqual([]);
  });

  it("flags an app group given edit in Velero's namespace: it would reach every backup", async () => {
    const plan = structuredClone<PlanDocument>(await examplePlan("prod"));
    plan.resources.push(
      planResource("kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "leak", {
        metadata: { name: "leak", namespace: "velero" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" },
        subjects: [{ kind: "Group", name: "payments-developers" }],
      }),
    );
    const built = await graphOf(plan);
    expect([...reach(built.graph, "principal:group:payments-developers")].filter((id) => BACKUP.test(id))).not.toEqual([]);
    const findings = allFindings(built.graph, built.tenantApps).filter(
      (f) => f.path.nodes[0] === "principal:group:payments-developers" && BACKUP.test(f.path.nodes.at(-1)!),
    );
    expect(findings.map((f) => f.rule)).toContain("cross-owner");
  });
});

describe("the restore-drill runner's reach (prod)", () => {
  it("reaches only the drill namespaces (through Restores the admission policy confines), no backup and no production namespace", async () => {
    const { graph } = await graphOf(await examplePlan("prod"));
    expect(graph.nodes.get(RUNNER)?.owner).toEqual({ kind: "platform" });
    const direct = (graph.out.get(RUNNER) ?? []).map((e) => e.to).sort();
    // The prod stack's apps and tenant-payments' (fraud-scoring, invoicing), whose foundations it creates.
    expect(direct).toEqual(
      ["accounting-export", "fraud-scoring", "invoicing", "ledger", "payments-api", "settlement-worker", "storefront"].map(
        (app) => `asset:namespace:${app}-drill-prod:deploy`,
      ),
    );
    const reached = [...reach(graph, RUNNER)];
    expect(reached.filter((id) => BACKUP.test(id))).toEqual([]);
    expect(reached.filter((id) => id.startsWith("asset:namespace:") && !/-drill-/.test(id))).toEqual([]);
  });

  it("reaches every namespace's Secrets and the backups once the confining policy is gone (Velero restores with its own rights)", async () => {
    const plan = structuredClone<PlanDocument>(await examplePlan("prod"));
    plan.resources = plan.resources.filter((r) => !(r.type.endsWith(":ValidatingPolicy") && r.name.includes("drill-restores-confined")));
    const { graph } = await graphOf(plan);
    const reached = [...reach(graph, RUNNER)];
    expect(reached).toEqual(expect.arrayContaining(["asset:namespace:payments-api-prod:secrets", "asset:namespace:vault:secrets"]));
    expect(reached.filter((id) => BACKUP.test(id))).not.toEqual([]);
  });
});
