import type { ChartPin } from "../../kubernetes/chart-pin";

/** codecentric/helm-charts tag keycloakx-7.1.11 (2026-04-21). */
const KEYCLOAKX_7_1_11 = {
  repository: "codecentric/helm-charts",
  ref: "keycloakx-7.1.11",
  commit: "15f09f31c8c4c23c4162d8d6e3b2b6f3669f7b43",
};

/**
 * Keycloak through codecentric's `keycloakx` chart, which runs the official Quarkus image
 * (quay.io/keycloak/keycloak 26.5.6). Chosen over Bitnami's chart, whose versioned images froze on
 * 2025-08-28 (bitnami/charts#35164), and over the Keycloak Operator, whose stored manifests stop at
 * 26.0.0 with v2alpha1 CRDs and whose client CRs are experimental: the realm and clients are managed
 * through @pulumi/keycloak instead, so Pulumi diffs them like every other resource.
 * No CRDs: templates/ has none and there is no crds/ directory at the tag.
 */
export const KEYCLOAKX_CHART: ChartPin = {
  chart: "keycloakx",
  version: "7.1.11",
  repository: "https://codecentric.github.io/helm-charts",
  evidence: { kind: "upstream", appVersion: "26.5.6", source: { ...KEYCLOAKX_7_1_11, path: "charts/keycloakx/Chart.yaml" } },
  crds: { kind: "none", checked: { ...KEYCLOAKX_7_1_11, path: "charts/keycloakx" } },
};

export const KEYCLOAK_RELEASE = "keycloak";
/** `fullnameOverride`: the chart names its Services `<fullname>-http` / `<fullname>-headless`. */
export const KEYCLOAK_FULLNAME = "keycloak";
/** Chart `http.relativePath`; "/" gives issuer URLs without the legacy `/auth` prefix. */
export const KEYCLOAK_RELATIVE_PATH = "/";
/** Management port (health, metrics) of Keycloak 26, named by `http.internalPort` (templates/statefulset.yaml). */
export const KEYCLOAK_MANAGEMENT_PORT = "http-internal";
