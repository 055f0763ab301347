// The delivery flow of each example app, walked through GitLab, Vault, Harbor, Kyverno and Argo CD
// as planned, and what it must show: only the default branch signs and deploys, forks and merge
// requests get no identity, production changes only after an approval by someone else.
import { readFileSync } from "node:fs";
import { combinedTenantPlan } from "../../access/combined-plan";
import { deliveryFlow, type DeliveryFlow } from "../../access/delivery-flow";
import { brokenPromises } from "../../access/delivery-flow-promises";
import { DELIVERY_FLOW_PATH, DELIVERY_FLOW_STACK, renderDeliveryFlowPage } from "../../docs/generate/delivery-flow";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

const STACKS = ["dev", "prod", "prod-eu", "tenant-payments"] as const;
const flows = new Map<string, DeliveryFlow>();
beforeAll(async () => {
  // A tenant's apps are planned in two stacks: their pipelines in the tenant's, their foundations
  // (Vault roles, admission, Applications) in the platform's; the flow reads both (access/combined-plan.ts).
  for (const stack of STACKS) {
    const plan = await examplePlan(stack);
    flows.set(
      stack,
      await deliveryFlow(plan.outputs.platformStack === undefined ? plan : combinedTenantPlan(await examplePlan("prod"), plan)),
    );
  }
});

describe("the delivery flow of the example apps", () => {
  it.each(STACKS)("%s: every app keeps every promise of the flow", (stack) => {
    const flow = flows.get(stack)!;
    expect(flow.apps.length).toBeGreaterThan(0);
    expect(brokenPromises(flow)).toEqual([]);
  });

  it.each(STACKS)("%s: the default branch builds, signs with the app's own key and deploys; forks run only tests", (stack) => {
    for (const app of flows.get(stack)!.apps) {
      const byRef = Object.fromEntries(app.refClasses.map((r) => [r.refClass, r]));
      const main = byRef["default-branch"]!;
      expect(main.jobs.filter((j) => j.signs.length > 0).map((j) => [j.job, j.signs])).toEqual([["sign", [app.app]]]);
      expect(main.jobs.find((j) => j.job === "build")).toMatchObject({ push: true, signs: [], deploys: [], writes: [] });
      expect(main.jobs.some((j) => j.deploys.length > 0)).toBe(true);
      for (const job of byRef["fork-merge-request"]!.jobs) expect(job.vaultRoles).toEqual([]);
      expect(byRef["fork-merge-request"]!.pusherRoles).toEqual([]);
    }
  });

  it("docs/delivery-flow.md is the flow of the prod example plan (run `npm run docs` after a change)", async () => {
    expect(readFileSync(DELIVERY_FLOW_PATH, "utf8")).toBe(await renderDeliveryFlowPage(await examplePlan(DELIVERY_FLOW_STACK)));
  });
});

describe("the walk sees a broken hand-off (it is not a rubber stamp)", () => {
  const edited = async (edit: (plan: PlanDocument) => void) => {
    const plan = structuredClone<PlanDocument>(await examplePlan("prod"));
    edit(plan);
    return brokenPromises(await deliveryFlow(plan));
  };

  it("a deploy role that no longer binds the ref lets a protected branch's pusher deploy", async () => {
    const broken = await edited((plan) => {
      for (const role of plan.resources.filter((r) => r.type === "vault:jwt/authBackendRole:AuthBackendRole"))
        if ((role.inputs.roleName as string).endsWith(".deploy")) {
          const claims = { ...(role.inputs.boundClaims as Record<string, string>) };
          delete claims.ref;
          delete claims.ref_type;
          role.inputs.boundClaims = claims;
        }
    });
    expect(broken).toEqual(
      expect.arrayContaining([expect.stringMatching(/^ledger protected-branch: its pusher can log in as .*ci\.payments\.ledger\.deploy$/)]),
    );
  });

  it("an image policy that verifies another app's key does not admit the app's own signature", async () => {
    const broken = await edited((plan) => {
      const keys = plan.resources.filter((r) => r.type === "vault:transit/secretBackendKey:SecretBackendKey");
      const policy = plan.resources.find(
        (r) => r.type.endsWith(":ImageValidatingPolicy") && (r.inputs.metadata as { name: string }).name === "verify-images-ledger",
      )!;
      const other = keys.find((k) => k.inputs.name !== "ledger")!;
      policy.dependencies = [...policy.dependencies.filter((urn) => !keys.some((k) => k.urn === urn)), other.urn];
    });
    expect(broken).toEqual([expect.stringMatching(/^ledger: admission does not admit its own signature/)]);
  });

  it("a production Application that syncs automatically from a branch the bot pushes changes production without approval", async () => {
    const broken = await edited((plan) => {
      const application = plan.resources.find(
        (r) => r.type === "kubernetes:argoproj.io/v1alpha1:Application" && (r.inputs.metadata as { name: string }).name === "ledger-prod",
      )!;
      const spec = application.inputs.spec as Record<string, Record<string, unknown>>;
      spec.source = { ...spec.source, targetRevision: "env/staging" };
      spec.syncPolicy = { ...spec.syncPolicy, automated: { prune: true } };
    });
    expect(broken).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ledger default-branch deploy:staging: changes production prod without an approval$/),
      ]),
    );
  });
});
