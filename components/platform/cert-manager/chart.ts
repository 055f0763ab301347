import type { ChartPin } from "../../kubernetes/chart-pin";

const CERT_MANAGER_V1_21_1 = {
  repository: "cert-manager/cert-manager",
  ref: "v1.21.1",
  commit: "24e33194fb39488eff2bbf10c6dc640f407cad44",
};

/**
 * cert-manager's chart, from its OCI registry (the chart README installs from
 * oci://quay.io/jetstack/charts/cert-manager). Chart versions keep the `v`; the release tooling stamps
 * them from the git tag (Chart.yaml in the repository says v0.0.0). Values keys checked against
 * deploy/charts/cert-manager/values.yaml and values.schema.json (which rejects unknown keys) at v1.21.1.
 */
export const CERT_MANAGER_CHART: ChartPin = {
  chart: "cert-manager",
  version: "v1.21.2",
  repository: "oci://quay.io/jetstack/charts",
  evidence: {
    kind: "upstream-announced",
    appVersion: "v1.21.2",
    statement:
      "cert-manager's release tracker and release notes announce v1.21.2, a patch release of security fixes " +
      "(bounded ACME response bodies, Go 1.26.6, cel-go, etcd client, grpc, x/crypto); release-1.21 @ 378ef0e " +
      "already carries several of them after the v1.21.1 tag, the newest tag readable here. Kept for those fixes.",
    sightings: [
      "https://github.com/cert-manager/cert-manager/issues/9237",
      "https://github.com/cert-manager/website/pull/2261",
      "https://github.com/Ashpex/homelab/pull/54",
    ],
    basis: { version: "v1.21.1", source: { ...CERT_MANAGER_V1_21_1, path: "deploy/charts/cert-manager" } },
  },
  crds: {
    kind: "templates",
    values: { crds: { enabled: true, keep: true } },
    keptOnUninstall: true,
    how:
      "templates/crd-*.yaml render behind crds.enabled (default false), so every upgrade applies them; crds.keep " +
      "adds helm.sh/resource-policy: keep. The deprecated installCRDs stays unset: the chart fails when both are set.",
    sources: [{ ...CERT_MANAGER_V1_21_1, path: "deploy/charts/cert-manager/templates" }],
  },
};

/** The Helm release name; the chart derives its object names and labels from it. */
export const CERT_MANAGER_RELEASE = "cert-manager";
