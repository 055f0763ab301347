import * as pulumi from "@pulumi/pulumi";
import { allSecret } from "../../components/platform/service-settings";
import { VL_COLLECTOR_CHART, VL_SINGLE_CHART } from "../../components/platform/victoria-logs/chart";
import { victoriaLogsSettings } from "../../components/platform/victoria-logs/settings";
import { VictoriaLogs, type VictoriaLogsArgs } from "../../components/platform/victoria-logs/victoria-logs";
import { platformScrapeTargets } from "../../components/platform/victoria-metrics/scrape-targets";
import { ComponentArgsError } from "../../components/validation/issues";
import type { PlanDocument } from "../../plan/plan-document";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";

const settings = (input: Record<string, unknown> = {}) => victoriaLogsSettings(allSecret).parse(input);
const args = (profile: Profile, overrides: Partial<VictoriaLogsArgs> = {}): VictoriaLogsArgs => ({
  context: testContext(profile),
  settings: settings(),
  ...overrides,
});
const plan = (profile: Profile, overrides: Partial<VictoriaLogsArgs> = {}) =>
  planComponent((opts) => new VictoriaLogs("logs", args(profile, overrides), opts));

const server = (p: PlanDocument) => one(p, RELEASE, "logs-server");
const collector = (p: PlanDocument) => one(p, RELEASE, "logs-collector");

describe("VictoriaLogs", () => {
  it("pins the exact chart versions and release names", async () => {
    const p = await plan("dev");
    expect(server(p).inputs).toMatchObject({
      chart: "victoria-logs-single",
      version: "0.13.9",
      name: "victoria-logs",
      namespace: "logging",
      repositoryOpts: { repo: "https://victoriametrics.github.io/helm-charts/" },
    });
    expect(collector(p).inputs).toMatchObject({
      chart: "victoria-logs-collector",
      version: "0.3.7",
      name: "victoria-logs-collector",
      namespace: "logging",
    });
    expect([VL_SINGLE_CHART.version, VL_COLLECTOR_CHART.version]).toEqual(["0.13.9", "0.3.7"]);
  });

  it("honours chart version overrides for both charts", async () => {
    const p = await plan("dev", { settings: settings({ chartVersion: "0.13.10", collector: { chartVersion: "0.3.8" } }) });
    expect([server(p).inputs.version, collector(p).inputs.version]).toEqual(["0.13.10", "0.3.8"]);
  });

  it("protects the release that owns the log volume, in a privileged namespace for the collector's host paths", async () => {
    const p = await plan("dev");
    expect(server(p).protect).toBe(true);
    const ns = one(p, "kubernetes:core/v1:Namespace");
    expect(inputAt(ns, "metadata.name")).toBe("logging");
    expect(inputAt(ns, "metadata.labels")).toMatchObject({ "pod-security.kubernetes.io/enforce": "privileged" });
  });

  it("dev keeps logs 7 days on a small volume with small resources", async () => {
    const values = server(await plan("dev")).inputs.values as Record<string, unknown>;
    expect(values).toMatchObject({
      server: {
        fullnameOverride: "victoria-logs",
        replicaCount: 1,
        retentionPeriod: "7d",
        persistentVolume: { enabled: true, size: "10Gi" },
        resources: { limits: { memory: "512Mi" } },
      },
      vector: { enabled: false },
    });
  });

  it("staging/prod keep logs longer on a bigger volume with more memory, in two replicas the collector writes to", async () => {
    for (const profile of ["staging", "prod"] as const) {
      const p = await plan(profile);
      const values = server(p).inputs.values as Record<string, unknown>;
      expect(inputAt(collector(p), "values.remoteWrite")).toEqual([
        { url: "http://victoria-logs-0.victoria-logs.logging.svc:9428" },
        { url: "http://victoria-logs-1.victoria-logs.logging.svc:9428" },
      ]);
      expect(values).toMatchObject({
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        server: {
          replicaCount: 2,
          // prod: 5 years for the release ledger's change records (values.ts profileDefaults); retention is instance-wide.
          retentionPeriod: profile === "prod" ? "5y" : "30d",
          persistentVolume: { enabled: true, size: "50Gi" },
          resources: { limits: { memory: "4Gi" } },
        },
      });
    }
  });

  it("settings override retention, size and storage class", async () => {
    const values = server(await plan("prod", { settings: settings({ retention: "1y", storageSize: "200Gi", storageClassName: "fast" }) }))
      .inputs.values;
    expect(values).toMatchObject({ server: { retentionPeriod: "1y", persistentVolume: { size: "200Gi", storageClassName: "fast" } } });
  });

  it("the collector ships container logs to the VictoriaLogs replica, and can be turned off", async () => {
    const p = await plan("dev");
    expect(inputAt(collector(p), "values.remoteWrite")).toEqual([{ url: "http://victoria-logs-0.victoria-logs.logging.svc:9428" }]);
    // Independent releases: deployed in parallel.
    expect(collector(p).dependencies).not.toContain(server(p).urn);
    const without = await plan("dev", { settings: settings({ collector: { enabled: false } }) });
    expect(ofType(without, RELEASE).map((r) => r.name)).toEqual(["logs-server"]);
  });

  it("publishes the in-cluster URL and its metrics Service as the scrape table has it", async () => {
    let component: VictoriaLogs | undefined;
    await planComponent((opts) => {
      component = new VictoriaLogs("logs", args("dev"), opts);
    });
    const url = await new Promise<string>((resolve) => component!.url.apply(resolve));
    expect(url).toBe("http://victoria-logs.logging.svc:9428");
    const namespaces = await new Promise<string[]>((resolve) => pulumi.all(component!.metrics.map((m) => m.namespace)).apply(resolve));
    expect(component!.metrics.map((m, i) => ({ ...m, namespace: namespaces[i] }))).toEqual(
      platformScrapeTargets("dev", { victoriaLogs: "logging" }),
    );
    expect(component!.metrics).toEqual([expect.objectContaining({ port: "http", path: "/metrics" })]);
    expect(pulumi.Output.isInstance(component!.namespace)).toBe(true);
  });

  it("puts no secret in release values and creates no Ingress (logs stay in-cluster)", async () => {
    const p = await plan("prod");
    for (const release of ofType(p, RELEASE)) {
      expect(release.secretPaths).toEqual([]);
      expect(JSON.stringify(release.inputs.values)).not.toMatch(/password|token|"ingress"/i);
    }
  });

  it("every Kubernetes object validates", async () => {
    const verdicts = validateKubernetesObjects(await plan("prod"));
    expect(verdicts.length).toBeGreaterThan(0);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });
});

describe("VictoriaLogs settings and arguments", () => {
  const issues = (input: unknown) => {
    const result = victoriaLogsSettings(allSecret).safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("rejects bad values naming the field", () => {
    expect(issues({ retention: "1h" })).toEqual(["retention: must be at least 24h"]);
    expect(issues({ storageSize: "10 GB" })).toEqual(["storageSize: must be a storage quantity such as 10Gi"]);
    expect(issues({ storageClassName: "Fast_SSD" })[0]).toMatch(/^storageClassName: must be a StorageClass name/);
    expect(issues({ collector: { chartVersion: "latest" } })[0]).toMatch(/^collector.chartVersion: must be an exact chart version/);
    expect(issues({ collector: { enable: true } })[0]).toMatch(/collector/);
  });

  it("invalid arguments throw before anything is registered", async () => {
    let error: unknown;
    const p = await planComponent((opts) => {
      try {
        new VictoriaLogs("logs", { context: testContext("dev"), settings: { ...settings(), collector: undefined } as never }, opts);
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as Error).message).toContain("settings.collector");
    expect(p.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))).toEqual([]);
    expect(p.resources.some((r) => r.type === "delivery-platform:platform:VictoriaLogs")).toBe(false);
  });
});
