// The rules evaluator on small synthetic graphs: one per rule, with the cases that must and must not fail.
import { GraphBuilder, type AssetTag, type Owner, type RefClass } from "../../access/graph";
import { allFindings, evaluateRules } from "../../access/rules";

const app = (name: string, team = "t"): Owner => ({ kind: "app", app: name, team });
const principal = (g: GraphBuilder, id: string, owner: Owner, refClass?: RefClass) =>
  g.node({ id, kind: "principal", label: id, owner, ...(refClass ? { refClass } : {}) });
const asset = (g: GraphBuilder, id: string, owner: Owner, tags: AssetTag[] = []) => g.node({ id, kind: "asset", label: id, owner, tags });
const identity = (g: GraphBuilder, id: string, owner: Owner = { kind: "platform" }) => g.node({ id, kind: "identity", label: id, owner });

describe("rule cross-owner", () => {
  it("an app principal reaching another app's asset breaks it; its own app's and its team's do not", () => {
    const g = new GraphBuilder();
    principal(g, "ci-a", app("a"));
    principal(g, "team-t", { kind: "team", team: "t" });
    asset(g, "kv-a", app("a"));
    asset(g, "kv-b", app("b"));
    g.edge({ from: "ci-a", to: "kv-a", via: "own" });
    g.edge({ from: "team-t", to: "kv-a", via: "team's app" });
    g.edge({ from: "team-t", to: "kv-b", via: "team's other app" });
    expect(allFindings(g.build())).toEqual([]);
    g.edge({ from: "ci-a", to: "kv-b", via: "leak" });
    const findings = allFindings(g.build());
    expect(findings.map((f) => [f.rule, f.path.nodes])).toEqual([["cross-owner", ["ci-a", "kv-b"]]]);
  });

  it("through a shared hub reached by more owners than a node keeps, the foreign one is still found", () => {
    const g = new GraphBuilder();
    identity(g, "hub");
    for (const name of ["x", "y", "z"]) {
      principal(g, `ci-${name}`, app(name, "tx"));
      g.edge({ from: `ci-${name}`, to: "hub", via: "uses the hub" });
    }
    principal(g, "team-tx", { kind: "team", team: "tx" });
    g.edge({ from: "team-tx", to: "hub", via: "uses the hub" });
    asset(g, "kv-x", app("x", "tx"));
    g.edge({ from: "hub", to: "kv-x", via: "hub reads x" });
    const [finding, ...rest] = allFindings(g.build());
    expect(rest).toEqual([]);
    expect(finding?.path.nodes[0]).toMatch(/^ci-(y|z)$/);
  });

  it("a platform principal is trusted; every authenticated user owns nothing", () => {
    const g = new GraphBuilder();
    principal(g, "eso", { kind: "platform" });
    principal(g, "anyone", { kind: "anyone" });
    asset(g, "kv-a", app("a"));
    g.edge({ from: "eso", to: "kv-a", via: "controller" });
    expect(allFindings(g.build())).toEqual([]);
    g.edge({ from: "anyone", to: "kv-a", via: "default role" });
    expect(allFindings(g.build()).map((f) => f.path.nodes[0])).toEqual(["anyone"]);
  });
});

describe("rule untrusted-ref", () => {
  it.each([
    ["merge-request", true],
    ["fork-merge-request", true],
    ["unprotected-branch", true],
    ["protected-branch", false],
    ["default-branch", false],
  ] as const)("a %s pipeline reaching a signing key: broken %s", (refClass, broken) => {
    const g = new GraphBuilder();
    principal(g, "ci", app("a"), refClass);
    asset(g, "key", app("a"), ["signing"]);
    g.edge({ from: "ci", to: "key", via: "role" });
    const review = { status: "enforced" as const, detail: "approved" };
    if (refClass === "default-branch") g.node({ id: "ci", kind: "principal", label: "ci", owner: app("a"), refClass, review });
    expect(allFindings(g.build()).some((f) => f.rule === "untrusted-ref")).toBe(broken);
  });
});

describe("rule unapproved-production-change", () => {
  const build = (edge: { gate?: "four-eyes"; accepted?: { id: string; reason: string } }) => {
    const g = new GraphBuilder();
    principal(g, "team", { kind: "team", team: "t" });
    identity(g, "mr", app("a"));
    asset(g, "overlay", app("a"), ["production-change"]);
    g.edge({ from: "team", to: "mr", via: "opens a merge request" });
    g.edge({ from: "mr", to: "overlay", via: "merged", ...edge });
    return allFindings(g.build()).filter((f) => f.rule === "unapproved-production-change");
  };

  it("an enforced approval gate is not crossed", () => expect(build({ gate: "four-eyes" })).toEqual([]));
  it("a merge without approval breaks it", () => expect(build({}).map((f) => f.accepted)).toEqual([undefined]));
  it("an accepted risk is reported with the path, not failed", () => {
    const [finding] = build({ accepted: { id: "gitlab-free-approvals", reason: "weekly review" } });
    expect(finding).toMatchObject({ accepted: { id: "gitlab-free-approvals" }, path: { nodes: ["team", "mr", "overlay"] } });
  });

  it("signing from an unreviewed ref is a production change; from a reviewed default branch it is not", () => {
    const g = new GraphBuilder();
    principal(g, "tag", app("a"), "tag");
    g.node({
      id: "main",
      kind: "principal",
      label: "main",
      owner: app("a"),
      refClass: "default-branch",
      review: { status: "enforced", detail: "" },
    });
    asset(g, "key", app("a"), ["signing"]);
    g.edge({ from: "tag", to: "key", via: "role" });
    g.edge({ from: "main", to: "key", via: "role" });
    expect(allFindings(g.build()).map((f) => [f.rule, f.path.nodes[0]])).toEqual([["unapproved-production-change", "tag"]]);
  });
});

describe("rule exposed-job", () => {
  it("a job that runs the repository's code holding a deploy credential breaks it, shown with its pipeline", () => {
    const g = new GraphBuilder();
    principal(g, "ci", app("a"), "default-branch");
    g.node({ id: "build", kind: "identity", label: "build", owner: app("a"), exposed: true });
    g.node({ id: "sign", kind: "identity", label: "sign", owner: app("a"), exposed: false });
    asset(g, "token", app("a"), ["deploy"]);
    g.edge({ from: "ci", to: "build", via: "runs" });
    g.edge({ from: "ci", to: "sign", via: "runs" });
    g.edge({ from: "sign", to: "token", via: "role" });
    expect(allFindings(g.build()).filter((f) => f.rule === "exposed-job")).toEqual([]);
    g.edge({ from: "build", to: "token", via: "role" });
    const [finding] = allFindings(g.build()).filter((f) => f.rule === "exposed-job");
    expect(finding?.path.nodes).toEqual(["ci", "build", "token"]);
  });
});

it("collapses one principal's findings into the shortest path plus what else it reaches", () => {
  const g = new GraphBuilder();
  principal(g, "ci", app("a"), "merge-request");
  identity(g, "role", app("a"));
  asset(g, "key", app("a"), ["signing"]);
  asset(g, "token", app("a"), ["deploy"]);
  g.edge({ from: "ci", to: "key", via: "direct" });
  g.edge({ from: "ci", to: "role", via: "role" });
  g.edge({ from: "role", to: "token", via: "policy" });
  const findings = evaluateRules(g.build()).filter((f) => f.rule === "untrusted-ref");
  expect(findings.map((f) => [f.path.nodes, f.alsoReaches])).toEqual([[["ci", "key"], ["token"]]]);
});
