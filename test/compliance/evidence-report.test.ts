import { renderMarkdown } from "../../compliance/render-markdown";
import { renderHtml } from "../../compliance/render-html";
// The compliance report of the dev and prod stacks: every control's evidence exists in the plan or catalog,
// and taking a resource, a guardrail or the backup schedules away changes the affected controls.
import { CONTROLS } from "../../compliance/controls";
import { statusOf } from "../../compliance/evidence-model";
import { REGULATIONS } from "../../compliance/regulations";
import { buildEvidenceReport } from "../../compliance/report";
import { GUARDRAILS } from "../../policies/catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { control, reportOf, TEST_PROVENANCE, withoutResources } from "./fixtures";

const plans: Record<string, PlanDocument> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"]) plans[stack] = await examplePlan(stack);
});

// Article numbers confirmed in the reference notes; everything else must stay generic.
const CONFIRMED_ARTICLES: Record<string, RegExp> = {
  CRA: /^(Annex I Part I|Annex I Part II|Annex I Part II \((1|2|3)\)|Art\. 14)$/,
  NIS2: /^Art\. 21\(2\)\((d|e|f|h|i|j)\)$/,
  DORA: /^(RTS 2024\/1774 Art\. (10|17)|Art\. 8|Backup and restoration|Access control)$/,
  DataAct: /^[^0-9]+$/,
};

describe.each(["dev", "prod"])("evidence report of the %s stack", (stack) => {
  it("evaluates every control, with a status that follows its evidence", () => {
    const report = reportOf(plans[stack]!);
    expect(report.controls.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    expect(report.profile).toBe(stack);
    for (const c of report.controls) expect(c.status).toBe(statusOf(c));
    expect(report.totals.met + report.totals.partial + report.totals["not covered"]).toBe(CONTROLS.length);
  });

  it("points every control, audit trail and exit-plan row at evidence that exists", () => {
    const plan = plans[stack]!;
    const report = reportOf(plan);
    const byUrn = new Map(plan.resources.map((r) => [r.urn, r]));
    const items = [
      ...report.controls.flatMap((c) => c.evidence),
      ...report.auditTrails.flatMap((t) => t.evidence),
      ...report.exitPlan.dependencies.flatMap((d) => d.evidence),
      ...report.exitPlan.dataLocations.flatMap((d) => d.evidence),
    ];
    expect(items.length).toBeGreaterThan(100);
    for (const item of items) {
      if (item.kind === "resource") expect(byUrn.get(item.urn)).toMatchObject({ type: item.type, name: item.name });
      else if (item.kind === "guardrail") expect(GUARDRAILS.map((g) => g.id)).toContain(item.id);
      // Artifacts: the SBOM, the policy evaluation, or an accepted risk the stack exports (the emergency path).
      else
        expect([
          "platform-sbom",
          "policy-evaluation",
          ...((plan.outputs.acceptedRisks ?? []) as { id: string }[]).map((r) => r.id),
        ]).toContain(item.id);
    }
  });

  it("cites only article numbers confirmed in the reference notes", () => {
    for (const c of CONTROLS) expect(c.article).toMatch(CONFIRMED_ARTICLES[c.regulation]!);
  });

  it("says honestly what is not configured: MFA optional in dev, Kubernetes audit events, incident reporting", () => {
    const report = reportOf(plans[stack]!);
    // Rated from the realm: required on a prod platform, optional on dev (compliance/identity-evidence.ts).
    expect(control(report, "NIS2-21-2-J-MFA").status).toBe(stack === "prod" ? "met" : "partial");
    expect(control(report, "CRA-ART14-REPORTING").status).toBe("partial");
    expect(report.auditTrails.find((t) => t.id === "kubernetes-audit")).toMatchObject({ state: "not configured", evidence: [] });
  });
});

it("has the regulations' key dates right", () => {
  expect(REGULATIONS.CRA.dates).toEqual([
    { date: "2024-12-10", what: "entered into force" },
    { date: "2026-09-11", what: "reporting obligations (Art. 14) apply" },
    { date: "2027-12-11", what: "applies in full" },
  ]);
  expect(REGULATIONS.NIS2.dates.map((d) => d.date)).toEqual(["2024-10-17"]);
  expect(REGULATIONS.DORA.dates.map((d) => d.date)).toEqual(["2025-01-17"]);
  expect(REGULATIONS.DataAct.dates.map((d) => d.date)).toEqual(["2025-09-12"]);
});

describe("status changes when evidence disappears (prod)", () => {
  it("meets the change management and vulnerability controls as planned", () => {
    const report = reportOf(plans.prod!);
    for (const id of ["DORA-RTS-17-CHANGE", "CRA-AI-PI-VULNERABILITIES", "DORA-RTS-10-VULNERABILITIES"])
      expect(control(report, id)).toMatchObject({ status: "met", missing: [] });
  });

  it("meets no control with the report itself: effectiveness and exit without a drill stay partial; restoration rests on the drills", () => {
    const report = reportOf(plans.prod!);
    // Met from the restore drills the plan configures (test/compliance/restore-drill-evidence.test.ts), not from a note.
    const backup = control(report, "DORA-BACKUP-RESTORE");
    expect(backup.evidence.map((e) => (e.kind === "resource" ? e.type : e.kind))).toContain("kubernetes:batch/v1:CronJob");
    expect(control(report, "NIS2-21-2-F-EFFECTIVENESS")).toMatchObject({
      status: "partial",
      missing: [{ what: expect.stringMatching(/^effectiveness in operation/) as unknown }],
    });
    expect(control(report, "DATA-ACT-SWITCHING").missing.map((m) => m.what)).toContain(
      "no export drill on record: the export procedures have not been carried out and timed",
    );
    for (const c of report.controls) expect(c.features.join(" ")).not.toMatch(/this report/);
  });

  it("says what it is built from and that it describes a plan, in every rendering; code spans keep their characters", () => {
    const report = reportOf(plans.prod!);
    const markdown = renderMarkdown(report);
    const html = renderHtml(report);
    for (const text of [markdown, html]) {
      expect(text).toContain(TEST_PROVENANCE.commit);
      expect(text).toContain(TEST_PROVENANCE.stackConfigSha256);
      expect(text).toContain(TEST_PROVENANCE.tool);
      expect(text).toContain("not a deployed platform");
    }
    expect(markdown).toContain("`vault kv get -format=json <mount>/<path>`");
    expect(markdown).not.toContain("&lt;mount&gt;");
    expect(markdown).toMatch(/\| Data Act Switching between data processing services \|/);
    expect(markdown).not.toMatch(/DataAct/);
  });

  it("turns backup and restoration partial without the Velero schedules", async () => {
    const plan = await withoutResources(plans.prod!, (r) => r.type === "kubernetes:velero.io/v1:Schedule");
    const backup = control(reportOf(plan), "DORA-BACKUP-RESTORE");
    expect(backup.status).toBe("partial");
    expect(backup.evidence.some((e) => e.kind === "resource" && e.type === "kubernetes:velero.io/v1:Schedule")).toBe(false);
    const missing = backup.missing.map((m) => m.what).join("\n");
    expect(missing).toContain("no Velero schedule backs up namespace 'harbor'");
    expect(missing).toContain("no Velero schedule backs up namespace 'ledger-prod'");
    // The guardrail evaluated on the changed plan reports it too.
    expect(missing).toMatch(/violation\(s\) of 'prod-namespaces-backed-up'/);
  });

  it("turns backup partial when only one app's schedule is gone, naming that namespace", async () => {
    const plan = await withoutResources(plans.prod!, (r) => r.type === "kubernetes:velero.io/v1:Schedule" && r.name === "ledger-backup");
    const backup = control(reportOf(plan), "DORA-BACKUP-RESTORE");
    expect(backup.status).toBe("partial");
    expect(backup.missing.map((m) => m.what)).toContain("no Velero schedule backs up namespace 'ledger-prod' (production app)");
    expect(backup.missing.map((m) => m.what).join("\n")).not.toContain("'harbor'");
  });

  it("turns change management partial when a guardrail is removed from the catalog", () => {
    const catalog = GUARDRAILS.filter((g) => g.id !== "gitlab-merge-approvals");
    const change = control(reportOf(plans.prod!, catalog), "DORA-RTS-17-CHANGE");
    expect(change.status).toBe("partial");
    expect(change.missing).toEqual([{ what: "guardrail 'gitlab-merge-approvals' is not in the catalog" }]);
    expect(change.evidence.some((e) => e.kind === "guardrail" && e.id === "gitlab-merge-approvals")).toBe(false);
  });

  it("turns the vulnerability controls partial without Harbor's scheduled scans", async () => {
    const plan = await withoutResources(plans.prod!, (r) => r.type === "harbor:index/interrogationServices:InterrogationServices");
    const report = reportOf(plan);
    for (const id of ["CRA-AI-PI-VULNERABILITIES", "DORA-RTS-10-VULNERABILITIES", "CRA-AI-PII-3-TESTING"]) {
      expect(control(report, id).status).toBe("partial");
      expect(control(report, id).missing.map((m) => m.what)).toContain("no Harbor's scheduled vulnerability scans in the plan");
    }
  });

  it("loses the Vault audit evidence when the audit device is removed", async () => {
    const before = reportOf(plans.prod!);
    const audit = plans.prod!.resources.find((r) => r.type === "vault:index/audit:Audit")!;
    expect(control(before, "CRA-AI-PI-LOGGING").evidence.map((e) => (e.kind === "resource" ? e.urn : ""))).toContain(audit.urn);

    const after = reportOf(await withoutResources(plans.prod!, (r) => r.urn === audit.urn));
    const logging = control(after, "CRA-AI-PI-LOGGING");
    expect(logging.evidence.map((e) => (e.kind === "resource" ? e.urn : ""))).not.toContain(audit.urn);
    expect(logging.missing).toContainEqual({ what: "Vault audit device: not configured" });
    expect(after.auditTrails.find((t) => t.id === "vault-audit")?.state).toBe("not configured");
  });

  it("turns the SBOM controls partial when the SBOM is not generated", () => {
    expect(control(reportOf(plans.prod!), "CRA-AI-PII-1-SBOM").status).toBe("met");
    const noSbom = buildEvidenceReport({
      plan: plans.prod!,
      catalog: GUARDRAILS,
      violations: plans.prod!.policies.violations,
      generatedAt: new Date(0),
      provenance: TEST_PROVENANCE,
    });
    expect(control(noSbom, "CRA-AI-PII-1-SBOM").status).toBe("partial");
    expect(control(noSbom, "DORA-ART8-ASSETS").missing).toContainEqual({ what: "the platform SBOM was not generated with this report" });
  });
});

describe("profile differences", () => {
  it("reports dev's advisory violations against the controls they affect", () => {
    const dev = reportOf(plans.dev!);
    const vulnerabilities = control(dev, "CRA-AI-PI-VULNERABILITIES");
    expect(vulnerabilities.status).toBe("partial");
    expect(vulnerabilities.missing.map((m) => m.what).join("\n")).toMatch(/violation\(s\) of 'harbor-deployment-security'/);
  });

  it("flags dev's in-cluster backup store as not exportable", () => {
    expect(
      control(reportOf(plans.dev!), "DATA-ACT-EXPORT")
        .missing.map((m) => m.what)
        .join("\n"),
    ).toMatch(/inside the same cluster/);
    expect(control(reportOf(plans.prod!), "DATA-ACT-EXPORT").status).toBe("met");
  });
});
