import type { ChartPin } from "../../kubernetes/chart-pin";

/** Both charts were tagged by one commit of VictoriaMetrics/helm-charts (2026-07-16). */
const VM_HELM_CHARTS_2026_07_16 = { repository: "VictoriaMetrics/helm-charts", commit: "cd5f43931efcdd7b35046938732244f6e113ea1b" };

/**
 * Newest releases confirmed on 2026-11-26 in VictoriaMetrics/helm-charts (tags victoria-logs-single-0.13.9
 * and victoria-logs-collector-0.3.7; the gh-pages index.yaml of 2026-08-22 lists nothing newer).
 * Both ship VictoriaLogs / vlagent v1.52.0 and no CRDs (the single chart's optional vector subchart stays disabled).
 */
export const VL_SINGLE_CHART: ChartPin = {
  chart: "victoria-logs-single",
  version: "0.13.9",
  repository: "https://victoriametrics.github.io/helm-charts/",
  evidence: {
    kind: "upstream",
    appVersion: "v1.52.0",
    source: { ...VM_HELM_CHARTS_2026_07_16, ref: "victoria-logs-single-0.13.9", path: "charts/victoria-logs-single/Chart.yaml" },
  },
  crds: {
    kind: "none",
    checked: { ...VM_HELM_CHARTS_2026_07_16, ref: "victoria-logs-single-0.13.9", path: "charts/victoria-logs-single" },
  },
};

export const VL_COLLECTOR_CHART: ChartPin = {
  chart: "victoria-logs-collector",
  version: "0.3.7",
  repository: "https://victoriametrics.github.io/helm-charts/",
  evidence: {
    kind: "upstream",
    appVersion: "v1.52.0",
    source: { ...VM_HELM_CHARTS_2026_07_16, ref: "victoria-logs-collector-0.3.7", path: "charts/victoria-logs-collector/Chart.yaml" },
  },
  crds: {
    kind: "none",
    checked: { ...VM_HELM_CHARTS_2026_07_16, ref: "victoria-logs-collector-0.3.7", path: "charts/victoria-logs-collector" },
  },
};

export const VL_RELEASE_NAME = "victoria-logs";
export const VL_COLLECTOR_RELEASE_NAME = "victoria-logs-collector";
/** `server.fullnameOverride`: the Service is named exactly this (chart templates/service.yaml, vm.plain.fullname). */
export const VL_SERVICE_NAME = "victoria-logs";
/** First entry of `server.http` in values.yaml (`:9428`, port name `http`). */
export const VL_HTTP_PORT = 9428;
