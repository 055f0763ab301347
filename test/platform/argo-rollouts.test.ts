// Argo Rollouts as a platform service: the pinned chart's values per profile and its scrape target,
// which must select the Service the chart renders (argo-rollouts 2.41.0 templates/controller/metrics-service.yaml).
import { ARGO_ROLLOUTS_CHART, ARGO_ROLLOUTS_RELEASE } from "../../components/platform/argo-rollouts/chart";
import { ARGO_ROLLOUTS_SERVICE } from "../../components/platform/argo-rollouts/service";
import { argoRolloutsValues } from "../../components/platform/argo-rollouts/values";
import { releaseValues } from "../../components/kubernetes/helm-release";
import type { PlatformContext } from "../../components/platform/platform-context";

interface Values {
  controller: { replicas: number; metrics: unknown; pdb: { enabled: boolean } };
  dashboard: unknown;
}

const context = (profile: "dev" | "prod") => ({ profile }) as unknown as PlatformContext;

describe("Argo Rollouts", () => {
  it("pins chart 2.41.0 (app v1.9.0) from argo-helm with its CRDs as templates that stay on uninstall", () => {
    expect(ARGO_ROLLOUTS_CHART).toMatchObject({
      chart: "argo-rollouts",
      version: "2.41.0",
      repository: "https://argoproj.github.io/argo-helm",
    });
    expect(ARGO_ROLLOUTS_CHART.evidence).toMatchObject({ kind: "upstream", appVersion: "v1.9.0", source: { ref: "argo-rollouts-2.41.0" } });
    const values = releaseValues(ARGO_ROLLOUTS_CHART, argoRolloutsValues(context("prod")));
    expect(values).toMatchObject({ installCRDs: true, keepCRDs: true });
  });

  it("turns the controller's metrics Service on and the unauthenticated dashboard off; HA outside dev", () => {
    const dev = argoRolloutsValues(context("dev")) as unknown as Values;
    const prod = argoRolloutsValues(context("prod")) as unknown as Values;
    expect(dev.controller.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    expect(dev.dashboard).toEqual({ enabled: false });
    expect([dev.controller.replicas, dev.controller.pdb.enabled]).toEqual([1, false]);
    expect([prod.controller.replicas, prod.controller.pdb.enabled]).toEqual([2, true]);
    expect((argoRolloutsValues(context("dev"), 3) as { controller: { replicas: number } }).controller.replicas).toBe(3);
  });

  it("is scraped through the Service the chart renders: the component and the release's selector labels, port 'metrics'", () => {
    const [target, ...rest] = ARGO_ROLLOUTS_SERVICE.metrics("prod", "argo-rollouts");
    expect(rest).toEqual([]);
    expect(target).toEqual({
      name: "argo-rollouts",
      namespace: "argo-rollouts",
      selector: {
        "app.kubernetes.io/name": "argo-rollouts",
        "app.kubernetes.io/instance": ARGO_ROLLOUTS_RELEASE,
        "app.kubernetes.io/component": "rollouts-controller",
      },
      port: "metrics",
      path: "/metrics",
    });
  });
});
