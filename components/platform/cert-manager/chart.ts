import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * cert-manager's chart, from its OCI registry (the chart README installs from
 * oci://quay.io/jetstack/charts/cert-manager). Chart versions keep the `v`.
 * Pinned to v1.21.2, the newest release confirmed on 2026-11-26: merged Renovate
 * bump github.com/Ashpex/homelab/pull/54 ("update helm release cert-manager to
 * v1.21.2"). Values keys checked against deploy/charts/cert-manager/values.yaml
 * and values.schema.json (which rejects unknown keys) at tag v1.21.1; v1.21.2 is
 * a patch release of the same line.
 */
export const CERT_MANAGER_CHART: ChartPin = {
  chart: "cert-manager",
  version: "v1.21.2",
  repository: "oci://quay.io/jetstack/charts",
};

/** The Helm release name; the chart derives its object names and labels from it. */
export const CERT_MANAGER_RELEASE = "cert-manager";
