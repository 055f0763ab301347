// GitLab Free cannot require an independent approval of production changes. The platform allows it
// only with the gap accepted on the record (reason, owner, expiry), skips the Premium-only approval
// resources there, and exports the decision for the access graph and the evidence report.
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";
import { readFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "../../plan/plan-document";

const P = "delivery-platform:";
const ACCEPTANCE = { reason: "Self-managed Free instance until the licence lands in Q3.", owner: "platform-lead", expires: "2999-12-31" };

async function plan(gitlab: Record<string, unknown>) {
  const config = devConfig();
  config[`${P}gitlab`] = { ...(config[`${P}gitlab`] as object), ...gitlab };
  const json = path.join(mkdtempSync(path.join(tmpdir(), "tier-")), "plan.json");
  const run = await runPlanCli(["--stack", "tier", "--stacks-dir", writeStacks({ tier: { config } }), "--json", json]);
  return { run, plan: run.exitCode === 0 ? (JSON.parse(readFileSync(json, "utf8")) as PlanDocument) : undefined };
}

const approvalTypes = [
  "gitlab:index/projectApprovalRule:ProjectApprovalRule",
  "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals",
];

describe("GitLab tier", () => {
  it("refuses Free without an explicit acceptance, and an expired one (exit 2, nothing planned)", async () => {
    const missing = await plan({ tier: "free" });
    expect(missing.run.exitCode).toBe(2);
    expect(missing.run.stderr).toContain("gitlab.acceptMissingApprovals: required with gitlab.tier 'free'");
    const expired = await plan({ tier: "free", acceptMissingApprovals: { ...ACCEPTANCE, expires: "2020-01-31" } });
    expect(expired.run.exitCode).toBe(2);
    expect(expired.run.stderr).toContain("gitlab.acceptMissingApprovals.expires: expired on 2020-01-31");
    const misplaced = await plan({ acceptMissingApprovals: ACCEPTANCE });
    expect(misplaced.run.stderr).toContain("gitlab.acceptMissingApprovals: only applies to gitlab.tier 'free'");
  });

  it("on Free: no Premium-only approval resources, and the acceptance is in the stack outputs", async () => {
    const free = await plan({ tier: "free", acceptMissingApprovals: ACCEPTANCE });
    expect(free.run.exitCode).toBe(0);
    expect(free.plan!.resources.filter((r) => approvalTypes.includes(r.type))).toEqual([]);
    expect(free.plan!.outputs.acceptedRisks).toEqual([{ id: "gitlab-free-approvals", ...ACCEPTANCE }]);
    expect((free.plan!.outputs.onboarding as { gitlab: { tier: string } }).gitlab.tier).toBe("free");

    const premium = await plan({});
    expect(premium.plan!.resources.filter((r) => approvalTypes.includes(r.type)).length).toBeGreaterThan(0);
    expect(premium.plan!.outputs.acceptedRisks).toEqual([]);
  });
});
