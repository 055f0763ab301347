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

/** Where the app's images live: `<registry host>/<Harbor project>/<app>` (no tag; overlays pin a digest). */
export const imageRepository = (registryHost: string, harborProject: string, app: string): string =>
  `${registryHost}/${harborProject}/${app}`;

/** Labels that select the app's pods; stable across environments so Services and PDBs keep matching. */
export const selectorLabels = (spec: AppSpec): Record<string, string> => ({ "app.kubernetes.io/name": spec.name });

const labels = (spec: AppSpec): Record<string, string> => ({
  ...selectorLabels(spec),
  "app.kubernetes.io/part-of": spec.name,
  "platform.delivery/team": spec.team,
  "platform.delivery/app": spec.name,
});

/**
 * The app's Deployment, shaped to pass the platform guardrails (restricted Pod Security, registry
 * allow-list, probes, requests and limits). The ServiceAccount `<app>` is created per namespace by
 * tenancy (Vault binds to it), so it is referenced by name here, never declared.
 */
export function deployment(spec: AppSpec, image: string): Manifest {
  const { port, metricsPort } = spec.service;
  const { defaultRequest, defaultLimit } = spec.resources.container;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: spec.name, labels: labels(spec) },
    spec: {
      // Overlays set the real count (1 outside production, 2 in production).
      replicas: 1,
      revisionHistoryLimit: 5,
      selector: { matchLabels: selectorLabels(spec) },
      template: {
        metadata: { labels: labels(spec) },
        spec: {
          serviceAccountName: spec.name,
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          containers: [
            {
              name: spec.name,
              image,
              // The spec has one port number: the app serves traffic and metrics on it. The container port
              // carries the metrics name so NetworkPolicies and scrape configs can select it by name.
              ports: [{ name: metricsPort, containerPort: port, protocol: "TCP" }],
              readinessProbe: { tcpSocket: { port }, periodSeconds: 10, failureThreshold: 3 },
              livenessProbe: { tcpSocket: { port }, initialDelaySeconds: 10, periodSeconds: 20, failureThreshold: 3 },
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
      },
    },
  };
}

/** `http` (port 80) for ingress, and the metrics port by name for scraping; both reach the container port. */
export function service(spec: AppSpec): Manifest {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: spec.name, labels: labels(spec) },
    spec: {
      type: "ClusterIP",
      selector: selectorLabels(spec),
      ports: [
        { name: HTTP_PORT_NAME, port: SERVICE_HTTP_PORT, targetPort: spec.service.metricsPort, protocol: "TCP" },
        { name: spec.service.metricsPort, port: spec.service.port, targetPort: spec.service.metricsPort, protocol: "TCP" },
      ],
    },
  };
}

/** Production keeps one pod through voluntary disruptions (node drains) with its two replicas. */
export function podDisruptionBudget(spec: AppSpec): Manifest {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: spec.name, labels: labels(spec) },
    spec: { minAvailable: 1, selector: { matchLabels: selectorLabels(spec) } },
  };
}
