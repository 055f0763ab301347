import * as pulumi from "@pulumi/pulumi";
import { ComponentArgsError } from "../../components/validation/issues";
import { SERVICE_NAMESPACES, SERVICES } from "../../components/platform/service-catalog";
import { allSecret } from "../../components/platform/service-settings";
import { appMonitoring } from "../../components/platform/victoria-metrics/app-monitoring";
import { VM_STACK_CHART } from "../../components/platform/victoria-metrics/chart";
import { platformScrapeTargets } from "../../components/platform/victoria-metrics/scrape-targets";
import { victoriaMetricsSettings } from "../../components/platform/victoria-metrics/settings";
import { VictoriaMetrics, type VictoriaMetricsArgs } from "../../components/platform/victoria-metrics/victoria-metrics";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { dependsTransitively, inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CR_SCRAPE = "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape";
const CR_RULE = "kubernetes:operator.victoriametrics.com/v1beta1:VMRule";
const SECRET = "kubernetes:core/v1:Secret";

const settings = (input: Record<string, unknown> = {}) => victoriaMetricsSettings(allSecret).parse(input);

function args(profile: Profile, overrides: Partial<VictoriaMetricsArgs> = {}): VictoriaMetricsArgs {
  return {
    context: testContext(profile),
    settings: settings(),
    platformServices: SERVICE_NAMESPACES,
    // Vault's listener serves https outside dev, verified against the platform's internal CA.
    ...(profile === "dev" ? {} : { internalCaCertificate: "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n" }),
    ...overrides,
  };
}

const planWith = (build: (opts: pulumi.ComponentResourceOptions) => void) => planComponent((opts) => build(opts));

const plan = (profile: Profile, overrides: Partial<VictoriaMetricsArgs> = {}) =>
  planWith((opts) => new VictoriaMetrics("vm", args(profile, overrides), opts));

const stackRelease = (p: PlanDocument) => one(p, RELEASE, "vm-stack");
const valuesOf = (p: PlanDocument) => stackRelease(p).inputs.values as Record<string, unknown>;
const customResources = (p: PlanDocument) => p.resources.filter((r) => r.type.startsWith("kubernetes:operator.victoriametrics.com/"));

// ---------------------------------------------------------------------------------------------

describe("VictoriaMetrics", () => {
  it("pins the exact chart version and release name, and protects the release that owns the volumes", async () => {
    const release = stackRelease(await plan("dev"));
    expect(release.inputs).toMatchObject({
      chart: "victoria-metrics-k8s-stack",
      version: "0.91.2",
      repositoryOpts: { repo: "https://victoriametrics.github.io/helm-charts/" },
      name: "victoria-metrics",
      namespace: "monitoring",
      atomic: true,
    });
    expect(VM_STACK_CHART.version).toBe("0.91.2");
    expect(release.protect).toBe(true);
  });

  it("creates its privileged namespace (node-exporter needs host access)", async () => {
    const ns = one(await plan("dev"), "kubernetes:core/v1:Namespace");
    expect(inputAt(ns, "metadata.name")).toBe("monitoring");
    expect((ns.inputs.metadata as { labels: Record<string, string> }).labels["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("dev runs a single light vmsingle with short retention", async () => {
    const values = valuesOf(await plan("dev"));
    expect(inputAt(stackRelease(await plan("dev")), "values.vmsingle.enabled")).toBe(true);
    expect(values).toMatchObject({
      vmsingle: {
        enabled: true,
        spec: { replicaCount: 1, retentionPeriod: "7d", storage: { resources: { requests: { storage: "10Gi" } } } },
      },
      vmcluster: { enabled: false },
      vmagent: { spec: { replicaCount: 1 } },
      vmalert: { spec: { replicaCount: 1 } },
      alertmanager: { spec: { replicaCount: 1 } },
    });
    expect(JSON.stringify(values)).not.toContain("podDisruptionBudget");
    expect(inputAt(stackRelease(await plan("dev")), "values.vmsingle.spec.resources.limits.memory")).toBe("1Gi");
  });

  it("prod runs vmcluster with replicas, PDBs, anti-affinity and long retention", async () => {
    const values = valuesOf(await plan("prod"));
    expect(values).toMatchObject({
      vmsingle: { enabled: false },
      vmcluster: {
        enabled: true,
        spec: {
          retentionPeriod: "90d",
          replicationFactor: 2,
          vmstorage: { replicaCount: 3, podDisruptionBudget: { maxUnavailable: 1 } },
          vmselect: { replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 } },
          vminsert: { replicaCount: 2, podDisruptionBudget: { maxUnavailable: 1 } },
        },
      },
      vmagent: { spec: { replicaCount: 2 } },
      vmalert: { spec: { replicaCount: 2 } },
      alertmanager: { spec: { replicaCount: 2 } },
      grafana: { persistence: { enabled: true } },
    });
    const storage = (values.vmcluster as { spec: { vmstorage: Record<string, unknown> } }).spec.vmstorage;
    expect(storage.affinity).toEqual({
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              topologyKey: "kubernetes.io/hostname",
              labelSelector: { matchLabels: { "app.kubernetes.io/name": "vmstorage", "app.kubernetes.io/instance": "vm" } },
            },
          },
        ],
      },
    });
    expect(
      inputAt(
        stackRelease(await plan("prod")),
        "values.vmcluster.spec.vmstorage.storage.volumeClaimTemplate.spec.resources.requests.storage",
      ),
    ).toBe("50Gi");
  });

  it("settings override retention, size and storage class; operator values override the profile", async () => {
    const values = valuesOf(
      await plan("dev", {
        settings: settings({
          retention: "30d",
          storageSize: "25Gi",
          storageClassName: "fast",
          values: { vmagent: { spec: { scrapeInterval: "1m" } } },
        }),
      }),
    );
    expect(values).toMatchObject({
      vmsingle: { spec: { retentionPeriod: "30d", storage: { storageClassName: "fast", resources: { requests: { storage: "25Gi" } } } } },
      vmagent: { spec: { scrapeInterval: "1m", replicaCount: 1 } },
    });
  });

  it("exposes Grafana on grafana.<domain> with TLS, the cluster issuer and the ingress class", async () => {
    const p = await plan("prod");
    const grafana = valuesOf(p).grafana as { ingress: Record<string, unknown>; "grafana.ini": unknown };
    expect(grafana.ingress).toEqual({
      enabled: true,
      ingressClassName: "nginx",
      annotations: { "cert-manager.io/cluster-issuer": "platform-issuer" },
      hosts: ["grafana.platform.example.test"],
      path: "/",
      pathType: "Prefix",
      tls: [{ secretName: "grafana-tls", hosts: ["grafana.platform.example.test"] }],
    });
    expect(grafana["grafana.ini"]).toEqual({ server: { root_url: "https://grafana.platform.example.test" } });
    // No other component of the stack gets an ingress.
    for (const key of ["vmsingle", "vmcluster", "vmagent", "vmalert", "alertmanager"])
      expect(JSON.stringify(valuesOf(p)[key])).not.toContain("ingress");
  });

  it("delivers Grafana's admin password through an existing Secret, never through values", async () => {
    const p = await plan("prod", { settings: settings({ alertmanagerConfig: "receivers: [{name: pager}]" }) });
    const release = stackRelease(p);
    expect(release.secretPaths).toEqual([]);
    const values = valuesOf(p);
    expect(values.grafana).toMatchObject({
      admin: { existingSecret: "grafana-admin", userKey: "admin-user", passwordKey: "admin-password" },
    });
    const json = JSON.stringify(values);
    expect(json).not.toMatch(/"(adminPassword|password)"\s*:/i);
    expect(json).not.toContain("offline-"); // the mock RandomPassword result
    expect(json).not.toContain("receivers");

    const admin = one(p, SECRET, "vm-grafana-admin");
    expect(admin.secretPaths).toEqual(["stringData"]);
    expect(inputAt(admin, "stringData")).toBe("[secret]");
    expect(admin.dependencies).toContain(one(p, "random:index/randomPassword:RandomPassword").urn);
    expect(release.dependencies).toContain(admin.urn);
  });

  it("stores a configured Alertmanager config as a secret and points the chart at it", async () => {
    const p = await plan("dev", { settings: settings({ alertmanagerConfig: "route: {receiver: pager}" }) });
    const config = one(p, SECRET, "vm-alertmanager-config");
    expect(config.secretPaths).toEqual(["stringData"]);
    expect(inputAt(config, "metadata.name")).toBe("alertmanager-config");
    expect(inputAt(stackRelease(p), "values.alertmanager.spec.configSecret")).toBe("alertmanager-config");
    expect(inputAt(stackRelease(await plan("dev")), "values.alertmanager.spec.configSecret")).toBeUndefined();
  });

  it("marks the Grafana password output as secret", async () => {
    let component: VictoriaMetrics | undefined;
    await planWith((opts) => {
      component = new VictoriaMetrics("vm", args("dev"), opts);
    });
    expect(await pulumi.isSecret(component!.grafanaAdmin.password)).toBe(true);
  });

  it("adds the VictoriaLogs datasource and the datasource plugins when VictoriaLogs is wired in", async () => {
    const withLogs = valuesOf(await plan("dev", { victoriaLogsUrl: pulumi.output("http://victoria-logs.logging.svc:9428") }));
    expect(withLogs.external).toEqual({ vl: { read: { url: "http://victoria-logs.logging.svc:9428" } } });
    expect(withLogs.grafana).toMatchObject({ plugins: ["victoriametrics-metrics-datasource", "victoriametrics-logs-datasource"] });
    expect(valuesOf(await plan("dev")).external).toBeUndefined();
  });

  it("creates one VMServiceScrape per target of every enabled service, in the monitoring namespace", async () => {
    const p = await plan("prod");
    const scrapes = ofType(p, CR_SCRAPE);
    expect(scrapes.map((s) => inputAt(s, "metadata.name")).sort()).toEqual(
      [
        "argocd-application-controller",
        "argocd-applicationset-controller",
        "argocd-notifications-controller",
        "argocd-repo-server",
        "argocd-server",
        "cert-manager",
        "cert-manager-cainjector",
        "cert-manager-webhook",
        "external-secrets",
        "external-secrets-cert-controller",
        "external-secrets-webhook",
        "harbor",
        "keycloak",
        "kyverno-admission-controller",
        "kyverno-background-controller",
        "kyverno-cleanup-controller",
        "kyverno-reports-controller",
        "vault",
        "velero",
        "victoria-logs",
      ].map((n) => `platform-${n}`),
    );
    for (const scrape of scrapes) expect(inputAt(scrape, "metadata.namespace")).toBe("monitoring");
    // Every service's metrics Services are scraped exactly as its description has them (one source).
    const described = SERVICES.flatMap((service) => service.metrics("prod", service.namespace));
    expect(described.map((endpoint) => `platform-${endpoint.name}`).sort()).toEqual(scrapes.map((s) => inputAt(s, "metadata.name")).sort());
    for (const endpoint of described) {
      const scrape = scrapes.find((s) => inputAt(s, "metadata.name") === `platform-${endpoint.name}`)!;
      expect(scrape.inputs.spec).toMatchObject({
        selector: { matchLabels: endpoint.selector },
        namespaceSelector: { matchNames: [endpoint.namespace] },
        endpoints: [{ port: endpoint.port, path: endpoint.path }],
      });
    }
    const vault = scrapes.find((s) => inputAt(s, "metadata.name") === "platform-vault")!;
    expect(vault.inputs.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "vault", "vault-internal": "true" } },
      namespaceSelector: { matchNames: ["vault"] },
      // Vault's listener is https outside dev: verified against the internal CA copied into monitoring.
      endpoints: [
        {
          port: "https",
          path: "/v1/sys/metrics",
          scheme: "https",
          params: { format: ["prometheus"] },
          tlsConfig: { ca: { secret: { name: "platform-internal-ca", key: "ca.crt" } }, serverName: "vault.vault.svc" },
        },
      ],
    });
  });

  it("skips disabled services, and Vault in dev (dev mode serves no unauthenticated metrics)", async () => {
    const p = await plan("dev", { platformServices: { harbor: "harbor", vault: "vault" } });
    expect(ofType(p, CR_SCRAPE).map((s) => inputAt(s, "metadata.name"))).toEqual(["platform-harbor"]);
    expect(
      ofType(p, CR_RULE)
        .map((r) => inputAt(r, "metadata.name"))
        .sort(),
    ).toEqual(["platform-harbor", "platform-vault"]);
    expect(platformScrapeTargets("dev", { vault: "vault" })).toEqual([]);
  });

  it("uses a component's own metrics description instead of the default table when given", async () => {
    const p = await plan("prod", {
      platformServices: { velero: "velero" },
      scrapeTargetOverrides: {
        velero: [
          {
            name: "velero-server",
            namespace: pulumi.output("velero"),
            selector: { "app.kubernetes.io/instance": "velero" },
            port: "http-monitoring",
          },
        ],
      },
    });
    const scrape = one(p, CR_SCRAPE);
    expect(inputAt(scrape, "metadata.name")).toBe("platform-velero-server");
    expect(inputAt(scrape, "spec.selector.matchLabels")).toEqual({ "app.kubernetes.io/instance": "velero" });
  });

  it("every VMServiceScrape and VMRule waits for the release that installs the CRDs, and nothing else of the stack", async () => {
    const p = await plan("prod");
    const release = stackRelease(p);
    const crs = customResources(p);
    expect(crs.length).toBe(ofType(p, CR_SCRAPE).length + ofType(p, CR_RULE).length);
    for (const cr of crs) {
      expect(dependsTransitively(p, cr.urn, release.urn)).toBe(true);
      // Independent of each other, so the engine creates them in parallel.
      for (const other of crs) expect(cr.dependencies).not.toContain(other.urn);
    }
  });

  it("alert rules use the metric names of each project and the configured thresholds", async () => {
    const p = await plan("prod", { settings: settings({ alerts: { backupMaxAgeHours: 30, certificateExpiryDays: 7 } }) });
    const exprs = (service: string) => {
      const rule = ofType(p, CR_RULE).find((r) => inputAt(r, "metadata.name") === `platform-${service}`)!;
      const spec = rule.inputs.spec as { groups: { rules: { alert: string; expr: string }[] }[] };
      return Object.fromEntries(spec.groups.flatMap((g) => g.rules.map((r) => [r.alert, r.expr])));
    };
    expect(exprs("harbor")).toMatchObject({
      HarborUnhealthy: "harbor_health == 0",
      HarborComponentDown: "harbor_up == 0",
      HarborTargetDown: 'up{namespace="harbor"} == 0',
    });
    expect(exprs("argocd").ArgoCdAppSyncFailed).toContain('argocd_app_sync_total{phase=~"Error|Failed"}');
    expect(exprs("argocd").ArgoCdAppDegraded).toContain('argocd_app_info{health_status="Degraded"}');
    expect(exprs("kyverno").KyvernoPolicyViolations).toContain('kyverno_policy_results_total{rule_result="fail"}');
    expect(exprs("kyverno").KyvernoAdmissionErrors).toContain('rule_result="error", rule_execution_cause="admission_request"');
    expect(exprs("vault").VaultSealed).toBe("vault_core_unsealed == 0");
    expect(exprs("velero").VeleroBackupFailed).toContain("velero_backup_failure_total");
    expect(exprs("velero").VeleroNoRecentBackup).toBe(`time() - velero_backup_last_successful_timestamp{schedule!=""} > ${30 * 3600}`);
    expect(exprs("cert-manager").CertificateExpiringSoon).toBe(
      `(certmanager_certificate_expiration_timestamp_seconds > 0) - time() < ${7 * 86400}`,
    );
    expect(exprs("external-secrets")).toEqual({ ExternalSecretsTargetDown: 'up{namespace="external-secrets"} == 0' });
  });

  it("publishes in-cluster endpoints that follow the chart's naming (fullnameOverride vm)", async () => {
    const read = async (profile: Profile) => {
      let component: VictoriaMetrics | undefined;
      await planWith((opts) => {
        component = new VictoriaMetrics("vm", args(profile), opts);
      });
      const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => resolve(v)));
      return {
        read: await value(component!.metricsReadUrl),
        write: await value(component!.metricsWriteUrl),
        grafana: await value(component!.grafanaUrl),
        am: component!.alertmanager.url,
      };
    };
    expect(await read("dev")).toEqual({
      read: "http://vmsingle-vm.monitoring.svc:8428",
      write: "http://vmsingle-vm.monitoring.svc:8428/api/v1/write",
      grafana: "https://grafana.platform.example.test",
      am: "http://vmalertmanager-vm.monitoring.svc:9093",
    });
    expect(await read("prod")).toMatchObject({
      read: "http://vmselect-vm.monitoring.svc:8481/select/0/prometheus",
      write: "http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus/api/v1/write",
    });
  });

  it("every Kubernetes object validates (operator CRs have no npm validator)", async () => {
    const verdicts = validateKubernetesObjects(await plan("prod", { settings: settings({ alertmanagerConfig: "x: y" }) }));
    expect(verdicts.length).toBeGreaterThan(10);
    for (const verdict of verdicts) {
      if (verdict.apiVersion.startsWith("operator.victoriametrics.com/")) expect(verdict.status).toBe("no-validator");
      else expect(verdict).toMatchObject({ status: "valid" });
    }
  });
});

describe("VictoriaMetrics settings and arguments", () => {
  const issues = (input: unknown) => {
    const result = victoriaMetricsSettings(allSecret).safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };

  it("rejects bad retention, sizes, thresholds and unknown keys, naming the field", () => {
    expect(issues({ retention: "12h" })).toEqual(["retention: must be at least 24h"]);
    expect(issues({ retention: "30 days" })[0]).toMatch(/^retention: must be a retention period/);
    expect(issues({ storageSize: "lots" })).toEqual(["storageSize: must be a storage quantity such as 10Gi"]);
    expect(issues({ alerts: { backupMaxAgeHours: 0 } })).toEqual(["alerts.backupMaxAgeHours: must be at least 1 hour"]);
    expect(issues({ retension: "7d" })[0]).toMatch(/retension/);
    expect(issues({ chartVersion: "^0.91" })[0]).toMatch(/^chartVersion: must be an exact chart version/);
  });

  it("refuses an Alertmanager config typed in plain text", () => {
    const plain = victoriaMetricsSettings((path, description) =>
      allSecret(path, description).refine(() => false, { message: `must be stored as a secret (${path})` }),
    ).safeParse({ alertmanagerConfig: "x" });
    expect(plain.success).toBe(false);
    expect(plain.error?.issues[0]?.path).toEqual(["alertmanagerConfig"]);
  });

  it("accepts the defaults", () => {
    expect(settings()).toMatchObject({ enabled: true, alerts: { backupMaxAgeHours: 26, certificateExpiryDays: 14 } });
  });

  const registeredWith = async (bad: Partial<VictoriaMetricsArgs>) => {
    let error: unknown;
    const p = await planWith((opts) => {
      try {
        new VictoriaMetrics("vm", args("dev", bad), opts);
      } catch (e) {
        error = e;
      }
    });
    return { error, registered: p.resources.filter((r) => !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:Stack") };
  };

  it("invalid arguments throw before anything is registered", async () => {
    const unknownService = await registeredWith({ platformServices: { grafana: "monitoring" } as never });
    expect(unknownService.error).toBeInstanceOf(ComponentArgsError);
    expect(unknownService.registered).toEqual([]);

    const badTarget = await registeredWith({
      scrapeTargetOverrides: { harbor: [{ name: "Harbor_Exporter", namespace: "harbor", selector: {}, port: "" }] },
    });
    expect(badTarget.error).toBeInstanceOf(ComponentArgsError);
    const message = (badTarget.error as Error).message;
    expect(message).toContain("scrapeTargetOverrides.harbor[0].name: must be a DNS-1123 label");
    expect(message).toContain("scrapeTargetOverrides.harbor[0].selector: must select by at least one label");
    expect(message).toContain("scrapeTargetOverrides.harbor[0].port: must name a Service port");
    expect(badTarget.registered).toEqual([]);

    const noDomain = await registeredWith({ context: { ...testContext("dev"), domain: "" } });
    expect((noDomain.error as Error).message).toContain("context.domain: must not be empty");
    expect(noDomain.registered).toEqual([]);
  });
});

describe("appMonitoring", () => {
  const planApp = (appArgs: Parameters<typeof appMonitoring>[1]) =>
    planWith((opts) => {
      const vm = new VictoriaMetrics("vm", args("dev", { platformServices: {} }), opts);
      appMonitoring("shop", appArgs, { parent: vm, crdRelease: vm.releases.stack });
    });

  it("creates a VMServiceScrape and a default VMRule in the app namespace, both waiting for the CRD release", async () => {
    const p = await planApp({
      app: "shop",
      namespace: pulumi.output("shop-dev"),
      selector: { "app.kubernetes.io/name": "shop" },
      port: "metrics",
      errorRate: { metric: "http_requests_total", errorMatcher: 'code=~"5.."', maxRatio: 0.05 },
    });
    const scrape = one(p, CR_SCRAPE);
    const rule = one(p, CR_RULE);
    expect(scrape.inputs).toMatchObject({
      metadata: { name: "shop", namespace: "shop-dev" },
      spec: {
        selector: { matchLabels: { "app.kubernetes.io/name": "shop" } },
        namespaceSelector: { matchNames: ["shop-dev"] },
        endpoints: [{ port: "metrics", path: "/metrics", scheme: "http" }],
      },
    });
    const rules = (rule.inputs.spec as { groups: { rules: { alert: string; expr: string; labels: Record<string, string> }[] }[] })
      .groups[0]!.rules;
    expect(rules.map((r) => [r.alert, r.expr])).toEqual([
      ["AppTargetDown", 'up{namespace="shop-dev"} == 0'],
      ["AppTargetMissing", 'absent(up{namespace="shop-dev"})'],
      [
        "AppHighErrorRatio",
        'sum(rate(http_requests_total{namespace="shop-dev", code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop-dev"}[5m])) > 0.05',
      ],
    ]);
    expect(rules.every((r) => r.labels.app === "shop")).toBe(true);
    const release = stackRelease(p);
    for (const cr of [scrape, rule]) expect(dependsTransitively(p, cr.urn, release.urn)).toBe(true);
  });

  it("rejects invalid app arguments before registering anything", async () => {
    let error: unknown;
    let crs: PlanResource[] = [];
    const p = await planWith((opts) => {
      const vm = new VictoriaMetrics("vm", args("dev", { platformServices: {} }), opts);
      try {
        appMonitoring(
          "shop",
          {
            app: "shop",
            namespace: "shop",
            selector: { app: "shop" },
            port: "http",
            errorRate: { metric: "5xx", errorMatcher: "code", maxRatio: 2 },
          },
          { crdRelease: vm.releases.stack },
        );
      } catch (e) {
        error = e;
      }
    });
    crs = customResources(p);
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as Error).message).toContain("errorRate.metric: must be a metric name");
    expect((error as Error).message).toContain("errorRate.maxRatio: must be below 1");
    expect(crs).toEqual([]);
  });
});
