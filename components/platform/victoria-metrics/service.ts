import type { ServiceDescription } from "../service-description";
import { VM_STACK_CHART } from "./chart";

export const VICTORIA_METRICS_SERVICE: ServiceDescription = {
  service: "victoriaMetrics",
  title: "VictoriaMetrics",
  component: "VictoriaMetrics",
  namespace: "monitoring",
  chart: VM_STACK_CHART,
  extraCharts: [],
  crdGroups: ["operator.victoriametrics.com"],
  // The stack scrapes its own components (operator-managed VMServiceScrapes).
  metrics: () => [],
  // Grafana's ingress.
  requires: [{ service: "certManager", for: "TLS certificates" }],
  hosts: ["grafana"],
};
