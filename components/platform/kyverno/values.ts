import { highlyAvailable, type PlatformContext } from "../platform-context";

// Dev matches the chart's own small defaults; staging/prod leave headroom for policy evaluation.
const ADMISSION = {
  light: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "384Mi" } },
  production: { requests: { cpu: "250m", memory: "384Mi" }, limits: { memory: "1Gi" } },
};
const CONTROLLER = {
  light: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
  production: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "512Mi" } },
};

/**
 * Helm values for the kyverno chart. HA follows the chart README: three
 * admission controllers (the API server calls them on every admission), two of
 * each other controller. The chart already spreads replicas with preferred
 * pod anti-affinity and adds PDBs when replicas > 1; the PDBs are set here
 * explicitly so the values say what the cluster gets.
 */
export function kyvernoValues(context: PlatformContext, exceptionNamespace: string): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const size = ha ? "production" : "light";
  const controller = (replicas: number) => ({
    enabled: true,
    replicas,
    podDisruptionBudget: { enabled: replicas > 1 },
    resources: CONTROLLER[size],
    metricsService: { create: true },
    serviceMonitor: { enabled: false },
  });
  const admissionReplicas = ha ? 3 : 1;
  return {
    features: {
      // Exceptions only count in Kyverno's own namespace, where only platform admins can create them.
      policyExceptions: { enabled: true, namespace: exceptionNamespace },
    },
    admissionController: {
      replicas: admissionReplicas,
      podDisruptionBudget: { enabled: admissionReplicas > 1 },
      container: { resources: ADMISSION[size] },
      metricsService: { create: true },
      serviceMonitor: { enabled: false },
    },
    backgroundController: controller(ha ? 2 : 1),
    cleanupController: controller(ha ? 2 : 1),
    reportsController: controller(ha ? 2 : 1),
  };
}
