import { mergeValues, pinnedRelease } from "../../components/kubernetes/helm-release";
import { one, planComponent } from "../helpers/plan-component";

describe("pinnedRelease", () => {
  it("pins the exact version, a fixed release name, atomic installs and the repository", async () => {
    const plan = await planComponent((opts) =>
      pinnedRelease(
        "demo",
        {
          pin: { chart: "demo", version: "1.2.3", repository: "https://charts.example.test" },
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
      values: { replicas: 1, list: [3] },
    });
  });

  it("addresses OCI charts by URL and honours a version override", async () => {
    const plan = await planComponent((opts) =>
      pinnedRelease(
        "oci",
        {
          pin: { chart: "c", version: "v1.0.0", repository: "oci://registry.example.test/charts" },
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

  it("merges overrides deeply and replaces lists", () => {
    expect(mergeValues({ a: { b: 1, c: [1] } }, { a: { c: [2], d: 3 } })).toEqual({ a: { b: 1, c: [2], d: 3 } });
  });
});
