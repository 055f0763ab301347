import { criticalPath, subtree, waitsFor, type GraphResource } from "../../bench/critical-path";
import { estimatedSeconds } from "../../bench/durations";

/** A custom resource `urn` waiting for `deps`; durations come from the table below. */
const node = (urn: string, deps: string[] = [], extra: Partial<GraphResource> = {}): GraphResource => ({
  urn,
  type: "test:index:Thing",
  custom: true,
  parent: null,
  provider: null,
  dependencies: deps,
  inputs: {},
  ...extra,
});
const seconds: Record<string, number> = { a: 3, b: 5, c: 1, d: 2, p: 4, comp: 0, x: 10 };
const duration = (r: GraphResource) => seconds[r.urn] ?? 1;

describe("critical path", () => {
  it("is the sum along a chain, and the sequential sum is the same", () => {
    const result = criticalPath([node("a"), node("b", ["a"]), node("c", ["b"])], duration);
    expect(result).toEqual({ criticalSeconds: 9, sequentialSeconds: 9, path: ["a", "b", "c"] });
  });

  it("takes the longer branch of a diamond, while the sequential sum counts every resource", () => {
    // a -> b -> d and a -> c -> d: b (5) is longer than c (1).
    const result = criticalPath([node("a"), node("b", ["a"]), node("c", ["a"]), node("d", ["b", "c"])], duration);
    expect(result).toEqual({ criticalSeconds: 10, sequentialSeconds: 11, path: ["a", "b", "d"] });
  });

  it("runs independent resources in parallel: the longest one alone", () => {
    expect(criticalPath([node("a"), node("b"), node("c")], duration)).toMatchObject({ criticalSeconds: 5, sequentialSeconds: 9 });
  });

  it("waits for the provider, so a provider's own dependency carries over to its resources", () => {
    // x (10) -> provider p (4) -> a (3), with no direct edge from a to x.
    const resources = [node("x"), node("p", ["x"]), node("a", [], { provider: "p::p-id" })];
    expect(waitsFor(resources[2]!)).toEqual(["p"]);
    expect(criticalPath(resources, duration)).toMatchObject({ criticalSeconds: 17, path: ["x", "p", "a"] });
  });

  it("waits for the parent; a component takes no time but passes on what it waited for", () => {
    const resources = [node("x"), node("comp", ["x"], { custom: false }), node("a", [], { parent: "comp" })];
    expect(criticalPath(resources, duration).criticalSeconds).toBe(13);
  });

  it("treats dependencies outside the given resources as done (an app on a running platform)", () => {
    const app = [node("a", ["platform-release"]), node("b", ["a"])];
    expect(criticalPath(app, duration)).toMatchObject({ criticalSeconds: 8, sequentialSeconds: 8 });
  });

  it("rejects a dependency cycle", () => {
    expect(() => criticalPath([node("a", ["b"]), node("b", ["a"])], duration)).toThrow(/dependency cycle/);
  });

  it("does not overflow the call stack on long chains", () => {
    const chain = Array.from({ length: 50_000 }, (_, i) => node(`n${i}`, i === 0 ? [] : [`n${i - 1}`]));
    expect(criticalPath(chain, () => 1).criticalSeconds).toBe(50_000);
  });

  it("selects an app's subtree by parent chain", () => {
    const resources = [
      node("app", [], { custom: false }),
      node("part", [], { parent: "app", custom: false }),
      node("leaf", [], { parent: "part" }),
      node("other"),
    ];
    expect(
      subtree(resources, "app")
        .map((r) => r.urn)
        .sort(),
    ).toEqual(["app", "leaf", "part"]);
  });
});

describe("duration estimates", () => {
  const resource = (type: string, inputs: Record<string, unknown> = {}, custom = true) => ({ type, custom, inputs });

  it("weights releases far above API objects, with the big charts longest", () => {
    const generic = estimatedSeconds(resource("kubernetes:helm.sh/v3:Release", { chart: "cert-manager" }));
    const harbor = estimatedSeconds(resource("kubernetes:helm.sh/v3:Release", { chart: "oci://registry/harbor" }));
    expect(generic).toBeGreaterThanOrEqual(60);
    expect(harbor).toBeGreaterThan(generic);
    expect(estimatedSeconds(resource("kubernetes:argoproj.io/v1alpha1:Application"))).toBeLessThan(generic / 10);
  });

  it("tells custom resources from built-in objects, and gives components no time", () => {
    expect(estimatedSeconds(resource("kubernetes:core/v1:Namespace"))).toBe(2);
    expect(estimatedSeconds(resource("kubernetes:networking.k8s.io/v1:NetworkPolicy"))).toBe(1);
    expect(estimatedSeconds(resource("kubernetes:external-secrets.io/v1:ExternalSecret"))).toBe(2);
    expect(estimatedSeconds(resource("delivery-platform:onboarding:AppOnboarding", {}, false))).toBe(0);
    expect(estimatedSeconds(resource("gitlab:index/project:Project"))).toBeGreaterThan(
      estimatedSeconds(resource("gitlab:index/projectVariable:ProjectVariable")),
    );
  });
});
