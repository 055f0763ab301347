import { DRILL_LABEL, DRILL_SERVICE_ACCOUNT } from "./names";
import { drillImage } from "./image";
import type { DrillTarget } from "./restore-spec";
import { drillScript } from "./script";

export interface DrillJobArgs {
  drill: DrillTarget;
  schedule: string;
  timeoutMinutes: number;
  veleroNamespace: string;
  /** vmagent's import endpoint (Prometheus text format). */
  metricsUrl: string;
  registry: { host: string; dockerHubProxy: string; pullSecret: string };
}

const TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

/** The CronJob's name: `drill-<schedule>` (CronJob names are at most 52 characters: the Job controller appends 11). */
export const drillCronJobName = (drill: DrillTarget): string => `drill-${drill.name}`;

/** `spec` of one drill's CronJob (batch/v1). */
export function drillCronJobSpec(args: DrillJobArgs) {
  const labels = { "app.kubernetes.io/name": "restore-drill", "app.kubernetes.io/part-of": "velero", [DRILL_LABEL]: args.drill.name };
  const timeoutSeconds = args.timeoutMinutes * 60;
  const restricted = { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } };
  return {
    schedule: args.schedule,
    timeZone: "Etc/UTC",
    // One drill of a schedule at a time; a missed slot runs late only within six hours.
    concurrencyPolicy: "Forbid",
    startingDeadlineSeconds: 6 * 3600,
    successfulJobsHistoryLimit: 2,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      metadata: { labels },
      spec: {
        // A failed drill is a result, not something to retry: the alert asks for a look.
        backoffLimit: 0,
        // Restore, readiness (each up to the timeout) and clean-up.
        activeDeadlineSeconds: 2 * timeoutSeconds + 600,
        ttlSecondsAfterFinished: 7 * 86400,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: DRILL_SERVICE_ACCOUNT,
            imagePullSecrets: [{ name: args.registry.pullSecret }],
            // The API token comes from the projected volume below (short-lived), not from the automount.
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              fsGroup: 65532,
              seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
              {
                name: "drill",
                image: drillImage(args.registry),
                command: ["/bin/sh", "-ec", drillScript(args.drill, args.veleroNamespace, timeoutSeconds)],
                env: [
                  { name: "METRICS_URL", value: args.metricsUrl },
                  { name: "HOME", value: "/tmp" },
                ],
                volumeMounts: [
                  { name: "kube-api-access", mountPath: TOKEN_DIR, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
                // The workload guardrail wants probes on every container; for a one-shot job they check
                // what it depends on: its API credentials.
                livenessProbe: { exec: { command: ["/bin/sh", "-c", `test -s ${TOKEN_DIR}/token`] }, periodSeconds: 30 },
                readinessProbe: { exec: { command: ["/bin/sh", "-c", `test -s ${TOKEN_DIR}/token`] }, periodSeconds: 30 },
                securityContext: restricted,
                resources: { requests: { cpu: "20m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              },
            ],
            volumes: [
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
              // What the automount would mount (token, CA, namespace), with a one-hour token bound to this pod.
              {
                name: "kube-api-access",
                projected: {
                  sources: [
                    { serviceAccountToken: { expirationSeconds: 3600, path: "token" } },
                    { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
                    { downwardAPI: { items: [{ path: "namespace", fieldRef: { fieldPath: "metadata.namespace" } }] } },
                  ],
                },
              },
            ],
          },
        },
      },
    },
  };
}
