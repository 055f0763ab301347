// The access matrix in the evidence report: paths replace prose in NIS2 Art. 21(2)(i) and DORA's
// change management and access control, broken paths are missing items, accepted risks evidence.
import { accessMatrix } from "../../compliance/access-matrix";
import { buildEvidenceReport, type EvidenceReport } from "../../compliance/report";
import { GUARDRAILS } from "../../policies/catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { targetDesign } from "../access/fixtures";
import { landedPlan } from "../access/landed-plans";
import { examplePlan } from "../helpers/example-plans";
import { TEST_PROVENANCE } from "./fixtures";

async function report(plan: PlanDocument): Promise<EvidenceReport> {
  return buildEvidenceReport({
    plan,
    catalog: GUARDRAILS,
    violations: plan.policies.violations,
    access: await accessMatrix(plan),
    generatedAt: new Date("2026-12-01T00:00:00Z"),
    provenance: TEST_PROVENANCE,
  });
}
const control = (r: EvidenceReport, id: string) => r.controls.find((c) => c.id === id)!;

describe("the access matrix as evidence", () => {
  it("the landed prod plan: NIS2 (i) and DORA change management and access control name the broken paths", async () => {
    const landed = await report(landedPlan("prod"));
    const access = control(landed, "NIS2-21-2-I-ACCESS-ASSETS");
    expect(access.status).toBe("partial");
    expect(access.missing.map((m) => m.what).join("\n")).toMatch(/access path breaks cross-owner .*ClusterSecretStore vault.*platform\/ci/);
    const change = control(landed, "DORA-RTS-17-CHANGE");
    expect(change.status).toBe("partial");
    expect(change.missing.map((m) => m.what).join("\n")).toMatch(
      /unapproved-production-change .*on a protected branch.*write overlays\/prod\/ on main/,
    );
    expect(control(landed, "DORA-ACCESS-CONTROL").status).toBe("partial");
    expect(access.evidence).toContainEqual(expect.objectContaining({ kind: "artifact", id: "access-graph" }));
  });

  it("the target design on GitLab Free with the risk accepted: change management met, the accepted path is evidence with its reason", async () => {
    const plan = targetDesign(landedPlan("prod"));
    (plan.outputs.onboarding as { gitlab: Record<string, unknown> }).gitlab.tier = "free";
    plan.outputs.acceptedRisks = [{ id: "gitlab-free-approvals", reason: "approvals checked in the weekly change review" }];
    const fixed = await report(plan);
    const change = control(fixed, "DORA-RTS-17-CHANGE");
    expect(change.missing.filter((m) => m.what.startsWith("access path"))).toEqual([]);
    const accepted = change.evidence.filter((e) => e.kind === "artifact" && e.id.startsWith("access-accepted-"));
    expect(accepted.length).toBeGreaterThan(0);
    expect(accepted[0]).toMatchObject({ settings: { reason: "approvals checked in the weekly change review" } });
    expect(control(fixed, "NIS2-21-2-I-ACCESS-ASSETS").missing.filter((m) => m.what.startsWith("access path"))).toEqual([]);
  });

  it("each app's delivery flow is evidence of DORA change management; a broken promise of the flow is a missing item", async () => {
    const today = await report(await examplePlan("prod"));
    const change = control(today, "DORA-RTS-17-CHANGE");
    const ledger = change.evidence.find((e) => e.kind === "artifact" && e.id === "delivery-flow-ledger");
    expect(ledger).toMatchObject({
      settings: {
        "fork-merge-request": "test",
        admission: expect.stringMatching(/^admits the default branch's signature/) as unknown,
        "environment prod": "ledger-prod syncs main manually; written after approval",
      },
    });
    expect(change.missing.filter((m) => m.what.startsWith("delivery flow"))).toEqual([]);
    // The landed plan let a protected branch's pusher log in with the app's only CI role.
    const landed = control(await report(landedPlan("prod")), "DORA-RTS-17-CHANGE");
    expect(landed.missing.map((m) => m.what)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^delivery flow: ledger protected-branch: its pusher can log in as jwt-gitlab\/ci\.payments\.ledger$/),
      ]),
    );
  });

  it("a report built without the access graph says nothing about it (no invented status)", () => {
    const plan = landedPlan("prod");
    const without = buildEvidenceReport({
      plan,
      catalog: GUARDRAILS,
      violations: plan.policies.violations,
      generatedAt: new Date(0),
      provenance: TEST_PROVENANCE,
    });
    expect(control(without, "DORA-RTS-17-CHANGE").missing.filter((m) => m.what.startsWith("access"))).toEqual([]);
  });
});
