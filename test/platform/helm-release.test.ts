import { crdOverrideConflicts, type ChartPin } from "../../components/kubernetes/chart-pin";
import { mergeValues, pinnedRelease, releaseValues } from "../../components/kubernetes/helm-release";
import { one, planComponent } from "../helpers/plan-component";

const FILE = { repository: "example/charts", ref: "demo-1.2.3", commit: "0".repeat(40), path: "charts/demo" };
/** A pin whose CRDs are templates behind `crds.install` (and kept by an annotation). */
const pin = (chart: string, version: string, repository: string): ChartPin => ({
  chart,
  version,
  repository,
  evidence: { kind: "upstream", appVersion: "1.0.0", source: FILE },
  crds: {
    kind: "templates",
    values: { crds: { install: true, annotations: { keep: "yes" } } },
    keptOnUninstall: true,
    how: "templates",
    sources: [FILE],
  },
});

describe("pinnedRelease", () => {
  it("pins the exact version, a fixed release name, atomic installs and the repository", async () => {
    const plan = await planComponent((opts) =>
      pinnedRelease(
        "demo",
        {
          pin: pin("demo", "1.2.3", "https://charts.example.test"),
          releaseName: "demo",
          namespace: "demo",
          values: { replicas: 1, list: [1, 2] },
          overrides: { list: [3] },
        },
        { provider: opts.providers.kubernetes },
      ),
    );
    const release = one(plan, "kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({
      name: "demo",
      chart: "demo",
      version: "1.2.3",
      repositoryOpts: { repo: "https://charts.example.test" },
      atomic: true,
      values: { replicas: 1, list: [3], crds: { install: true, annotations: { keep: "yes" } } },
    });
  });

  it("addresses OCI charts by URL and honours a version override", async () => {
    const plan = await planComponent((opts) =>
      pinnedRelease(
        "oci",
        {
          pin: pin("c", "v1.0.0", "oci://registry.example.test/charts"),
          versionOverride: "v1.0.1",
          releaseName: "c",
          namespace: "n",
          values: {},
        },
        { provider: opts.providers.kubernetes },
      ),
    );
    const release = one(plan, "kubernetes:helm.sh/v3:Release");
    expect(release.inputs).toMatchObject({ chart: "oci://registry.example.test/charts/c", version: "v1.0.1" });
    expect(release.inputs.repositoryOpts).toBeUndefined();
  });

  it("puts the pin's CRD values over the profile's and under the operator's overrides", () => {
    const demo = pin("demo", "1.2.3", "https://charts.example.test");
    expect(releaseValues(demo, { crds: { install: false, extra: 1 } })).toEqual({
      crds: { install: true, extra: 1, annotations: { keep: "yes" } },
    });
    expect(releaseValues(demo, {}, { crds: { install: false } })).toEqual({ crds: { install: false, annotations: { keep: "yes" } } });
    const none: ChartPin = { ...demo, crds: { kind: "none", checked: FILE } };
    expect(releaseValues(none, { a: 1 }, { b: 2 })).toEqual({ a: 1, b: 2 });
  });

  it("names the override paths that change a CRD value, and only those", () => {
    const demo = pin("demo", "1.2.3", "https://charts.example.test");
    expect(crdOverrideConflicts(demo, { crds: { install: true, annotations: { keep: "yes" } }, replicas: 3 })).toEqual([]);
    expect(crdOverrideConflicts(demo, { crds: { install: false, annotations: { keep: "no" } } })).toEqual([
      "crds.install",
      "crds.annotations.keep",
    ]);
    expect(crdOverrideConflicts(demo, { crds: null })).toEqual(["crds"]);
    expect(crdOverrideConflicts(demo)).toEqual([]);
  });

  it("merges overrides deeply and replaces lists", () => {
    expect(mergeValues({ a: { b: 1, c: [1] } }, { a: { c: [2], d: 3 } })).toEqual({ a: { b: 1, c: [2], d: 3 } });
  });
});
