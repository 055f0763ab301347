import { highlyAvailable, type PlatformContext } from "../platform-context";

const RESOURCES = {
  light: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } },
  production: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
};

/**
 * Helm values for argo-rollouts 2.41.0 (charts/argo-rollouts/values.yaml): the controller with its
 * metrics Service (scraped by VictoriaMetrics, not a ServiceMonitor), no dashboard (it has no
 * authentication of its own), two replicas with a PDB outside dev.
 */
export function argoRolloutsValues(context: PlatformContext, replicas?: number): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const count = replicas ?? (ha ? 2 : 1);
  return {
    controller: {
      replicas: count,
      resources: RESOURCES[ha ? "production" : "light"],
      metrics: { enabled: true, serviceMonitor: { enabled: false } },
      pdb: { enabled: count > 1, minAvailable: 1 },
    },
    dashboard: { enabled: false },
    notifications: { secret: { create: false } },
  };
}
