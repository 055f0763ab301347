import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * Newest releases confirmed on 2026-11-26 in VictoriaMetrics/helm-charts (tags victoria-logs-single-0.13.9
 * and the gh-pages index.yaml of 2026-08-22, which lists victoria-logs-collector 0.3.7 as newest).
 * Both ship VictoriaLogs / vlagent v1.52.0.
 */
export const VL_SINGLE_CHART: ChartPin = {
  chart: "victoria-logs-single",
  version: "0.13.9",
  repository: "https://victoriametrics.github.io/helm-charts/",
};

export const VL_COLLECTOR_CHART: ChartPin = {
  chart: "victoria-logs-collector",
  version: "0.3.7",
  repository: "https://victoriametrics.github.io/helm-charts/",
};

export const VL_RELEASE_NAME = "victoria-logs";
export const VL_COLLECTOR_RELEASE_NAME = "victoria-logs-collector";
/** `server.fullnameOverride`: the Service is named exactly this (chart templates/service.yaml, vm.plain.fullname). */
export const VL_SERVICE_NAME = "victoria-logs";
/** First entry of `server.http` in values.yaml (`:9428`, port name `http`). */
export const VL_HTTP_PORT = 9428;
