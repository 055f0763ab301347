import type { ChartPin } from "../../kubernetes/chart-pin";

const KYVERNO_3_9_0 = { repository: "kyverno/kyverno", ref: "kyverno-chart-3.9.0", commit: "ee97ce09538b09b6f1b03853cc41a62654d6a58f" };
const KEEP = { "helm.sh/resource-policy": "keep" };

/**
 * Kyverno's chart 3.9.1 (Kyverno v1.19.1). Values keys checked against charts/kyverno/values.yaml at tag
 * kyverno-chart-3.9.0; 3.9.1 is a patch release of the same branch.
 */
export const KYVERNO_CHART: ChartPin = {
  chart: "kyverno",
  version: "3.9.1",
  repository: "https://kyverno.github.io/kyverno/",
  evidence: {
    kind: "upstream-announced",
    appVersion: "v1.19.1",
    statement:
      "Kyverno's maintainers cut v1.19.1 with charts 3.9.1 from release-1.19 (kyverno/kyverno#17541, merged " +
      "2026-09-10); the newest tag readable here is kyverno-chart-3.9.0, and release-1.19 @ c53e5bd already " +
      "carries the Go fixes for CVE-2026-39821 and CVE-2026-56853 after it. Kept for those fixes: Kyverno is the admission control.",
    sightings: ["https://github.com/kyverno/kyverno/pull/17541", "https://github.com/Siemens-Healthineers/K2s/pull/3120"],
    basis: { version: "3.9.0", source: { ...KYVERNO_3_9_0, path: "charts/kyverno/Chart.yaml" } },
  },
  crds: {
    kind: "templates",
    values: { crds: { install: true, annotations: KEEP }, "kyverno-api": { annotations: KEEP } },
    keptOnUninstall: true,
    how:
      "crds.install enables the crds subchart (kyverno.io, reports.kyverno.io, wgpolicyk8s.io) and the kyverno-api " +
      "subchart (policies.kyverno.io), both CRDs as templates, so every upgrade applies them; the chart's post-upgrade " +
      "migration job (crds.migration, on by default) moves stored versions. Both subcharts put their annotations " +
      "values on the CRDs: the keep annotation leaves the CRDs, and every policy, on uninstall.",
    sources: [
      { ...KYVERNO_3_9_0, path: "charts/kyverno/Chart.yaml" },
      { ...KYVERNO_3_9_0, path: "charts/kyverno/charts/crds/templates" },
      {
        repository: "kyverno/api",
        commit: "224a910852d8b63f9fbd79a40f67a1fa37947b85",
        path: "charts/kyverno-api/templates/_helpers.tpl",
      },
    ],
  },
};

/** The Helm release name; the chart derives object names and labels from it. */
export const KYVERNO_RELEASE = "kyverno";
