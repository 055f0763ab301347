import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * Velero chart 12.1.0 (app 1.18.1): newest tag `velero-12.1.0` (2026-06-25) of github.com/vmware-tanzu/helm-charts
 * and newest entry of its gh-pages index.yaml, the repository behind https://vmware-tanzu.github.io/helm-charts.
 */
export const VELERO_CHART: ChartPin = {
  chart: "velero",
  version: "12.1.0",
  repository: "https://vmware-tanzu.github.io/helm-charts",
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
};
