// The merge request's view of an offline plan: Markdown summary, JUnit (read back with junit2json)
// and GitLab Code Quality (checked against the fields GitLab documents).
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { main } from "../../cli/review";
import type { PlanDocument } from "../../plan/plan-document";
import { guardrailById } from "../../policies/catalog";
import { codeQualityReport } from "../../review/code-quality-report";
import { codeQualityReportSchema } from "../../review/code-quality-schema";
import { junitReport } from "../../review/junit-report";
import { markdownSummary } from "../../review/markdown-summary";
import { planGuardrails } from "../../review/violation-view";
import { examplePlan, exampleRun } from "../helpers/example-plans";
import { parseJunit } from "../helpers/junit";

const root = path.resolve(__dirname, "../..");

/** The dev example with its first violation made mandatory and given characters XML and Markdown must escape. */
async function withMandatory(): Promise<PlanDocument> {
  const plan = structuredClone(await examplePlan("dev"));
  plan.policies.violations[0] = { ...plan.policies.violations[0]!, enforcementLevel: "mandatory", message: `a <b> & "c" | d` };
  return plan;
}

describe("the JUnit report", () => {
  it("has one test case per guardrail and resource it reports on, and one per guardrail without violations", async () => {
    const plan = await examplePlan("dev");
    const [suite, ...others] = parseJunit(junitReport(plan)).testsuite ?? [];
    expect(others).toEqual([]);
    const cases = suite!.testcase ?? [];
    const reporting = new Set(plan.policies.violations.map((v) => v.policy));
    expect(cases).toHaveLength(plan.policies.violations.length + planGuardrails().filter((g) => !reporting.has(g.id)).length);
    expect(suite!.tests).toBe(cases.length);
    for (const violation of plan.policies.violations) {
      const resource = plan.resources.find((r) => r.urn === violation.urn)!;
      const testCase = cases.find((c) => c.name === `${violation.policy}: ${resource.name} (${resource.type})`);
      expect(testCase).toMatchObject({ classname: `dev.${violation.policy}` });
      // Advisory: listed with its message and fix, not failed.
      expect(testCase!.failure).toBeUndefined();
      expect(testCase!["system-out"]?.[0]).toContain(
        `${violation.message}\nresource: ${violation.urn}\nfix: ${guardrailById(violation.policy).fix}`,
      );
    }
    for (const guardrail of planGuardrails().filter((g) => !reporting.has(g.id)))
      expect(cases.some((c) => c.name === `${guardrail.id}: no violation`)).toBe(true);
  });

  it("fails the test case of a mandatory violation, with the message as written", async () => {
    const plan = await withMandatory();
    const suite = parseJunit(junitReport(plan)).testsuite![0]!;
    expect(suite.failures).toBe(1);
    const failed = (suite.testcase ?? []).filter((c) => c.failure !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0]!.failure![0]).toMatchObject({ message: `a <b> & "c" | d`, type: "mandatory" });
  });
});

describe("the Code Quality report", () => {
  it("has GitLab's documented fields, one issue per violation, unique fingerprints, pointing at the stack file", async () => {
    const plan = await withMandatory();
    const issues = codeQualityReportSchema.parse(JSON.parse(JSON.stringify(codeQualityReport(plan, "stacks/Pulumi.dev.yaml"))));
    expect(issues).toHaveLength(plan.policies.violations.length);
    expect(issues.map((i) => i.check_name)).toEqual(plan.policies.violations.map((v) => v.policy));
    expect(issues[0]!.severity).toBe("blocker");
    expect(issues.slice(1).every((i) => i.severity !== "blocker")).toBe(true);
    for (const issue of issues) expect(existsSync(path.join(root, issue.location.path))).toBe(true);
  });

  it("keeps fingerprints across runs and tells violations apart", async () => {
    const plan = await examplePlan("dev");
    const first = codeQualityReport(plan, "stacks/Pulumi.dev.yaml").map((i) => i.fingerprint);
    expect(codeQualityReport(structuredClone(plan), "stacks/Pulumi.dev.yaml").map((i) => i.fingerprint)).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });

  it("the schema refuses what GitLab would not read", () => {
    const issue = {
      description: "d",
      check_name: "c",
      fingerprint: "f",
      severity: "minor",
      location: { path: "a.yaml", lines: { begin: 1 } },
    };
    expect(codeQualityReportSchema.safeParse([issue]).success).toBe(true);
    expect(codeQualityReportSchema.safeParse([{ ...issue, severity: "warning" }]).success).toBe(false);
    expect(codeQualityReportSchema.safeParse([{ ...issue, location: { path: "/abs.yaml", lines: { begin: 1 } } }]).success).toBe(false);
    expect(codeQualityReportSchema.safeParse([issue, issue]).success).toBe(false);
  });
});

describe("the Markdown summary", () => {
  it("gives the outcome and every violation with its fix, escaping table cells", async () => {
    const plan = await withMandatory();
    const text = markdownSummary(plan);
    expect(text).toContain("### Offline plan of stack `dev` (dev profile)");
    expect(text).toContain(`**Fails:** 1 mandatory policy violation, ${plan.policies.violations.length - 1} advisory.`);
    expect(text).toContain('a <b> & "c" \\| d');
    for (const violation of plan.policies.violations) expect(text).toContain(guardrailById(violation.policy).fix.replace(/\|/g, "\\|"));
    expect(text.split("\n").filter((line) => line.startsWith("| mandatory ") || line.startsWith("| advisory "))).toHaveLength(
      plan.policies.violations.length,
    );
  });
});

describe("npm run review", () => {
  it("writes the three reports from a plan file", async () => {
    const run = await exampleRun("dev");
    const dir = mkdtempSync(path.join(tmpdir(), "review-"));
    const out: string[] = [];
    const files = {
      markdown: path.join(dir, "dev.md"),
      junit: path.join(dir, "dev.junit.xml"),
      codequality: path.join(dir, "dev.cq.json"),
    };
    const code = main(["--plan", run.jsonFile, "--markdown", files.markdown, "--junit", files.junit, "--codequality", files.codequality], {
      stdout: (t) => out.push(t),
      stderr: (t) => out.push(t),
    });
    expect(code).toBe(0);
    expect(readFileSync(files.markdown, "utf8")).toContain("### Offline plan of stack `dev`");
    expect(parseJunit(readFileSync(files.junit, "utf8")).testsuite).toHaveLength(1);
    const issues = codeQualityReportSchema.parse(JSON.parse(readFileSync(files.codequality, "utf8")));
    expect(new Set(issues.map((i) => i.location.path))).toEqual(new Set(["stacks/Pulumi.dev.yaml"]));
  });

  it("exits 2 without a plan or on a file that is not one", () => {
    const io = { stdout: () => undefined, stderr: () => undefined };
    expect(main([], io)).toBe(2);
    expect(main(["--plan", path.join(root, "package.json")], io)).toBe(2);
  });
});
