import type { ServiceDescription } from "../service-description";
import { SEAWEEDFS_CHART, VELERO_CHART } from "./chart";
import { veleroMetricsEndpoints } from "./metrics";

export const VELERO_SERVICE: ServiceDescription = {
  service: "velero",
  title: "Velero",
  component: "Velero",
  namespace: "velero",
  chart: VELERO_CHART,
  // SeaweedFS: the in-cluster object store of `storage.kind: in-cluster`.
  extraCharts: [SEAWEEDFS_CHART],
  crdGroups: ["velero.io"],
  metrics: (_, namespace) => veleroMetricsEndpoints(namespace),
  requires: [],
};
