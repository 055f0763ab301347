import type { ServiceDescription } from "../service-description";
import { VL_COLLECTOR_CHART, VL_SINGLE_CHART } from "./chart";
import { victoriaLogsMetricsEndpoints } from "./metrics";

export const VICTORIA_LOGS_SERVICE: ServiceDescription = {
  service: "victoriaLogs",
  title: "VictoriaLogs",
  component: "VictoriaLogs",
  namespace: "logging",
  chart: VL_SINGLE_CHART,
  // The log collector DaemonSet, unless `collector.enabled: false`.
  extraCharts: [VL_COLLECTOR_CHART],
  crdGroups: [],
  metrics: (_, namespace) => victoriaLogsMetricsEndpoints(namespace),
  requires: [],
};
