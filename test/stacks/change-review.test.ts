// --compare on the example stacks: an unchanged stack against its own state, an app renamed with
// formerNames, and an app removed, each planned once (beforeAll) against the cached example plan.
import { readFileSync, writeFileSync, mkdtempSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { planBaseline, baselineOf } from "../../plan/changes/read-baseline";
import { comparePlan } from "../../plan/changes/compare-plan";
import type { PlanDocument } from "../../plan/plan-document";
import { readStackConfig } from "../../plan/stack-config-file";
import { checkpointFromPlan } from "../helpers/checkpoint-from-plan";
import { examplePlan, exampleRun } from "../helpers/example-plans";
import { runPlanCli, type CliRun } from "../helpers/temp-stacks";

const STACKS = path.resolve(__dirname, "../../stacks");

/** A copy of the stack files with one stack's app list edited. */
function editedStacks(stack: string, edit: (apps: { name: string; formerNames?: string[] }[]) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "change-review-"));
  for (const file of readdirSync(STACKS).filter((f) => /^Pulumi\..+\.yaml$/.test(f)))
    copyFileSync(path.join(STACKS, file), path.join(dir, file));
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  const document = parseDocument(readFileSync(file, "utf8"));
  const apps = document.getIn(["config", "delivery-platform:apps"]) as { toJSON(): unknown };
  const list = apps.toJSON() as { name: string; formerNames?: string[] }[];
  edit(list);
  document.setIn(["config", "delivery-platform:apps"], list);
  writeFileSync(file, document.toString());
  return dir;
}

async function compareEdited(stack: string, edit: Parameters<typeof editedStacks>[1]): Promise<{ run: CliRun; plan: PlanDocument }> {
  const baseline = await exampleRun(stack);
  const dir = editedStacks(stack, edit);
  const json = path.join(dir, "plan.json");
  const run = await runPlanCli(["--stack", stack, "--stacks-dir", dir, "--json", json, "--compare", baseline.jsonFile]);
  return { run, plan: JSON.parse(readFileSync(json, "utf8")) as PlanDocument };
}

describe.each(["dev", "prod"])("the %s stack compared with itself", (stack) => {
  it("plans zero changes against its plan and against the checkpoint pulumi up of it would leave", async () => {
    const plan = await examplePlan(stack);
    expect(comparePlan(plan, planBaseline(plan)).summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0 });
    // The example stacks' passphrase (README); the salt is the stack file's.
    const salt = readStackConfig(STACKS, stack, undefined).encryptionSalt!;
    const checkpoint = checkpointFromPlan(plan, { passphrase: "example-only", salt });
    expect(comparePlan(plan, baselineOf(checkpoint)).summary).toMatchObject({
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      same: plan.resources.length,
    });
  });
});

describe.each(["dev", "prod"])("renaming an app of the %s stack with formerNames", (stack) => {
  let result: { run: CliRun; plan: PlanDocument };
  beforeAll(async () => {
    result = await compareEdited(stack, (apps) => {
      const app = apps.find((a) => a.name === "payments-api")!;
      app.formerNames = ["payments-api"];
      app.name = "payments";
    });
  });

  it("keeps every resource: no create, delete or replace, only in-place updates of labels for humans", () => {
    const { summary, resources } = result.plan.changes!;
    expect(result.run.stderr).toBe("");
    expect(summary).toMatchObject({ create: 0, delete: 0, replace: 0, blocked: 0 });
    expect(summary.update).toBeGreaterThan(0);
    // Every resource of the app moved to a new URN and was taken over through an alias.
    const moved = resources.filter((c) => c.previousUrn !== undefined);
    expect(moved.every((c) => c.previousUrn!.includes("payments-api") && c.urn.includes("payments"))).toBe(true);
    expect(
      resources
        .flatMap((c) => c.changedPaths)
        .filter((p) => !/description|content|spec\.roles\[\d\]\.description|annotations\.summary|labels\.owner/.test(p)),
    ).toEqual([]);
  });

  it("prints the update marks and the counts", () => {
    expect(result.run.stdout).toMatch(/^ ~ .*\[was payments-api-/m);
    expect(result.run.stdout).toMatch(/Changes: 0 to create, \d+ to update, 0 to replace, 0 to delete, \d+ unchanged/);
    expect(result.run.exitCode).toBe(0);
  });
});

describe("removing an app from the dev stack", () => {
  let result: { run: CliRun; plan: PlanDocument };
  beforeAll(async () => {
    result = await compareEdited("dev", (apps) =>
      apps.splice(
        apps.findIndex((a) => a.name === "storefront"),
        1,
      ),
    );
  });

  it("deletes its resources and blocks on the protected ones, pointing to the retirement runbook", async () => {
    const baseline = await examplePlan("dev");
    const ofApp = baseline.resources.filter((r) => r.urn.includes("::storefront") || r.parent?.includes("::storefront"));
    const { summary, blocked } = result.plan.changes!;
    expect(summary).toMatchObject({ create: 0, replace: 0 });
    expect(summary.delete).toBeGreaterThanOrEqual(ofApp.length);
    const protectedOfApp = baseline.resources.filter(
      (r) => r.protect && r.urn.includes("AppOnboarding") && r.name.startsWith("storefront-"),
    );
    expect(protectedOfApp.length).toBeGreaterThan(0);
    expect(blocked.map((b) => b.urn)).toEqual(expect.arrayContaining(protectedOfApp.map((r) => r.urn)));
    for (const block of blocked.filter((b) => b.urn.includes("AppOnboarding")))
      expect(block.fix).toContain("docs/runbooks/retire-an-app.md");
    expect(result.run.exitCode).toBe(1);
    expect(result.run.stdout).toMatch(/^Blocking: pulumi up would stop at \d+ protected resource/m);
    expect(result.run.stdout).toMatch(/^ - .*storefront/m);
  });
});
