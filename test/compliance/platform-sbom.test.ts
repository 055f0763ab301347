// The platform SBOM: valid CycloneDX 1.6 (the library's JSON schema validator), every pinned chart,
// the tool images by tag, the provider plugins, and the production npm tree with its edges.
import { productionTree, type PackageLock } from "../../compliance/npm-dependencies";
import { validateSbom } from "../../compliance/platform-sbom";
import { platformSbomReference } from "../../stacks/sbom-reference";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { DEFAULT_TOOL_IMAGES } from "../../components/onboarding/pipeline/tool-images";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { LOCK, PACKAGE_JSON, sbomOf } from "./fixtures";

interface Component {
  "bom-ref": string;
  type: string;
  name: string;
  group?: string;
  version?: string;
  purl?: string;
  properties?: { name: string; value: string }[];
  externalReferences?: { url: string; type: string; comment?: string }[];
}
interface Bom {
  specVersion: string;
  metadata: { component: Component };
  components: Component[];
  dependencies: { ref: string; dependsOn?: string[] }[];
}

let plan: PlanDocument;
let bom: Bom;
beforeAll(async () => {
  plan = await examplePlan("prod");
  bom = sbomOf(plan).json as unknown as Bom;
});

it("validates against the CycloneDX 1.6 JSON schema", async () => {
  expect(bom.specVersion).toBe("1.6");
  expect(await validateSbom(bom)).toBeNull();
});

it("is rejected by the validator when broken (the check can fail)", async () => {
  const broken = structuredClone(bom) as unknown as Record<string, unknown>;
  (broken.components as Component[])[0]!.type = "helm-chart";
  expect(await validateSbom(broken)).not.toBeNull();
});

it("lists every chart version the platform pins, with a purl", () => {
  const charts = bom.components.filter((c) => c["bom-ref"].startsWith("chart:"));
  expect(charts.map((c) => `${c.name}@${c.version}`).sort()).toEqual(PLATFORM_CHARTS.map((p) => `${p.chart}@${p.version}`).sort());
  expect(charts.find((c) => c.name === "cert-manager")?.purl).toBe(
    "pkg:oci/cert-manager?repository_url=quay.io%2Fjetstack%2Fcharts%2Fcert-manager&tag=v1.21.2",
  );
  expect(charts.find((c) => c.name === "harbor")?.purl).toMatch(
    /^pkg:generic\/harbor@\d+\.\d+\.\d+\?repository_url=https%3A%2F%2Fhelm\.goharbor\.io$/,
  );
});

it("records for each chart why its version is believed and how its CRDs upgrade", () => {
  const charts = bom.components.filter((c) => c["bom-ref"].startsWith("chart:"));
  const props = (c: Component) => Object.fromEntries((c.properties ?? []).map((p) => [p.name, p.value]));
  for (const pin of PLATFORM_CHARTS) {
    const component = charts.find((c) => c.name === pin.chart)!;
    expect(props(component)).toMatchObject({
      "delivery-platform:pin-evidence": pin.evidence.kind,
      "delivery-platform:app-version": pin.evidence.appVersion,
      "delivery-platform:crd-upgrade": pin.crds.kind,
    });
    const source = pin.evidence.kind === "upstream" ? pin.evidence.source : pin.evidence.basis.source;
    expect(component.externalReferences).toContainEqual(
      expect.objectContaining({ type: "vcs", url: `https://github.com/${source.repository}/tree/${source.commit}/${source.path}` }),
    );
  }
  const certManager = charts.find((c) => c.name === "cert-manager")!;
  expect(props(certManager)).toMatchObject({
    "delivery-platform:pin-evidence": "upstream-announced",
    "delivery-platform:crd-kept-on-uninstall": "true",
  });
  expect(props(certManager)["delivery-platform:pin-basis"]).toMatch(
    /^v1\.21\.1: cert-manager\/cert-manager deploy\/charts\/cert-manager @ 24e33194/,
  );
  expect(certManager.externalReferences).toContainEqual(
    expect.objectContaining({ type: "other", url: "https://github.com/cert-manager/cert-manager/issues/9237" }),
  );
  expect(props(charts.find((c) => c.name === "harbor")!)["delivery-platform:pin-source"]).toContain(
    "goharbor/harbor-helm Chart.yaml @ ae011519",
  );
});

it("lists the pipeline tool images by tag and the images set in release values", () => {
  const images = bom.components.filter((c) => c.type === "container");
  for (const { reference } of Object.values(DEFAULT_TOOL_IMAGES)) expect(images.map((c) => c["bom-ref"])).toContain(`image:${reference}`);
  expect(images.find((c) => c.name === "docker.io/aquasec/trivy")).toMatchObject({
    version: "0.74.0",
    purl: "pkg:oci/trivy?repository_url=docker.io%2Faquasec%2Ftrivy&tag=0.74.0",
  });
  expect(images.map((c) => c.name)).toContain("docker.io/velero/velero-plugin-for-aws");
});

it("lists the provider plugins the plan uses, with the SDK versions of package.json", () => {
  const plugins = Object.fromEntries(bom.components.filter((c) => c.name.startsWith("pulumi-resource-")).map((c) => [c.name, c]));
  for (const pkg of ["kubernetes", "vault", "random"])
    expect(plugins[`pulumi-resource-${pkg}`]?.version).toBe(PACKAGE_JSON.dependencies[`@pulumi/${pkg}`]);
  const harbor = plan.resources.find((r) => r.type === "pulumi:providers:harbor")!;
  expect(plugins["pulumi-resource-harbor"]).toMatchObject({
    version: harbor.pluginVersion,
    purl: `pkg:github/pulumiverse/pulumi-harbor@v${harbor.pluginVersion}`,
  });
  expect(plugins["pulumi-resource-gitlab"]?.version).toBe(plan.resources.find((r) => r.type === "pulumi:providers:gitlab")!.pluginVersion);
});

it("contains the production npm tree only, with resolvable dependency edges", () => {
  const npm = bom.components.filter((c) => c.purl?.startsWith("pkg:npm/"));
  const names = npm.map((c) => (c.group ? `${c.group}/${c.name}` : c.name));
  for (const [name, version] of Object.entries(PACKAGE_JSON.dependencies))
    expect(npm.find((c) => (c.group ? `${c.group}/${c.name}` : c.name) === name)?.version).toBe(version);
  for (const dev of ["jest", "eslint", "prettier", "@swc/core", "gitlab-ci-local"]) expect(names).not.toContain(dev);
  const refs = new Set([bom.metadata.component["bom-ref"], ...bom.components.map((c) => c["bom-ref"])]);
  for (const d of bom.dependencies) for (const target of d.dependsOn ?? []) expect(refs).toContain(target);
  const pulumi = bom.dependencies.find((d) => d.ref === "npm:node_modules/@pulumi/pulumi");
  expect(pulumi?.dependsOn?.length).toBeGreaterThan(5);
  const root = bom.dependencies.find((d) => d.ref === "platform")!;
  expect(root.dependsOn).toEqual(
    expect.arrayContaining([
      "npm:node_modules/@pulumi/pulumi",
      `chart:harbor@${PLATFORM_CHARTS.find((c) => c.chart === "harbor")!.version}`,
    ]),
  );
});

it("agrees with the lockfile: everything not marked dev is in the tree", () => {
  const tree = productionTree(LOCK);
  const notDev = Object.entries(LOCK.packages)
    .filter(([p, e]) => p !== "" && !(e as { dev?: boolean }).dev)
    .map(([p]) => p);
  expect(tree.packages.map((p) => p.path).sort()).toEqual(notDev.sort());
});

it("resolves nested node_modules the way Node does, skipping uninstalled optional deps", () => {
  const lock: PackageLock = {
    lockfileVersion: 3,
    packages: {
      "": { dependencies: { a: "1", b: "1" } },
      "node_modules/a": { version: "1.0.0", dependencies: { c: "^2" }, optionalDependencies: { missing: "1" } },
      "node_modules/a/node_modules/c": { version: "2.0.0" },
      "node_modules/b": { version: "1.0.0", dependencies: { c: "^1" } },
      "node_modules/c": { version: "1.0.0" },
      "node_modules/dev-only": { version: "1.0.0", dev: true },
    },
  };
  const tree = productionTree(lock);
  expect(tree.direct).toEqual(["node_modules/a", "node_modules/b"]);
  expect(Object.fromEntries(tree.packages.map((p) => [p.path, p.dependsOn]))).toEqual({
    "node_modules/a": ["node_modules/a/node_modules/c"],
    "node_modules/a/node_modules/c": [],
    "node_modules/b": ["node_modules/c"],
    "node_modules/c": [],
  });
});

it("matches the stack output reference: same format and chart versions", () => {
  const reference = platformSbomReference("prod");
  expect(reference.generatedBy).toBe("npm run evidence -- --stack prod");
  const charts = bom.components.filter((c) => c["bom-ref"].startsWith("chart:"));
  expect(Object.fromEntries(charts.map((c) => [c.name, c.version]))).toEqual(reference.charts);
  expect(reference.format).toBe(`CycloneDX ${bom.specVersion}`);
});
