import { preferSpreadAcrossNodes } from "../../kubernetes/scheduling";
import { highlyAvailable, type PlatformContext } from "../platform-context";
import { CERT_MANAGER_RELEASE } from "./chart";
import type { CertManagerSettings } from "./settings";

/** Pod labels of each cert-manager Deployment (chart templates: `app.kubernetes.io/{name,instance,component}`). */
const componentLabels = (name: string, component: string) => ({
  "app.kubernetes.io/name": name,
  "app.kubernetes.io/instance": CERT_MANAGER_RELEASE,
  "app.kubernetes.io/component": component,
});

// Starting points sized from the chart's (empty) defaults; tune with `services.certManager.values`.
const LIGHT = { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } };
const PRODUCTION = { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "512Mi" } };

/**
 * Helm values for the cert-manager chart. The CRD values (`crds.enabled`, `crds.keep`)
 * come with the pin (chart.ts), which pinnedRelease merges into every release.
 */
export function certManagerValues(context: PlatformContext, settings: Pick<CertManagerSettings, "replicas">): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const replicas = settings.replicas ?? (ha ? 2 : 1);
  const resources = ha ? PRODUCTION : LIGHT;
  // The chart's PDB defaults to minAvailable 1; with one replica it would block node drains.
  const podDisruptionBudget = { enabled: replicas > 1 };
  const component = (name: string, label: string) => ({
    replicaCount: replicas,
    podDisruptionBudget,
    resources,
    ...(replicas > 1 ? { affinity: preferSpreadAcrossNodes(componentLabels(name, label)) } : {}),
  });
  const { replicaCount, ...controller } = component("cert-manager", "controller");
  return {
    replicaCount,
    ...controller,
    // Exposes /metrics on the controller, webhook and cainjector Services; scrape configs are made elsewhere.
    prometheus: { enabled: true, servicemonitor: { enabled: false }, podmonitor: { enabled: false } },
    webhook: component("webhook", "webhook"),
    cainjector: component("cainjector", "cainjector"),
  };
}
