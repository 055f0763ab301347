import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_RULE_BROKEN, EXIT_USAGE, main } from "../../cli/access";
import type { PlanDocument } from "../../plan/plan-document";
import type { AccessReport } from "../../access/report";
import { targetDesign } from "./fixtures";
import { landedPlan } from "./landed-plans";

const dir = mkdtempSync(path.join(tmpdir(), "access-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
  return { code, stdout: out.join("\n"), stderr: err.join("\n") };
}

const write = (name: string, value: unknown) => {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
};

describe("npm run access", () => {
  it("usage errors exit 2: no --plan, an unknown option, a file that is not a plan", async () => {
    expect((await run()).code).toBe(EXIT_USAGE);
    expect((await run("--plan", "x.json", "--bogus")).code).toBe(EXIT_USAGE);
    const notAPlan = await run("--plan", write("not-a-plan.json", { resources: 1 }));
    expect(notAPlan).toMatchObject({ code: EXIT_USAGE });
    expect(notAPlan.stderr).toMatch(/is not a plan document/);
  });

  it("the landed prod plan breaks the rules: exit 1, each as a path principal → edge → asset", async () => {
    const result = await run("--plan", write("landed-prod.json", landedPlan("prod")), "--json", path.join(dir, "prod.access.json"));
    expect(result.code).toBe(EXIT_RULE_BROKEN);
    expect(result.stdout).toMatch(/\[broken\] cross-owner: .*\n {2}group \S+-developers \[team \w+\]\n {4}→ RoleBinding/);
    expect(result.stdout).toMatch(/→ an ExternalSecret in \S+ uses ClusterSecretStore vault \(no spec.conditions: every namespace\)/);
    const report = JSON.parse(readFileSync(path.join(dir, "prod.access.json"), "utf8")) as AccessReport;
    expect(report.counts.principals).toBe(report.principals.length);
    expect(report.findings.length).toBeGreaterThan(0);
    // Every finding's path is made of nodes the report lists, joined by edges it lists.
    const ids = new Set([...report.principals, ...report.assets, ...report.identities].map((n) => n.id));
    for (const finding of report.findings) for (const node of finding.path.nodes) expect(ids.has(node)).toBe(true);
  });

  it.each(["dev", "prod", "tenant-payments"])("%s with the target design: exit 0", async (stack) => {
    const result = await run("--plan", write(`${stack}-target.json`, targetDesign(landedPlan(stack as "dev"))));
    expect(result.stdout).not.toMatch(/\[broken\]/);
    expect(result.code).toBe(EXIT_OK);
  });

  it("an accepted risk is printed with its reason and does not fail the run", async () => {
    const plan = targetDesign(landedPlan("prod")) as PlanDocument & { outputs: Record<string, unknown> };
    (plan.outputs.onboarding as { gitlab: Record<string, unknown> }).gitlab.tier = "free";
    const free = await run("--plan", write("free.json", plan));
    expect(free.code).toBe(EXIT_RULE_BROKEN);
    plan.outputs.acceptedRisks = [{ id: "gitlab-free-approvals", reason: "approvals are checked in the weekly change review" }];
    const accepted = await run("--plan", write("free-accepted.json", plan));
    expect(accepted.code).toBe(EXIT_OK);
    expect(accepted.stdout).toMatch(
      /\[accepted: gitlab-free-approvals\][\s\S]*accepted because: approvals are checked in the weekly change review/,
    );
  });

  it("a malformed accepted risk is a usage error naming the key and the fix", async () => {
    const plan = structuredClone<PlanDocument>(landedPlan("prod"));
    plan.outputs.acceptedRisks = [{ id: "emergency-change", reason: "P1" }];
    const result = await run("--plan", write("bad-risk.json", plan));
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toMatch(/outputs\.acceptedRisks\.0\.group: .*fix the stack config/);
  });
});
