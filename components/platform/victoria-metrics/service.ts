import type { ServiceDescription } from "../service-description";
import { VM_STACK_CHART } from "./chart";

/** First label of the telemetry gateway's host (`telemetry.<domain>`), where other clusters' agents write. */
export const TELEMETRY_HOST_PREFIX = "telemetry";

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
  // Grafana; the telemetry gateway answers only while Pulumi manages other clusters (telemetry-gateway.ts).
  hosts: ["grafana", TELEMETRY_HOST_PREFIX],
};
