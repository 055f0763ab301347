import * as k8s from "@pulumi/kubernetes";
import { parser } from "@prometheus-io/lezer-promql";
import type { PlanDocument } from "../../plan/plan-document";
import { allSecret } from "../../components/platform/service-settings";
import { craDeadlines } from "../../components/platform/trivy-operator/cra-clocks";
import { trivyOperatorSettings } from "../../components/platform/trivy-operator/settings";
import { TrivyOperator } from "../../components/platform/trivy-operator/trivy-operator";
import { trivyOperatorValues } from "../../components/platform/trivy-operator/values";
import {
  FIRST_SEEN_RECORD,
  firstSeenRecording,
  vulnerabilityAlertRules,
} from "../../components/platform/trivy-operator/vulnerability-rules";
import { examplePlan } from "../helpers/example-plans";
import { inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const VMRULE = "kubernetes:operator.victoriametrics.com/v1beta1:VMRule";
const SCRAPE = "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape";

const settingsOf = (input: unknown) => trivyOperatorSettings(allSecret).parse(input);

/** Syntax errors lezer-promql finds in an expression (positions of its error nodes). */
function promqlErrors(expr: string): number[] {
  const errors: number[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
    },
  });
  return errors;
}

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
}

const rulesOf = (plan: PlanDocument, name: string): Rule[] =>
  (inputAt(one(plan, VMRULE, name), "spec.groups") as { rules: Rule[] }[]).flatMap((group) => group.rules);

describe("the vulnerability rules", () => {
  const settings = settingsOf({
    knownExploited: { cves: ["CVE-2021-44228"] },
    craReports: [
      { id: "cve-2026-1111", kind: "actively-exploited-vulnerability", vulnerability: "CVE-2026-1111", awareAt: "2026-11-30T10:00:00Z" },
      {
        id: "outage-1",
        kind: "severe-incident",
        awareAt: "2026-01-31T08:00:00Z",
        earlyWarningSentAt: "2026-01-31T20:00:00Z",
        notificationSentAt: "2026-01-31T22:00:00Z",
      },
    ],
  });
  const rules = [firstSeenRecording(), ...vulnerabilityAlertRules(settings)] as Rule[];

  it("are plain PromQL that lezer-promql parses without an error node", () => {
    for (const rule of rules)
      expect({ rule: rule.alert ?? rule.record, errors: promqlErrors(rule.expr) }).toEqual({ rule: rule.alert ?? rule.record, errors: [] });
    // The check can fail: a broken expression has error nodes.
    expect(promqlErrors("sum by (a (up)")).not.toEqual([]);
  });

  it("count from the first-seen recording, which keeps its own earlier value while the finding runs", () => {
    const recording = firstSeenRecording() as Rule;
    expect(recording.expr).toContain(`last_over_time(${FIRST_SEEN_RECORD}[30d])`);
    expect(recording.expr).toContain("timestamp(");
    const deadlines = rules.filter((rule) => rule.alert === "VulnerabilityPastDeadline");
    expect(deadlines.map((rule) => [rule.labels?.deadline_days, /vuln_severity="(\w+)"/.exec(rule.expr)?.[1]])).toEqual([
      ["7", "Critical"],
      ["30", "High"],
      ["90", "Medium"],
      ["180", "Low"],
    ]);
    expect(deadlines[0]!.expr).toContain(`> ${7 * 86400}`);
  });

  it("take the deadlines from the config and reject a shorter deadline for a lower severity", () => {
    const custom = vulnerabilityAlertRules(settingsOf({ deadlines: { critical: 3, high: 14 } })) as Rule[];
    expect(custom.find((rule) => rule.labels?.deadline_days === "3")?.expr).toContain(`> ${3 * 86400}`);
    expect(() => settingsOf({ deadlines: { critical: 30, high: 7 } })).toThrow(/must not be shorter than critical/);
  });

  it("alert at once on known exploited vulnerabilities, the configured list plus the CRA cases' CVEs", () => {
    const running = rules.find((rule) => rule.alert === "KnownExploitedVulnerabilityRunning")!;
    expect(running.expr).toContain('vuln_id=~"CVE-2021-44228|CVE-2026-1111"');
    expect(running.labels?.severity).toBe("critical");
    expect(rules.find((rule) => rule.alert === "KnownExploitedVulnerabilityPastDeadline")?.expr).toContain(`> ${2 * 86400}`);
    expect(vulnerabilityAlertRules(settingsOf({})).some((rule) => rule.alert?.startsWith("KnownExploited"))).toBe(false);
    expect(() => settingsOf({ knownExploited: { cves: ["log4shell"] } })).toThrow(/must be a CVE id/);
  });

  it("run the CRA Art. 14 clocks: 24 h and 72 h from awareness, a month from an incident's notification", () => {
    const owed = craDeadlines(settings.craReports).map((d) => [d.case, d.stage, new Date(d.dueAt * 1000).toISOString()]);
    expect(owed).toEqual([
      ["cve-2026-1111", "early-warning", "2026-12-01T10:00:00.000Z"],
      ["cve-2026-1111", "notification", "2026-12-03T10:00:00.000Z"],
      // 31 January + one month: the end of February.
      ["outage-1", "final-report", "2026-02-28T22:00:00.000Z"],
    ]);
    const mitigated = settingsOf({
      craReports: [
        {
          id: "cve-2026-2222",
          kind: "actively-exploited-vulnerability",
          vulnerability: "CVE-2026-2222",
          awareAt: "2026-11-01T00:00:00Z",
          earlyWarningSentAt: "2026-11-01T12:00:00Z",
          notificationSentAt: "2026-11-02T12:00:00Z",
          mitigationAvailableAt: "2026-11-10T00:00:00Z",
        },
      ],
    });
    expect(craDeadlines(mitigated.craReports).map((d) => [d.stage, new Date(d.dueAt * 1000).toISOString()])).toEqual([
      ["final-report", "2026-11-24T00:00:00.000Z"],
    ]);
    const closed = { ...mitigated.craReports[0]!, finalReportSentAt: "2026-11-20T00:00:00Z" };
    expect(craDeadlines([closed])).toEqual([]);
    const due = rules.filter((rule) => rule.alert === "CraReportOverdue").map((rule) => rule.expr);
    expect(due).toContain(`vector(time()) > ${Date.parse("2026-12-01T10:00:00Z") / 1000}`);
  });

  it("reject CRA cases the clocks cannot run on, naming the case", () => {
    expect(() =>
      settingsOf({ craReports: [{ id: "x", kind: "actively-exploited-vulnerability", awareAt: "2026-11-01T00:00:00Z" }] }),
    ).toThrow(/required for an actively exploited vulnerability \(case 'x'\)/);
    expect(() =>
      settingsOf({
        craReports: [{ id: "y", kind: "severe-incident", awareAt: "2026-11-02T00:00:00Z", earlyWarningSentAt: "2026-11-01T00:00:00Z" }],
      }),
    ).toThrow(/must not be before awareAt \(case 'y'\)/);
    expect(() => settingsOf({ craReports: [{ id: "z", kind: "severe-incident", awareAt: "yesterday" }] })).toThrow(/ISO 8601/);
  });
});

describe("the TrivyOperator component", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planComponent(({ providers }) => {
      const stack = new k8s.helm.v3.Release("vm-stack", { chart: "x" }, { provider: providers.kubernetes });
      new TrivyOperator(
        "trivy-operator",
        { context: testContext("prod"), settings: settingsOf({}), monitoring: { namespace: "monitoring", crdRelease: stack } },
        { providers },
      );
    });
  });

  it("installs the CRDs from their own protected, retained release before the operator, whose release skips crds/", () => {
    const crds = one(plan, RELEASE, "trivy-operator-crds");
    const operator = one(plan, RELEASE, "trivy-operator-operator");
    expect([crds.protect, crds.retainOnDelete]).toEqual([true, true]);
    expect(operator.dependencies).toContain(crds.urn);
    expect(operator.inputs.skipCrds).toBe(true);
    expect(crds.inputs.skipCrds).toBeUndefined();
  });

  it("scans only for vulnerabilities, in every namespace, rescanning daily and exporting one series per finding", () => {
    const operator = one(plan, RELEASE, "trivy-operator-operator");
    expect(inputAt(operator, "values.operator")).toMatchObject({
      vulnerabilityScannerEnabled: true,
      metricsVulnIdEnabled: true,
      scannerReportTTL: "24h",
      configAuditScannerEnabled: false,
      // Not the chart's default cluster-wide get/create/update on Secrets.
      accessGlobalSecretsAndServiceAccount: false,
    });
    expect(inputAt(operator, "values.operator.privateRegistryScanSecretsNames")).toBeUndefined();
    expect(inputAt(operator, "values.targetNamespaces")).toBe("");
  });

  it("pulls private images only with the one Secret of its namespace the config names", () => {
    const values = trivyOperatorValues(testContext("prod"), settingsOf({ registryPullSecret: "harbor-scan-pull" }));
    expect((values.operator as Record<string, unknown>).privateRegistryScanSecretsNames).toEqual({ "trivy-system": "harbor-scan-pull" });
  });

  it("puts its rules into VictoriaMetrics' namespace, after the release that installs the VMRule CRD", () => {
    const rule = one(plan, VMRULE);
    expect(inputAt(rule, "metadata.namespace")).toBe("monitoring");
    expect(rule.dependencies).toContain(one(plan, RELEASE, "vm-stack").urn);
  });
});

describe("the prod plan's vulnerability inventory", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await examplePlan("prod");
  });

  it("holds the operator, its CRDs, the scrape of its metrics and the deadline, KEV and first-seen rules", () => {
    expect(ofType(plan, RELEASE).map((r) => r.inputs.chart)).toEqual(expect.arrayContaining(["trivy-operator", "trivy-operator-crds"]));
    const scrape = ofType(plan, SCRAPE).find((r) => r.name.endsWith("trivy-operator"))!;
    expect(inputAt(scrape, "spec.selector.matchLabels")).toEqual({
      "app.kubernetes.io/name": "trivy-operator",
      "app.kubernetes.io/instance": "trivy-operator",
    });
    const rules = rulesOf(plan, "trivy-operator-vulnerability-rules");
    expect(rules.map((rule) => rule.alert ?? rule.record)).toEqual(
      expect.arrayContaining([FIRST_SEEN_RECORD, "VulnerabilityPastDeadline", "KnownExploitedVulnerabilityRunning"]),
    );
    for (const rule of rules) expect(promqlErrors(rule.expr)).toEqual([]);
  });
});
