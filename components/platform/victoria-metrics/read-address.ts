import { highlyAvailable } from "../platform-context";
import type { Profile } from "../../shared/profiles";
import { VM_FULLNAME } from "./chart";
import { VICTORIA_METRICS_SERVICE } from "./service";

const svc = (kind: string, port: number, path = "") =>
  `http://${kind}-${VM_FULLNAME}.${VICTORIA_METRICS_SERVICE.namespace}.svc:${port}${path}`;

/**
 * The in-cluster Prometheus query API of the platform's VictoriaMetrics: vmselect (tenant 0) where
 * the profile runs a cluster, vmsingle in dev (chart _helpers.tpl vm.prometheus.read). A plain
 * string, so the config repository's AnalysisTemplates can carry it.
 */
export const metricsReadAddress = (profile: Profile): string =>
  highlyAvailable(profile) ? svc("vmselect", 8481, "/select/0/prometheus") : svc("vmsingle", 8428);
