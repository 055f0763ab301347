// DORA backup and restoration rated from the restore drills: their configuration in the plan, and
// their results when an export of the drill metrics is given; never from a note.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_USAGE, main } from "../../cli/evidence";
import { parseDrillResults, DrillResultsError } from "../../compliance/drill-results";
import { buildEvidenceReport, type EvidenceReport } from "../../compliance/report";
import { DRILL_LABEL } from "../../components/platform/restore-drills/names";
import { GUARDRAILS } from "../../policies/catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { control, reportOf, sbomOf, TEST_PROVENANCE, withoutResources } from "./fixtures";

const NOW = new Date("2026-11-26T00:00:00Z");
// The prod stack's apps and tenant-payments' (fraud-scoring, invoicing), whose foundations it creates.
const DRILLS = [
  "app-accounting-export",
  "app-fraud-scoring",
  "app-invoicing",
  "app-ledger",
  "app-payments-api",
  "app-settlement-worker",
  "app-storefront",
];
const at = (hoursAgo: number) => NOW.getTime() - hoursAgo * 3600_000;

/** An export as VictoriaMetrics writes it (/api/v1/export, one JSON object per line). */
function exportOf(series: { name: string; drill: string; value: number; hoursAgo: number }[]): string {
  return series
    .map(({ name, drill, value, hoursAgo }) =>
      JSON.stringify({ metric: { __name__: name, drill, schedule: drill }, values: [value], timestamps: [at(hoursAgo)] }),
    )
    .join("\n");
}
const passed = (drill: string, hoursAgo: number) => [
  { name: "restore_drill_success", drill, value: 1, hoursAgo },
  { name: "restore_drill_last_success_timestamp_seconds", drill, value: at(hoursAgo) / 1000, hoursAgo },
  { name: "restore_drill_restore_duration_seconds", drill, value: 312, hoursAgo },
  { name: "restore_drill_backup_age_seconds", drill, value: 7200, hoursAgo },
];

const reportWith = (plan: PlanDocument, drillResults?: string) =>
  buildEvidenceReport({
    plan,
    catalog: GUARDRAILS,
    violations: plan.policies.violations,
    sbom: sbomOf(plan).summary,
    generatedAt: NOW,
    provenance: TEST_PROVENANCE,
    ...(drillResults === undefined ? {} : { drillResults: parseDrillResults(drillResults) }),
  });

let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  [prod, dev] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
});

describe("DORA-BACKUP-RESTORE from the restore drills", () => {
  it("is met in prod from the drill configuration: a drill namespace and a CronJob per production app, with overdue alerts", () => {
    const backup = control(reportOf(prod), "DORA-BACKUP-RESTORE");
    expect(backup).toMatchObject({ status: "met", missing: [] });
    const names = backup.evidence.flatMap((e) => (e.kind === "resource" ? [e.name] : []));
    expect(names).toEqual(
      expect.arrayContaining(["restore-drills-app-ledger", "restore-drills-ledger-drill-prod", "restore-drills-storefront-drill-prod"]),
    );
    expect(backup.evidence.filter((e) => e.kind === "guardrail").map((e) => (e.kind === "guardrail" ? e.id : ""))).toContain(
      "drill-restores-confined",
    );
  });

  it("turns partial when the drill configuration is removed, naming what is missing", async () => {
    const withoutDrills = await withoutResources(prod, (r) => r.urn.includes("RestoreDrills"));
    const backup = control(reportOf(withoutDrills), "DORA-BACKUP-RESTORE");
    expect(backup.status).toBe("partial");
    expect(backup.missing.map((m) => m.what)).toEqual(
      expect.arrayContaining([
        "no restore drill is configured: backups are never restored (services.velero.drills)",
        "no restore drill restores namespace 'ledger-prod' (backup.drill of its app)",
      ]),
    );
    // Without the overdue alert a drill can stop unnoticed: partial too.
    const withoutAlerts = await withoutResources(prod, (r) => r.name === "restore-drills-alerts");
    expect(control(reportOf(withoutAlerts), "DORA-BACKUP-RESTORE").missing.map((m) => m.what)).toContain(
      "restore drill 'app-ledger' has no overdue alert (RestoreDrillOverdue)",
    );
  });

  it("stays partial in dev, where no drill is configured", () => {
    const backup = control(reportOf(dev), "DORA-BACKUP-RESTORE");
    expect(backup.status).toBe("partial");
    expect(backup.missing.map((m) => m.what)).toContain(
      "no restore drill is configured: backups are never restored (services.velero.drills)",
    );
  });

  it("rates the drills' results when an export is given: recent passes keep it met, with their measurements", () => {
    const report = reportWith(prod, exportOf([...DRILLS, "vault-raft-snapshot"].flatMap((d) => passed(d, 30))));
    const backup = control(report, "DORA-BACKUP-RESTORE");
    expect(backup).toMatchObject({ status: "met", missing: [] });
    expect(backup.evidence.find((e) => e.kind === "artifact" && e.id === "restore-drill-app-ledger")).toMatchObject({
      settings: { lastSuccess: new Date(at(30)).toISOString(), restoreSeconds: "312", backupAgeHours: "2.0" },
    });
    // The raft snapshot drill (a script, not a CronJob) shows when the export has it.
    expect(backup.evidence.map((e) => (e.kind === "artifact" ? e.id : ""))).toContain("restore-drill-vault-raft-snapshot");
  });

  it("turns partial when a drill's latest run failed, or none passed within its overdue window", () => {
    const failedLast = exportOf([
      ...DRILLS.flatMap((d) => passed(d, 30)),
      { name: "restore_drill_success", drill: "app-ledger", value: 0, hoursAgo: 2 },
    ]);
    expect(control(reportWith(prod, failedLast), "DORA-BACKUP-RESTORE")).toMatchObject({
      status: "partial",
      missing: [{ what: `restore drill 'app-ledger' failed its latest run (${new Date(at(2)).toISOString()})` }],
    });
    const stale = exportOf([
      ...DRILLS.filter((d) => d !== "app-payments-api").flatMap((d) => passed(d, 30)),
      ...passed("app-payments-api", 200),
    ]);
    expect(control(reportWith(prod, stale), "DORA-BACKUP-RESTORE").missing.map((m) => m.what)).toEqual([
      `restore drill 'app-payments-api' has no successful run in the export within 192h of ${NOW.toISOString()}`,
    ]);
    // Results of drills the plan does not configure count for nothing.
    const others = exportOf(passed("app-elsewhere", 1));
    expect(control(reportWith(prod, others), "DORA-BACKUP-RESTORE").missing).toHaveLength(DRILLS.length);
  });

  it("refuses an export it cannot read, naming the line", () => {
    expect(() => parseDrillResults('{"metric":{"__name__":"x"},"values":[1],"timestamps":[1]}\nnot json')).toThrow(
      new DrillResultsError("line 2: not JSON"),
    );
    expect(() => parseDrillResults('{"metric":{"drill":"x"},"values":[1],"timestamps":[1]}')).toThrow(
      /line 1: not a VictoriaMetrics export line/,
    );
  });

  it("reads the drill label the runner's CronJobs carry", () => {
    const labels = prod.resources
      .filter((r) => r.type === "kubernetes:batch/v1:CronJob" && r.urn.includes("RestoreDrills"))
      .map((r) => (r.inputs.metadata as { labels: Record<string, string> }).labels[DRILL_LABEL]);
    expect(labels.sort()).toEqual(DRILLS);
  });
});

describe("npm run evidence -- --drill-results", () => {
  const cli = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (t: string) => (out.stdout += `${t}\n`), stderr: (t: string) => (out.stderr += `${t}\n`) } };
  };

  it("rates prod's drills from the export it is given", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drill-evidence-"));
    const file = path.join(dir, "drills.jsonl");
    // The export has only app-ledger's pass: the other drills have no result.
    writeFileSync(file, exportOf(passed("app-ledger", 10)));
    const { out, io } = cli();
    expect(await main(["--stack", "prod", "--out", dir, "--drill-results", file], io, () => NOW)).toBe(EXIT_OK);
    const report = JSON.parse(readFileSync(path.join(dir, "evidence.json"), "utf8")) as EvidenceReport;
    expect(control(report, "DORA-BACKUP-RESTORE")).toMatchObject({
      status: "partial",
      missing: DRILLS.filter((d) => d !== "app-ledger").map((d) => ({
        what: `restore drill '${d}' has no successful run in the export within 192h of ${NOW.toISOString()}`,
      })),
    });
    expect(out.stderr).toBe("");
  });

  it("refuses an unreadable export before planning (exit 2)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "drill-evidence-"));
    const file = path.join(dir, "drills.jsonl");
    writeFileSync(file, "not an export");
    const { out, io } = cli();
    expect(await main(["--stack", "prod", "--out", dir, "--drill-results", file], io)).toBe(EXIT_USAGE);
    expect(out.stderr).toContain(`--drill-results ${file}: line 1: not JSON`);
  });
});
