import { serviceSettings, type SecretField } from "../service-settings";

/** `services.victoriaMetrics` in the stack config. */
export const victoriaMetricsSettings = (_secret: SecretField) =>
  serviceSettings("VictoriaMetrics k8s stack: metrics, alerting, Grafana.", {});
