import { z } from "zod";

/**
 * `delivery.strategy` and `delivery.analysis` of the app spec: how a new image replaces the running
 * one. `rolling` is the Deployment's own rolling update; `canary` and `blueGreen` put an Argo
 * Rollouts `Rollout` in front of the same Deployment (`workloadRef`), analysed against
 * VictoriaMetrics by an AnalysisTemplate that aborts, and so rolls back, on bad metrics
 * (repositories/rollout-manifests.ts, docs/progressive-delivery.md).
 */
export const DELIVERY_STRATEGIES = ["rolling", "canary", "blueGreen"] as const;
export type DeliveryStrategy = (typeof DELIVERY_STRATEGIES)[number];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
/** One PromQL label matcher (`code=~"5.."`); the analysis query puts it inside the selector braces. */
const LABEL_MATCHER = /^[a-zA-Z_][a-zA-Z0-9_]*(=|!=|=~|!~)"[^"\\{}]*"$/;
/** Argo Rollouts durations (`30s`, `5m`, `1h`): metric intervals and pause lengths. */
const ROLLOUTS_DURATION = /^\d+(s|m|h)$/;

export const deliveryStrategy = z
  .enum(DELIVERY_STRATEGIES)
  .default("rolling")
  .meta({
    description:
      "How a new image replaces the running one: `rolling` (the Deployment's rolling update), `canary` (Argo Rollouts shifts " +
      "replicas step by step) or `blueGreen` (Argo Rollouts switches the Service at once); canary and blueGreen are analysed " +
      "against VictoriaMetrics and roll back on their own when the error rate or latency exceeds the thresholds.",
  });

export const deliveryAnalysis = z
  .strictObject({
    requestsMetric: z
      .string()
      .regex(METRIC_NAME, "must be a metric name such as http_requests_total")
      .default("http_requests_total")
      .meta({ description: "Counter of the app's HTTP requests (the error-rate query's denominator)." }),
    errorMatcher: z
      .string()
      .regex(LABEL_MATCHER, 'must be one label matcher such as code=~"5.."')
      .default('code=~"5.."')
      .meta({ description: "Label matcher that selects failed requests of `requestsMetric`." }),
    maxErrorRate: z
      .number()
      .gt(0, "must be above 0")
      .lt(1, "must be below 1")
      .default(0.01)
      .meta({ description: "Highest share of failed requests (0.01 = 1%) a release may show; above it the rollout aborts." }),
    latencyMetric: z
      .string()
      .regex(METRIC_NAME, "must be a metric name such as http_request_duration_seconds_bucket")
      .default("http_request_duration_seconds_bucket")
      .meta({ description: "Histogram buckets (`_bucket` series with `le`) of the app's request durations, in seconds." }),
    latencyQuantile: z
      .number()
      .gt(0, "must be above 0")
      .lt(1, "must be below 1")
      .default(0.95)
      .meta({ description: "Quantile of the request duration that is compared with `maxLatencySeconds`." }),
    maxLatencySeconds: z
      .number()
      .positive("must be above 0")
      .max(60)
      .default(0.5)
      .meta({ description: "Highest request duration at `latencyQuantile`, in seconds; above it the rollout aborts." }),
    interval: z
      .string()
      .regex(ROLLOUTS_DURATION, "must be a duration such as 1m")
      .default("1m")
      .meta({ description: "How often each analysis metric is measured." }),
    failureLimit: z
      .int()
      .min(0)
      .max(10)
      .default(1)
      .meta({ description: "Failed measurements tolerated before the analysis fails (0: the first bad one aborts)." }),
    canaryWeights: z
      .array(z.int().min(1).max(99))
      .min(1)
      .max(10)
      .default([20, 50])
      .refine((weights) => weights.every((weight, index) => index === 0 || weight > weights[index - 1]!), {
        message: "must rise step by step (for example [20, 50])",
      })
      .meta({ description: "canary: the traffic (replica) shares of the steps before full promotion, in percent." }),
    stepPause: z
      .string()
      .regex(ROLLOUTS_DURATION, "must be a duration such as 5m")
      .default("5m")
      .meta({ description: "canary: how long each step is watched before the next one; blueGreen: the post-promotion watch." }),
    prometheusAddress: z
      .url({ protocol: /^https?$/, message: "must be an absolute http(s) URL" })
      .optional()
      .meta({
        description:
          "Prometheus-compatible query endpoint the analysis reads; default the platform's VictoriaMetrics (vmselect, or vmsingle in dev).",
      }),
  })
  .prefault({})
  .meta({ description: "The metrics and thresholds that decide a canary or blue-green release (ignored with `rolling`)." });

export type DeliveryAnalysis = z.output<typeof deliveryAnalysis>;
