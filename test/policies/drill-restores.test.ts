import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { DRILL_RUNNER_USERNAME } from "../../components/platform/restore-drills/names";
import { drillRestore, type DrillTarget } from "../../components/platform/restore-drills/restore-spec";
import { kyvernoPolicyManifests } from "../../policies/kyverno/manifests";

type Expression = { name?: string; expression: string; message?: string };
interface PolicySpec {
  validationActions: string[];
  evaluation: { background: { enabled: boolean } };
  matchConstraints: { resourceRules: { apiGroups: string[]; resources: string[]; operations: string[] }[] };
  matchConditions: Expression[];
  variables: Expression[];
  validations: Expression[];
}

const policy = (profile: "dev" | "prod") => {
  const manifest = kyvernoPolicyManifests(profile, { registryHost: "harbor.example.test", ownedNamespaces: [] }).find(
    (m) => (m.metadata as { name: string }).name === "drill-restores-confined",
  );
  if (manifest === undefined) throw new Error("no drill-restores-confined policy");
  return manifest.spec as PolicySpec;
};
const spec = policy("prod");

const EVALUATOR = path.join(__dirname, "cel-evaluator.mjs");
type Verdict = { allowed?: boolean; failed?: string[]; matched?: boolean; error?: string };
function evaluate(cases: object[]): Verdict[] {
  return JSON.parse(execFileSync(process.execPath, [EVALUATOR], { input: JSON.stringify(cases), encoding: "utf8" })) as Verdict[];
}
const verdicts = (objects: object[]) =>
  evaluate(objects.map((object) => ({ variables: spec.variables, validations: spec.validations, object })));

const DRILL: DrillTarget = {
  name: "app-shop",
  scheduleName: "app-shop",
  namespaces: [{ source: "shop-prod", target: "shop-drill-prod" }],
};
const own = drillRestore(DRILL, { restore: "drill-app-shop-20261202", backup: "app-shop-20261201020000", veleroNamespace: "velero" });
const withSpec = (change: (s: Record<string, unknown>) => void) => {
  const copy = structuredClone(own) as { spec: Record<string, unknown> };
  change(copy.spec);
  return copy;
};

describe("drill-restores-confined (admission policy for the drill runner's Restores)", () => {
  it("is enforced at admission on every profile, for Restores the drill runner requests", () => {
    for (const profile of ["dev", "prod"] as const) expect(policy(profile).validationActions).toEqual(["Deny"]);
    expect(spec.evaluation.background.enabled).toBe(false);
    expect(spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: ["velero.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["restores"] },
    ]);
    const matched = evaluate(
      [DRILL_RUNNER_USERNAME, "system:serviceaccount:velero:velero-server", "alice"].map((username) => ({
        conditions: spec.matchConditions,
        object: own,
        request: { userInfo: { username } },
      })),
    );
    expect(matched.map((m) => m.matched)).toEqual([true, false, false]);
  });

  it("admits the Restore the drill runner builds", () => {
    expect(verdicts([own])).toEqual([{ allowed: true, failed: [] }]);
  });

  it.each([
    ["maps into a production namespace", (s: Record<string, unknown>) => (s.namespaceMapping = { "shop-prod": "shop-prod" })],
    ["maps into another app's production namespace", (s: Record<string, unknown>) => (s.namespaceMapping = { "shop-prod": "ledger-prod" })],
    ["maps into the runner's own namespace", (s: Record<string, unknown>) => (s.namespaceMapping = { "shop-prod": "restore-drill" })],
    ["has no namespaceMapping (restores in place)", (s: Record<string, unknown>) => delete s.namespaceMapping],
    ["restores a second namespace it does not map", (s: Record<string, unknown>) => (s.includedNamespaces = ["shop-prod", "ledger-prod"])],
    ["lists no namespaces (all of the backup's)", (s: Record<string, unknown>) => delete s.includedNamespaces],
    ["globs the namespaces", (s: Record<string, unknown>) => (s.includedNamespaces = ["*"])],
    ["includes cluster resources", (s: Record<string, unknown>) => (s.includeClusterResources = true)],
    ["leaves includeClusterResources to Velero's default", (s: Record<string, unknown>) => delete s.includeClusterResources],
    [
      "adds an init-container hook",
      (s: Record<string, unknown>) =>
        (s.hooks = { resources: [{ name: "x", postHooks: [{ init: { initContainers: [{ name: "x", image: "evil" }] } }] }] }),
    ],
    ["applies a resource modifier", (s: Record<string, unknown>) => (s.resourceModifier = { kind: "ConfigMap", name: "patches" })],
    ["overwrites existing objects", (s: Record<string, unknown>) => (s.existingResourcePolicy = "update")],
  ])("denies a drill Restore that %s", (_case, change) => {
    const [verdict] = verdicts([withSpec(change)]);
    expect(verdict?.error).toBeUndefined();
    expect(verdict?.allowed).toBe(false);
  });

  it("names the problem of a Restore mapped into production", () => {
    const [verdict] = verdicts([withSpec((s) => (s.namespaceMapping = { "shop-prod": "shop-prod" }))]);
    expect(verdict?.failed).toEqual(["A drill Restore maps namespaces only into drill namespaces (<app>-drill-<environment>)."]);
  });
});
