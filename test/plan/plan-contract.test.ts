// `npm run plan -- --stack <dev|prod> --json <file> --out <dir>` on the committed stacks.
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { planDocumentSchema } from "../../plan/plan-document";
import { runPlanCli } from "../helpers/temp-stacks";

describe.each(["dev", "prod"])("offline plan of the %s stack", (stack) => {
  const dir = mkdtempSync(path.join(tmpdir(), `plan-${stack}-`));
  const jsonFile = path.join(dir, "plan.json");
  const outDir = path.join(dir, "out");
  let run: Awaited<ReturnType<typeof runPlanCli>>;

  beforeAll(async () => {
    run = await runPlanCli(["--stack", stack, "--json", jsonFile, "--out", outDir]);
  });

  it("exits 0 and prints a resource tree with counts and a summary", () => {
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(`Offline plan of stack '${stack}'`);
    expect(run.stdout).toMatch(/^ \+ {2}pulumi:pulumi:Stack +delivery-platform-/m);
    expect(run.stdout).toMatch(/Resources by type:\n(?: +\d+ {2}\S+\n)* +\d+ {2}kubernetes:core\/v1:Namespace\n/);
    expect(run.stdout).toMatch(/Summary: \d+ resources to create/);
  });

  it("writes JSON that follows the plan contract", () => {
    const plan = planDocumentSchema.parse(JSON.parse(readFileSync(jsonFile, "utf8")));
    expect(plan).toMatchObject({ project: "delivery-platform", stack });
    expect(plan.resources.length).toBe(run.resourcesRegistered);
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const resource of plan.resources) {
      if (resource.parent !== null) expect(urns).toContain(resource.parent);
      for (const dependency of resource.dependencies) expect(urns).toContain(dependency);
      // Every custom resource is bound to an explicit provider that is itself in the plan.
      if (resource.custom && !resource.type.startsWith("pulumi:providers:")) {
        expect(urns).toContain(resource.provider?.replace(/::[^:]+$/, ""));
      }
    }
  });

  it("renders Kubernetes objects as YAML grouped by namespace", () => {
    expect(readdirSync(outDir)).toEqual(expect.arrayContaining(["kubernetes"]));
    expect(readFileSync(path.join(outDir, "kubernetes", "_cluster.yaml"), "utf8")).toMatch(/kind: Namespace\nmetadata:/);
  });
});
