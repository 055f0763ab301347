import * as k8s from "@pulumi/kubernetes";
import { CloudNativePg } from "../../components/platform/cloudnative-pg/cloudnative-pg";
import { cloudnativePgSettings } from "../../components/platform/cloudnative-pg/settings";
import { ComponentArgsError } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { dependsTransitively, planComponent, testContext } from "../helpers/plan-component";

const SETTINGS = cloudnativePgSettings().parse({
  enabled: true,
  backups: { bucket: "pg-backups", endpointURL: "https://s3.example.test", egress: { cidrs: ["52.219.168.0/24"] } },
  apiServer: { cidrs: ["10.0.0.1/32"] },
});

describe("CloudNativePg", () => {
  let plan: PlanDocument;
  let onboarding: CloudNativePg["onboarding"];
  beforeAll(async () => {
    plan = await planComponent((opts) => {
      const certManager = new k8s.helm.v3.Release(
        "cert-manager-release",
        { chart: "cert-manager", version: "1.0.0" },
        { provider: opts.providers.kubernetes },
      );
      const cnpg = new CloudNativePg(
        "cloudnative-pg",
        { context: testContext("prod"), settings: SETTINGS, certManagerRelease: certManager, registryHost: "harbor.platform.example.test" },
        { providers: [opts.providers.kubernetes] },
      );
      onboarding = cnpg.onboarding;
    });
  });
  const release = (name: string): PlanResource => plan.resources.find((r) => r.name === name)!;

  test("the operator and the plugin, exactly pinned, CRDs as templates, images through Harbor's ghcr.io proxy", () => {
    expect(release("cloudnative-pg-release").inputs).toMatchObject({
      chart: "cloudnative-pg",
      version: "0.29.0",
      namespace: "cnpg-system",
      values: {
        crds: { create: true },
        replicaCount: 2,
        config: { clusterWide: true },
        image: { repository: "harbor.platform.example.test/ghcr-proxy/cloudnative-pg/cloudnative-pg" },
      },
    });
    expect(release("cloudnative-pg-barman-cloud").inputs).toMatchObject({
      chart: "plugin-barman-cloud",
      version: "0.7.0",
      namespace: "cnpg-system",
      values: { crds: { create: true }, sidecarImage: { registry: "harbor.platform.example.test/ghcr-proxy" } },
    });
    const ns = plan.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
    expect(ns.inputs).toMatchObject({ metadata: { name: "cnpg-system", labels: { "pod-security.kubernetes.io/enforce": "restricted" } } });
  });

  test("the plugin waits for the operator and cert-manager; onboarding gets the settings it needs", () => {
    expect(dependsTransitively(plan, release("cloudnative-pg-barman-cloud").urn, release("cloudnative-pg-release").urn)).toBe(true);
    expect(dependsTransitively(plan, release("cloudnative-pg-barman-cloud").urn, release("cert-manager-release").urn)).toBe(true);
    expect(onboarding).toMatchObject({
      operatorNamespace: "cnpg-system",
      image: "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
      backup: { bucket: "pg-backups", egress: { cidrs: ["52.219.168.0/24"], port: 443 } },
      apiServer: { cidrs: ["10.0.0.1/32"], ports: [443, 6443] },
    });
  });

  test("settings: another PostgreSQL repository is refused (admission admits only CloudNativePG's)", () => {
    const parsed = cloudnativePgSettings().safeParse({ enabled: true, postgresImage: "docker.io/library/postgres:17" });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["postgresImage"]);
    expect(
      () =>
        new CloudNativePg("x", { context: testContext("prod"), settings: { ...SETTINGS, postgresImage: "docker.io/library/postgres:17" } }),
    ).toThrow(ComponentArgsError);
  });
});
