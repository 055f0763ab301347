import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";

/** Name of the Service port (and ingress target) that carries the app's traffic; `spec.service.metricsPort` must differ. */
export const HTTP_PORT_NAME = "http";
const SERVICE_HTTP_PORT = 80;
/** Placeholder until the pipeline's first deploy: a well-formed digest that matches no image. */
export const PLACEHOLDER_DIGEST = `sha256:${"0".repeat(64)}`;

export type Manifest = Record<string, unknown> & {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
};

/** Selector labels first (stable across environments, so Services and PDBs keep matching), then the app's labels. */
const labels = (names: AppNames): Record<string, string> => ({
  ...names.labels.selector,
  "app.kubernetes.io/part-of": names.labels.app["app.kubernetes.io/part-of"]!,
  "platform.delivery/team": names.labels.app["platform.delivery/team"]!,
  "platform.delivery/app": names.labels.app["platform.delivery/app"]!,
});

/**
 * The app's Deployment, shaped to pass the platform guardrails (restricted Pod Security, registry
 * allow-list, probes, requests and limits). The ServiceAccount `<app>` is created per namespace by
 * tenancy (Vault binds to it), so it is referenced by name here, never declared.
 */
export function deployment(spec: AppSpec, names: AppNames, image: string): Manifest {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: names.kubernetes.workload, labels: labels(names) },
    spec: {
      // Overlays set the real count (1 outside production, 2 in production).
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: names.labels.selector },
      template: podTemplate(spec, names, image),
    },
  };
}

/** How the container is probed: on its port (web services and workers serve metrics there), or a command (batch jobs). */
type Probe = { tcpSocket: { port: number } } | { exec: { command: string[] } };

/** The pod every workload kind runs: restricted Pod Security, the app's ServiceAccount, requests and limits, probes. */
function podTemplate(spec: AppSpec, names: AppNames, image: string, options: { probe?: Probe; restartPolicy?: "OnFailure" } = {}) {
  const { port, metricsPort } = spec.service;
  const { defaultRequest, defaultLimit } = spec.resources.container;
  const probe: Probe = options.probe ?? { tcpSocket: { port } };
  return {
    metadata: { labels: labels(names) },
    spec: {
      serviceAccountName: names.kubernetes.serviceAccount,
      automountServiceAccountToken: false,
      ...(options.restartPolicy ? { restartPolicy: options.restartPolicy } : {}),
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: names.kubernetes.workload,
          image,
          // The spec has one port number: the app serves traffic and metrics on it. The container port
          // carries the metrics name so NetworkPolicies and scrape configs can select it by name.
          ...("tcpSocket" in probe ? { ports: [{ name: metricsPort, containerPort: port, protocol: "TCP" }] } : {}),
          readinessProbe: { ...probe, periodSeconds: 10, failureThreshold: 3 },
          livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 },
          resources: {
            requests: { cpu: defaultRequest.cpu, memory: defaultRequest.memory },
            limits: { cpu: defaultLimit.cpu, memory: defaultLimit.memory },
          },
          securityContext: {
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
          },
          // A read-only root file system still needs somewhere to write temporary files.
          volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
        },
      ],
      volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
    },
  };
}

/**
 * The batch template: a CronJob named like the web Deployment, the same pod (probed by a command:
 * the probes guardrail covers every pod), no overlapping runs by default and a deadline per run,
 * so a hung run cannot hold the quota. Finished runs are kept briefly for their logs.
 */
export function cronJob(spec: AppSpec, names: AppNames, image: string): Manifest {
  if (spec.workload.kind !== "batch") throw new Error("cronJob renders the batch workload");
  const { schedule, timeZone, concurrencyPolicy, activeDeadlineSeconds, backoffLimit, healthCommand } = spec.workload;
  return {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: { name: names.kubernetes.workload, labels: labels(names) },
    spec: {
      schedule,
      timeZone,
      concurrencyPolicy,
      startingDeadlineSeconds: 300,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels: labels(names) },
        spec: {
          activeDeadlineSeconds,
          backoffLimit,
          ttlSecondsAfterFinished: 86400,
          template: podTemplate(spec, names, image, { probe: { exec: { command: [...healthCommand] } }, restartPolicy: "OnFailure" }),
        },
      },
    },
  };
}

/** A worker's Service: the metrics port only (scraping), no traffic port for the ingress controller. */
export function metricsService(spec: AppSpec, names: AppNames): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: names.kubernetes.workload, labels: labels(names) },
    spec: {
      type: "ClusterIP",
      selector: names.labels.selector,
      ports: [{ name: spec.service.metricsPort, port: spec.service.port, targetPort: spec.service.metricsPort, protocol: "TCP" }],
    },
  };
}

/** The base manifests of the app's workload kind, by file name (config-repo-files.ts writes them under base/). */
export function workloadManifests(spec: AppSpec, names: AppNames, image: string): Record<string, Manifest> {
  switch (spec.workload.kind) {
    case "web":
      return { "deployment.yaml": deployment(spec, names, image), "service.yaml": service(spec, names) };
    case "worker":
      return { "deployment.yaml": deployment(spec, names, image), "service.yaml": metricsService(spec, names) };
    case "batch":
      return { "cronjob.yaml": cronJob(spec, names, image) };
  }
}

/** `http` (port 80) for ingress, and the metrics port by name for scraping; both reach the container port. */
export function service(spec: AppSpec, names: AppNames): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: names.kubernetes.workload, labels: labels(names) },
    spec: {
      type: "ClusterIP",
      selector: names.labels.selector,
      ports: [
        { name: HTTP_PORT_NAME, port: SERVICE_HTTP_PORT, targetPort: spec.service.metricsPort, protocol: "TCP" },
        { name: spec.service.metricsPort, port: spec.service.port, targetPort: spec.service.metricsPort, protocol: "TCP" },
      ],
    },
  };
}

/** Production keeps one pod through voluntary disruptions (node drains) with its two replicas. */
export function podDisruptionBudget(names: AppNames): Manifest {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: names.kubernetes.workload, labels: labels(names) },
    spec: { minAvailable: 1, selector: { matchLabels: names.labels.selector } },
  };
}
