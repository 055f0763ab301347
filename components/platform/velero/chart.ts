import type { ChartPin } from "../../kubernetes/chart-pin";

const VELERO_12_1_0 = { repository: "vmware-tanzu/helm-charts", ref: "velero-12.1.0", commit: "73466ca986bbfe34dbd5c30bbf7d62d545d634a2" };

/**
 * Velero chart 12.1.0 (app 1.18.1): newest tag `velero-12.1.0` (2026-06-25) of github.com/vmware-tanzu/helm-charts
 * and newest entry of its gh-pages index.yaml, the repository behind https://vmware-tanzu.github.io/helm-charts.
 */
export const VELERO_CHART: ChartPin = {
  chart: "velero",
  version: "12.1.0",
  repository: "https://vmware-tanzu.github.io/helm-charts",
  evidence: { kind: "upstream", appVersion: "1.18.1", source: { ...VELERO_12_1_0, path: "charts/velero/Chart.yaml" } },
  crds: {
    kind: "upgrade-hook",
    values: { upgradeCRDs: true, cleanUpCRDs: false },
    keptOnUninstall: true,
    how:
      "The 13 CRDs sit in crds/, which Helm applies on install only; upgradeCRDs runs a pre-install/pre-upgrade/" +
      "pre-rollback hook Job that runs `velero install --crds-only --apply` from the Velero image itself, so the " +
      "CRDs are those of the image's version. cleanUpCRDs stays off, and Helm never deletes crds/.",
    sources: [
      { ...VELERO_12_1_0, path: "charts/velero/crds" },
      { ...VELERO_12_1_0, path: "charts/velero/templates/upgrade-crds/upgrade-crds.yaml" },
    ],
  },
};

/**
 * SeaweedFS (Apache-2.0), chart 4.44.0 / app 4.44: newest entry of https://seaweedfs.github.io/seaweedfs/helm/index.yaml
 * (created 2026-08-22, digest cf774192...aa9cf2), checked in the gh-pages branch of github.com/seaweedfs/seaweedfs.
 * Why SeaweedFS and not MinIO, Garage or RustFS: docs/services/velero.md.
 */
export const SEAWEEDFS_CHART: ChartPin = {
  chart: "seaweedfs",
  version: "4.44.0",
  repository: "https://seaweedfs.github.io/seaweedfs/helm",
  evidence: {
    kind: "upstream",
    appVersion: "4.44",
    source: {
      repository: "seaweedfs/seaweedfs",
      ref: "4.44",
      commit: "3563738699f29fd1c9efde6fcbf4ba253439cac8",
      path: "k8s/charts/seaweedfs/Chart.yaml",
    },
  },
  // No crds/ directory and no CustomResourceDefinition in templates/ at the tag (COSI, off by default, uses CRDs it does not ship).
  crds: {
    kind: "none",
    checked: {
      repository: "seaweedfs/seaweedfs",
      ref: "4.44",
      commit: "3563738699f29fd1c9efde6fcbf4ba253439cac8",
      path: "k8s/charts/seaweedfs",
    },
  },
};
