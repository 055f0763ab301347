import type { ServiceDescription } from "../service-description";
import { KYVERNO_CHART } from "./chart";
import { kyvernoMetricsEndpoints } from "./metrics";

export const KYVERNO_SERVICE: ServiceDescription = {
  service: "kyverno",
  title: "Kyverno",
  component: "Kyverno",
  namespace: "kyverno",
  chart: KYVERNO_CHART,
  extraCharts: [],
  crdGroups: ["kyverno.io", "policies.kyverno.io"],
  metrics: (_, namespace) => kyvernoMetricsEndpoints(namespace),
  requires: [],
};
