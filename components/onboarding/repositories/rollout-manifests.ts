import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import type { DeliveryAnalysis } from "../progressive-delivery-spec";
import { HTTP_PORT_NAME, type Manifest } from "./workload-manifests";

/**
 * Argo Rollouts objects of a canary or blue-green app, one set per environment overlay. The Rollout
 * does not carry a pod template: `workloadRef` points at the Deployment the base renders
 * (workload-manifests.ts), so every guardrail that reads the Deployment's template still governs
 * the pods (argoproj/argo-rollouts docs/migrating.md "Reference Deployment From Rollout"). The
 * overlay scales the Deployment to 0 and the Rollout owns the replicas, so Argo CD's self-heal and
 * the Rollouts controller never fight over them.
 *
 * Fields: argoproj/argo-helm charts/argo-rollouts/templates/crds/{rollout,analysis-template}-crd.yaml
 * at argo-rollouts-2.41.0 (app v1.9.0); validated by @kubernetes-models/argo-rollouts in the tests.
 */
export const ROLLOUTS_API_VERSION = "argoproj.io/v1alpha1";

/** Analysis arguments; `canary-hash` is the pod-template hash of the new ReplicaSet. */
export const ANALYSIS_ARGS = { namespace: "namespace", hash: "canary-hash" } as const;
/** The metric names in the AnalysisTemplate, also what the release ledger reads from the AnalysisRun. */
export const ANALYSIS_METRICS = { errorRate: "error-rate", latency: "latency" } as const;
/** The window each query rates over. */
const RATE_WINDOW = "2m";

const arg = (name: string) => `{{args.${name}}}`;

/**
 * The pods of the release under analysis: ReplicaSets of a Rollout are named `<rollout>-<pod-template-hash>`
 * and their pods `<replicaset>-<suffix>`; VictoriaMetrics' service scrapes label every sample with `pod`.
 */
const releasePods = (names: AppNames) => `pod=~"${names.kubernetes.rollout.rollout}-${arg(ANALYSIS_ARGS.hash)}-.*"`;

/**
 * The two queries, as Argo Rollouts sends them after substituting `{{args.*}}`. Both answer 0 when
 * there is no traffic yet (`or vector(0)`): an idle release passes instead of erroring out.
 */
export function analysisQueries(analysis: DeliveryAnalysis, names: AppNames): { errorRate: string; latency: string } {
  const scope = `namespace="${arg(ANALYSIS_ARGS.namespace)}",${releasePods(names)}`;
  const requests = analysis.requestsMetric;
  return {
    errorRate:
      `(sum(rate(${requests}{${scope},${analysis.errorMatcher}}[${RATE_WINDOW}])) / ` +
      `sum(rate(${requests}{${scope}}[${RATE_WINDOW}]))) or vector(0)`,
    latency:
      `histogram_quantile(${analysis.latencyQuantile}, sum by (le) (rate(${analysis.latencyMetric}{${scope}}[${RATE_WINDOW}]))) ` +
      "or vector(0)",
  };
}

/** The AnalysisTemplate of one environment: error rate and latency against VictoriaMetrics' Prometheus API. */
export function analysisTemplate(spec: AppSpec, names: AppNames, prometheusAddress: string): Manifest {
  const analysis = spec.delivery.analysis;
  const queries = analysisQueries(analysis, names);
  const metric = (name: string, query: string, threshold: number) => ({
    name,
    interval: analysis.interval,
    failureLimit: analysis.failureLimit,
    // A query that keeps failing (VictoriaMetrics unreachable) fails the analysis too: no release passes unmeasured.
    consecutiveErrorLimit: 3,
    successCondition: `result[0] <= ${threshold}`,
    failureCondition: `result[0] > ${threshold}`,
    provider: { prometheus: { address: prometheusAddress, query } },
  });
  return {
    apiVersion: ROLLOUTS_API_VERSION,
    kind: "AnalysisTemplate",
    metadata: { name: names.kubernetes.rollout.analysisTemplate, labels: { ...names.labels.app } },
    spec: {
      args: [{ name: ANALYSIS_ARGS.namespace }, { name: ANALYSIS_ARGS.hash }],
      metrics: [
        metric(ANALYSIS_METRICS.errorRate, queries.errorRate, analysis.maxErrorRate),
        metric(ANALYSIS_METRICS.latency, queries.latency, analysis.maxLatencySeconds),
      ],
    },
  };
}

/** Arguments every analysis gets: the namespace (literal) and the new ReplicaSet's hash. */
const analysisArgs = (namespace: string) => [
  { name: ANALYSIS_ARGS.namespace, value: namespace },
  { name: ANALYSIS_ARGS.hash, valueFrom: { podTemplateHashValue: "Latest" } },
];

/**
 * The Rollout of one environment. canary: weights by replica share (no traffic router), a pause
 * after each step and a background analysis from the first step; a failed analysis aborts the
 * rollout and the controller scales the stable ReplicaSet back up. blueGreen: the app's Service is
 * the active one, `<app>-next` the preview; after promotion the analysis watches the new pods and a
 * failure switches the active Service back while the old ReplicaSet is still up (scaleDownDelay).
 */
export function rollout(spec: AppSpec, names: AppNames, namespace: string, replicas: number): Manifest {
  const analysis = spec.delivery.analysis;
  const templates = [{ templateName: names.kubernetes.rollout.analysisTemplate }];
  const strategy =
    spec.delivery.strategy === "blueGreen"
      ? {
          blueGreen: {
            activeService: names.kubernetes.workload,
            previewService: names.kubernetes.rollout.blueGreenPreviewService,
            autoPromotionEnabled: true,
            // The old pods stay for the whole watch, so an abort switches back without a cold start.
            scaleDownDelaySeconds: durationSeconds(analysis.stepPause) + 60,
            postPromotionAnalysis: { templates, args: analysisArgs(namespace) },
          },
        }
      : {
          canary: {
            steps: analysis.canaryWeights.flatMap((weight) => [{ setWeight: weight }, { pause: { duration: analysis.stepPause } }]),
            analysis: { templates, startingStep: 1, args: analysisArgs(namespace) },
          },
        };
  return {
    apiVersion: ROLLOUTS_API_VERSION,
    kind: "Rollout",
    metadata: { name: names.kubernetes.rollout.rollout, labels: { ...names.labels.app } },
    spec: {
      replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { ...names.labels.selector } },
      workloadRef: { apiVersion: "apps/v1", kind: "Deployment", name: names.kubernetes.workload },
      // A release that does not become healthy in 10 minutes is aborted like a failed analysis.
      progressDeadlineSeconds: 600,
      progressDeadlineAbort: true,
      strategy,
    },
  };
}

/** blueGreen's preview Service: the same ports as the app's Service; the controller points its selector at the new pods. */
export function blueGreenPreviewService(spec: AppSpec, names: AppNames): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: names.kubernetes.rollout.blueGreenPreviewService, labels: { ...names.labels.app } },
    spec: {
      type: "ClusterIP",
      selector: { ...names.labels.selector },
      ports: [
        { name: HTTP_PORT_NAME, port: 80, targetPort: spec.service.metricsPort, protocol: "TCP" },
        { name: spec.service.metricsPort, port: spec.service.port, targetPort: spec.service.metricsPort, protocol: "TCP" },
      ],
    },
  };
}

/** `30s`, `5m`, `1h` in seconds (the strategy's durations, already validated). */
function durationSeconds(duration: string): number {
  const value = Number(duration.slice(0, -1));
  return value * ({ s: 1, m: 60, h: 3600 } as Record<string, number>)[duration.slice(-1)]!;
}

/** Whether the app's releases go through Argo Rollouts. */
export const usesRollout = (spec: Pick<AppSpec, "delivery">): boolean => spec.delivery.strategy !== "rolling";
