import type { ServiceDescription } from "../service-description";
import { TRIVY_OPERATOR_CHART, TRIVY_OPERATOR_CRDS_CHART } from "./chart";
import { trivyOperatorMetricsEndpoints } from "./metrics";

/** The vulnerability inventory of running images (why the Trivy Operator: docs/vulnerability-response.md). */
export const TRIVY_OPERATOR_SERVICE: ServiceDescription = {
  service: "trivyOperator",
  title: "Trivy Operator",
  component: "TrivyOperator",
  namespace: "trivy-system",
  chart: TRIVY_OPERATOR_CHART,
  // Its CRDs, as templates (chart.ts): the operator chart's own crds/ would never be upgraded.
  extraCharts: [TRIVY_OPERATOR_CRDS_CHART],
  // The operator writes the reports; the platform creates none.
  crdGroups: [],
  metrics: (_, namespace) => trivyOperatorMetricsEndpoints(namespace),
  // Its findings are only acted on through the VictoriaMetrics rules.
  requires: [{ service: "victoriaMetrics", for: "the scrape and the deadline alerts" }],
};
