import type { ChartPin } from "../../kubernetes/chart-pin";

const TRIVY_OPERATOR_V0_32_0 = {
  repository: "aquasecurity/trivy-operator",
  ref: "v0.32.0",
  commit: "1006872c1463e81a40d48298145625aefef2a02f",
};
const TRIVY_OPERATOR_CRDS_0_25_0 = {
  repository: "wiremind/wiremind-helm-charts",
  ref: "trivy-operator-crds-0.25.0",
  commit: "e4572fe2468d8cc429cb1924182f1cba3ecb1635",
};

/** The chart name, as the operator pin's CRD lifecycle refers to it (the pin spells it out for Renovate). */
export const TRIVY_OPERATOR_CRDS_CHART_NAME = "trivy-operator-crds";

/**
 * Trivy Operator chart 0.34.0 (app 0.32.0, bundling Trivy 0.72.0): deploy/helm/Chart.yaml at tag v0.32.0
 * (2026-07-08) of github.com/aquasecurity/trivy-operator, published at https://aquasecurity.github.io/helm-charts/.
 * Values keys checked against deploy/helm/values.yaml at that commit. Its 12 CRDs sit in crds/ only (Helm
 * never upgrades them, aquasecurity/trivy-operator#1788, #723), so the release skips them and the CRD chart below
 * owns them.
 */
export const TRIVY_OPERATOR_CHART: ChartPin = {
  chart: "trivy-operator",
  version: "0.34.0",
  repository: "https://aquasecurity.github.io/helm-charts/",
  evidence: { kind: "upstream", appVersion: "0.32.0", source: { ...TRIVY_OPERATOR_V0_32_0, path: "deploy/helm/Chart.yaml" } },
  crds: {
    kind: "separate-chart",
    chart: TRIVY_OPERATOR_CRDS_CHART_NAME,
    how:
      "deploy/helm/crds holds the 12 aquasecurity.github.io CRDs and nothing in templates/ re-applies them; the release " +
      "sets skipCrds and the trivy-operator-crds chart renders the same CRDs as templates.",
    sources: [{ ...TRIVY_OPERATOR_V0_32_0, path: "deploy/helm/crds" }],
  },
};

/**
 * wiremind's trivy-operator-crds 0.25.0 (Apache-2.0): the upstream crds/ files as templates, so every Helm upgrade
 * applies them. Tag trivy-operator-crds-0.25.0, published at https://wiremind.github.io/wiremind-helm-charts. Checked
 * here: its 12 templates equal deploy/helm/crds of trivy-operator v0.32.0 but for the controller-gen version
 * annotation (v0.14.0 against v0.18.0); no schema differs. Its templates carry no resource-policy keep, so the
 * release is protected and retained on delete instead (trivy-operator.ts): reports are rebuilt by rescans anyway.
 */
export const TRIVY_OPERATOR_CRDS_CHART: ChartPin = {
  chart: "trivy-operator-crds",
  version: "0.25.0",
  repository: "https://wiremind.github.io/wiremind-helm-charts",
  evidence: {
    kind: "upstream",
    appVersion: "v0.25.0",
    source: { ...TRIVY_OPERATOR_CRDS_0_25_0, path: "charts/trivy-operator-crds/Chart.yaml" },
  },
  crds: {
    kind: "templates",
    values: {},
    unconditional: true,
    keptOnUninstall: false,
    how:
      "templates/ is the 12 CRDs with no condition around them (values.yaml is empty): every install and upgrade " +
      "applies them. No keep annotation: the release is protected and retainOnDelete instead.",
    sources: [{ ...TRIVY_OPERATOR_CRDS_0_25_0, path: "charts/trivy-operator-crds/templates" }],
  },
};

/** Fixed Helm release names: the chart derives its object names and labels from them. */
export const TRIVY_OPERATOR_RELEASE = "trivy-operator";
export const TRIVY_OPERATOR_CRDS_RELEASE = "trivy-operator-crds";
