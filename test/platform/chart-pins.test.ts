// Every chart pin carries evidence that its version exists, and every chart with CRDs has a path
// that upgrades them with the pin; the example plans' Helm values carry that path's values.
import { crdValues, type ChartPin, type UpstreamFile } from "../../components/kubernetes/chart-pin";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { chartPinProblems, crdCoverageProblems } from "../../components/platform/chart-pin-checks";
import { SERVICE_DESCRIPTIONS, SERVICES } from "../../components/platform/service-catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const pinOf = (chart: string): ChartPin => PLATFORM_CHARTS.find((pin) => pin.chart === chart)!;

describe("the chart catalog's evidence", () => {
  it("has no problem in any pin", () => {
    expect(PLATFORM_CHARTS.flatMap(chartPinProblems)).toEqual([]);
  });

  it("names, for every upstream-verified pin, the commit and the release tag of its source", () => {
    const upstream = PLATFORM_CHARTS.filter((pin) => pin.evidence.kind === "upstream");
    expect(upstream.length).toBeGreaterThanOrEqual(8);
    for (const pin of upstream) {
      const { source, appVersion } = pin.evidence as { source: UpstreamFile; appVersion: string };
      expect(`${pin.chart} ${source.commit}`).toMatch(/^\S+ [0-9a-f]{40}$/);
      // The tag is the release's own: it spells the chart version (or, for SeaweedFS's and the Trivy Operator's app tags,
      // the app version, with the Trivy Operator's `v`).
      expect([source.ref?.includes(pin.version.replace(/^v/, "")), source.ref?.replace(/^v/, "") === appVersion]).toContain(true);
    }
  });

  it("states why each pin ahead of upstream is kept, where it is seen, and which upstream version it builds on", () => {
    const ahead = PLATFORM_CHARTS.filter((pin) => pin.evidence.kind !== "upstream").map((pin) => pin.chart);
    expect(ahead.sort()).toEqual(["cert-manager", "kyverno"]);
    for (const chart of ahead) {
      const evidence = pinOf(chart).evidence;
      if (evidence.kind === "upstream") throw new Error("unreachable");
      expect(evidence.sightings.length).toBeGreaterThan(0);
      expect(evidence.basis.source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });

  const GOOD = pinOf("argo-cd");
  const FILE: UpstreamFile = { repository: "example/charts", ref: "x-1.0.0", commit: "a".repeat(40), path: "Chart.yaml" };
  it.each<[string, ChartPin, RegExp]>([
    [
      "an upstream source without a full commit",
      { ...GOOD, evidence: { kind: "upstream", appVersion: "1", source: { ...FILE, commit: "af0a931" } } },
      /not a full 40-hex commit/,
    ],
    [
      "an upstream source without a tag",
      { ...GOOD, evidence: { kind: "upstream", appVersion: "1", source: { ...FILE, ref: undefined } } },
      /names no tag/,
    ],
    [
      "a third-party pin two minors ahead of its basis",
      {
        ...GOOD,
        version: "2.11.0",
        evidence: {
          kind: "third-party",
          appVersion: "v2.11.0",
          statement: "seen",
          sightings: ["https://example.test/pr/1"],
          basis: { version: "2.9.0", source: FILE },
        },
      },
      /patch release ahead of its basis/,
    ],
    [
      "an announced pin with no sighting and no reason",
      {
        ...GOOD,
        version: "10.1.2",
        evidence: {
          kind: "upstream-announced",
          appVersion: "v3.4.4",
          statement: " ",
          sightings: [],
          basis: { version: "10.1.1", source: FILE },
        },
      },
      /names no sighting/,
    ],
    [
      "CRDs in crds/ that nothing upgrades",
      { ...GOOD, crds: { kind: "install-only", how: "crds/ only", sources: [FILE] } },
      /nothing upgrades them/,
    ],
    [
      "templated CRDs without the values that render them",
      { ...GOOD, crds: { kind: "templates", values: {}, keptOnUninstall: false, how: "x", sources: [FILE] } },
      /name no values/,
    ],
  ])("reports %s", (_, pin, problem) => {
    expect(chartPinProblems(GOOD)).toEqual([]);
    expect(chartPinProblems(pin)).toContainEqual(expect.stringMatching(problem));
  });
});

describe("the charts' CRD lifecycles", () => {
  it("give every service whose custom resources the platform creates a chart whose CRDs follow the pin", () => {
    expect(crdCoverageProblems(SERVICES)).toEqual([]);
    const velero = SERVICE_DESCRIPTIONS.velero;
    const broken = { ...velero, chart: { ...velero.chart, crds: { kind: "install-only" as const, how: "crds/ only", sources: [] } } };
    expect(crdCoverageProblems([broken])).toEqual([
      "Velero: creates velero.io resources, but chart velero has CRD lifecycle 'install-only'",
    ]);
  });

  it("record the way each chart ships its CRDs, as read upstream", () => {
    const kinds = Object.fromEntries(PLATFORM_CHARTS.map((pin) => [pin.chart, pin.crds.kind]));
    expect(kinds).toEqual({
      "cert-manager": "templates",
      "external-secrets": "templates",
      harbor: "none",
      "argo-cd": "templates",
      kyverno: "templates",
      vault: "none",
      "victoria-metrics-k8s-stack": "upgrade-hook",
      "victoria-logs-single": "none",
      "victoria-logs-collector": "none",
      velero: "upgrade-hook",
      seaweedfs: "none",
      keycloakx: "none",
      "trivy-operator": "separate-chart",
      "trivy-operator-crds": "templates",
      "cloudnative-pg": "templates",
      "plugin-barman-cloud": "templates",
      valkey: "none",
      "argo-rollouts": "templates",
    });
    // Every chart that brings CRDs keeps them when its release is uninstalled: deleting a CRD deletes its resources.
    // The exception: trivy-operator-crds ships no keep annotation, so its release is protected and retainOnDelete
    // (test/platform/trivy-operator.test.ts); a separate-chart pin's CRDs are the other chart's.
    const retainedInstead = new Set(["trivy-operator-crds"]);
    for (const pin of PLATFORM_CHARTS)
      if (pin.crds.kind !== "none" && pin.crds.kind !== "separate-chart" && !retainedInstead.has(pin.chart))
        expect({ chart: pin.chart, kept: pin.crds.kind !== "install-only" && pin.crds.keptOnUninstall }).toEqual({
          chart: pin.chart,
          kept: true,
        });
  });
});

describe.each(["dev", "prod"])("the %s plan's Helm releases", (stack) => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await examplePlan(stack);
  });

  it("carry, for each chart with CRDs, the values that keep its CRDs in step with the pin", () => {
    const releases = plan.resources.filter((r) => r.type === RELEASE);
    const checked = releases.map((release) => {
      const pin = pinOf((release.inputs.chart as string).split("/").pop()!);
      expect(release.inputs.version).toBe(pin.version);
      expect(release.inputs.values).toMatchObject(crdValues(pin));
      return pin.chart;
    });
    // Every chart with CRDs the platform relies on is among them.
    expect(checked).toEqual(expect.arrayContaining(SERVICES.filter((s) => s.crdGroups.length > 0).map((s) => s.chart.chart)));
  });

  it("spell out the upgrade path: Argo CD's and cert-manager's templates, Velero's and the VM operator's hook Jobs", () => {
    const values = (chart: string) =>
      plan.resources.find((r) => r.type === RELEASE && (r.inputs.chart as string).endsWith(chart))!.inputs.values as Record<string, never>;
    expect(values("argo-cd").crds).toMatchObject({ install: true, keep: true });
    expect(values("cert-manager").crds).toMatchObject({ enabled: true, keep: true });
    expect(values("cert-manager")).not.toHaveProperty("installCRDs");
    expect(values("external-secrets")).toMatchObject({ installCRDs: true, crds: { annotations: { "helm.sh/resource-policy": "keep" } } });
    expect(values("kyverno")).toMatchObject({
      crds: { install: true },
      "kyverno-api": { annotations: { "helm.sh/resource-policy": "keep" } },
    });
    expect(values("velero")).toMatchObject({ upgradeCRDs: true, cleanUpCRDs: false });
    expect(values("victoria-metrics-k8s-stack")["victoria-metrics-operator"]).toMatchObject({
      crds: { plain: true, upgrade: { enabled: true, forceConflicts: true, busybox: { image: { tag: "1.38.0" } } } },
    });
  });
});
