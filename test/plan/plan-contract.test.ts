// `npm run plan -- --stack <dev|prod> --json <file> --out <dir>` on the committed stacks: the run
// the global setup makes of every example stack (test/helpers/example-plans.ts).
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { planDocumentSchema } from "../../plan/plan-document";
import { exampleRun, type ExampleRun } from "../helpers/example-plans";

describe.each(["dev", "prod"])("offline plan of the %s stack", (stack) => {
  let run: ExampleRun;

  beforeAll(async () => {
    run = await exampleRun(stack);
  });

  it("is the run the test names", () => {
    expect(run.argv).toEqual(["--stack", stack, "--json", run.jsonFile, "--out", run.outDir]);
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
    const plan = planDocumentSchema.parse(JSON.parse(readFileSync(run.jsonFile, "utf8")));
    expect(plan).toMatchObject({ project: "delivery-platform", stack });
    expect(plan.resources.length).toBe(run.resourcesRegistered);
    const urns = new Set(plan.resources.map((r) => r.urn));
    for (const resource of plan.resources) {
      if (resource.parent !== null) expect(urns).toContain(resource.parent);
      for (const dependency of resource.dependencies) expect(urns).toContain(dependency);
      // Every custom resource is bound to an explicit provider that is itself in the plan; the engine's
      // own (pulumi:pulumi:StackReference, which a platform reading its tenants' claims has too) have none.
      if (resource.custom && !resource.type.startsWith("pulumi:providers:") && !resource.type.startsWith("pulumi:pulumi:")) {
        expect(urns).toContain(resource.provider?.replace(/::[^:]+$/, ""));
      }
    }
  });

  it("renders Kubernetes objects as YAML grouped by namespace", () => {
    expect(readdirSync(run.outDir)).toEqual(expect.arrayContaining(["kubernetes"]));
    expect(readFileSync(path.join(run.outDir, "kubernetes", "_cluster.yaml"), "utf8")).toMatch(/kind: Namespace\nmetadata:/);
  });
});
