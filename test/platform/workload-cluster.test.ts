// What a cluster other than the platform's runs (WorkloadCluster) and the platform's way in for its
// agents (TelemetryGateway), planned under mocks: the platform services' charts in their namespaces,
// all through that cluster's provider; Vault's auth mount for its issuer; credentials only in Secrets.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { EXTERNAL_SECRETS_CHART } from "../../components/platform/external-secrets/chart";
import { KYVERNO_CHART } from "../../components/platform/kyverno/chart";
import { allSecret } from "../../components/platform/service-settings";
import { servicesSettings } from "../../components/platform/services-settings";
import { VELERO_CHART } from "../../components/platform/velero/chart";
import { VL_COLLECTOR_CHART } from "../../components/platform/victoria-logs/chart";
import { VM_STACK_CHART } from "../../components/platform/victoria-metrics/chart";
import { TelemetryGateway } from "../../components/platform/victoria-metrics/telemetry-gateway";
import { ownBackupLocation, WorkloadCluster } from "../../components/platform/workload-cluster/workload-cluster";
import { ComponentArgsError } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { kyvernoPolicyManifests } from "../../policies/kyverno/manifests";
import { credentialLookingValues, inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBexample\n-----END CERTIFICATE-----\n";
const CLUSTER = {
  name: "workload-eu",
  server: "https://api.workload-eu.example.test:6443",
  caData: Buffer.from(CA_PEM).toString("base64"),
};
const S3 = {
  kind: "s3",
  bucket: "backups",
  region: "eu-central-1",
  prefix: "platform/",
  accessKeyId: "AKIAEXAMPLE",
  secretAccessKey: "velero-secret-that-must-not-leak",
};

const providerName = (resource: PlanResource) => resource.provider?.split("::").at(-2);

/** The gateway and one workload cluster, as stacks/program.ts wires them (services: the platform's). */
function planWorkloadCluster(services: Record<string, unknown> = { velero: { storage: S3 } }, withTelemetry = true): Promise<PlanDocument> {
  return planComponent((opts) => {
    const context = testContext("prod");
    const stackRelease = new k8s.helm.v3.Release(
      "vm-stack",
      { chart: "victoria-metrics-k8s-stack", version: "1.0.0" },
      { provider: opts.providers.kubernetes },
    );
    const gateway = withTelemetry
      ? new TelemetryGateway(
          "telemetry-gateway",
          {
            context,
            clusters: [CLUSTER.name],
            metrics: {
              namespace: "monitoring",
              writeUrl: "http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus/api/v1/write",
              readUrl: "http://vmselect-vm.monitoring.svc:8481/select/0/prometheus",
              alertmanagerUrl: "http://vmalertmanager-vm.monitoring.svc:9093",
              crdRelease: stackRelease,
            },
            logsUrl: "http://victoria-logs.logging.svc:9428",
          },
          opts,
        )
      : undefined;
    const workload = new k8s.Provider("workload-eu", { context: "workload-eu" });
    const vaultProvider = new vault.Provider("platform-vault", {
      address: "https://vault.platform.example.test",
      token: pulumi.secret("t"),
    });
    new WorkloadCluster(
      "cluster-workload-eu",
      {
        context,
        cluster: CLUSTER,
        services: servicesSettings(allSecret).parse(services),
        admissionPolicies: kyvernoPolicyManifests("prod", { registryHost: "harbor.platform.example.test", ownedNamespaces: [] }),
        vault: { provider: vaultProvider, address: "https://vault.platform.example.test" },
        telemetry: gateway?.credentials[CLUSTER.name],
      },
      { providers: { kubernetes: workload, random: opts.providers.random } },
    );
  });
}

const childrenOf = (plan: PlanDocument, type: string): PlanResource[] => {
  const root = plan.resources.find((r) => r.type === type)!;
  const all: PlanResource[] = [];
  const walk = (urn: string) => plan.resources.filter((r) => r.parent === urn).forEach((r) => (all.push(r), walk(r.urn)));
  walk(root.urn);
  return all;
};

describe("WorkloadCluster", () => {
  let plan: PlanDocument;
  let own: PlanResource[];
  beforeAll(async () => {
    plan = await planWorkloadCluster();
    own = childrenOf(plan, "delivery-platform:platform:WorkloadCluster");
  });

  it("installs each service apps rely on with the platform's chart pin, in the platform's namespace for it", () => {
    const releases = own.filter((r) => r.type === RELEASE);
    const installed = releases
      .map((r) => ({ chart: r.inputs.chart as string, version: r.inputs.version as string, namespace: r.inputs.namespace as string }))
      .sort((a, b) => a.chart.localeCompare(b.chart));
    expect(installed).toEqual(
      [
        { chart: EXTERNAL_SECRETS_CHART.chart, version: EXTERNAL_SECRETS_CHART.version, namespace: "external-secrets" },
        { chart: KYVERNO_CHART.chart, version: KYVERNO_CHART.version, namespace: "kyverno" },
        { chart: VELERO_CHART.chart, version: VELERO_CHART.version, namespace: "velero" },
        { chart: VL_COLLECTOR_CHART.chart, version: VL_COLLECTOR_CHART.version, namespace: "logging" },
        { chart: VM_STACK_CHART.chart, version: VM_STACK_CHART.version, namespace: "monitoring" },
      ].sort((a, b) => a.chart.localeCompare(b.chart)),
    );
  });

  it("creates every Kubernetes object with the cluster's provider and every Vault object with the platform's Vault", () => {
    const kubernetes = own.filter((r) => r.custom && r.type.startsWith("kubernetes:"));
    expect(kubernetes.length).toBeGreaterThan(20);
    expect([...new Set(kubernetes.map(providerName))]).toEqual(["workload-eu"]);
    const vaultObjects = own.filter((r) => r.type.startsWith("vault:"));
    expect(vaultObjects.map((r) => r.type).sort()).toEqual([
      "vault:index/authBackend:AuthBackend",
      "vault:kubernetes/authBackendConfig:AuthBackendConfig",
    ]);
    expect([...new Set(vaultObjects.map(providerName))]).toEqual(["platform-vault"]);
  });

  it("installs the platform's guardrail policies on the cluster's Kyverno, after its CRDs", () => {
    const policies = own.filter((r) => r.type.startsWith("kubernetes:policies.kyverno.io/"));
    const expected = kyvernoPolicyManifests("prod", { registryHost: "harbor.platform.example.test", ownedNamespaces: [] });
    expect(policies.map((r) => (r.inputs.metadata as { name: string }).name).sort()).toEqual(
      expected.map((m) => (m.metadata as { name: string }).name).sort(),
    );
    const release = own.find((r) => r.type === RELEASE && r.inputs.chart === KYVERNO_CHART.chart)!;
    for (const policy of policies) expect(policy.dependencies).toContain(release.urn);
  });

  it("gives Vault a Kubernetes auth mount for this cluster's issuer: its API server and CA, a reviewer token, never the local ones", () => {
    const mount = own.find((r) => r.type === "vault:index/authBackend:AuthBackend")!;
    expect(mount.inputs).toMatchObject({ type: "kubernetes", path: "kubernetes-workload-eu" });
    const config = own.find((r) => r.type === "vault:kubernetes/authBackendConfig:AuthBackendConfig")!;
    expect(config.inputs).toMatchObject({
      backend: "kubernetes-workload-eu",
      kubernetesHost: CLUSTER.server,
      kubernetesCaCert: CA_PEM,
      disableLocalCaJwt: true,
    });
    // The control plane's token of the reviewer account's Secret, secret in the plan (never its value).
    expect(config.secretPaths).toContain("tokenReviewerJwt");
    expect(config.inputs.tokenReviewerJwt).toBe("[secret]");
    expect(JSON.stringify(plan)).not.toContain("offline-token-");
    const binding = own.find((r) => r.type === "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")!;
    expect(binding.inputs).toMatchObject({
      roleRef: { kind: "ClusterRole", name: "system:auth-delegator" },
      subjects: [{ kind: "ServiceAccount", name: "vault-token-reviewer", namespace: "external-secrets" }],
    });
    const token = own.find((r) => r.type === "kubernetes:core/v1:Secret" && r.inputs.type === "kubernetes.io/service-account-token")!;
    expect(inputAt(token, "metadata.annotations[kubernetes.io/service-account.name]")).toBe("vault-token-reviewer");
    expect(config.dependencies).toContain(token.urn);
  });

  it("ships metrics and logs through the telemetry gateway with the cluster's credentials, which stay in Secrets", () => {
    const metrics = own.find((r) => r.type === RELEASE && r.inputs.chart === VM_STACK_CHART.chart)!;
    const basicAuth = {
      username: { name: "telemetry-gateway", key: "username" },
      password: { name: "telemetry-gateway", key: "password" },
    };
    expect(inputAt(metrics, "values.vmagent.spec")).toMatchObject({
      externalLabels: { cluster: "workload-eu" },
      remoteWrite: [{ url: "https://telemetry.platform.example.test/api/v1/write", basicAuth }],
    });
    expect(inputAt(metrics, "values.vmalert.spec")).toMatchObject({
      datasource: { url: "https://telemetry.platform.example.test", basicAuth },
      notifiers: [{ url: "https://telemetry.platform.example.test", basicAuth }],
    });
    // No storage, Grafana or Alertmanager of its own.
    for (const part of ["vmsingle", "vmcluster", "grafana", "alertmanager"]) expect(inputAt(metrics, `values.${part}.enabled`)).toBe(false);
    const logs = own.find((r) => r.type === RELEASE && r.inputs.chart === VL_COLLECTOR_CHART.chart)!;
    expect(inputAt(logs, "values.remoteWrite")).toEqual([
      {
        url: "https://telemetry.platform.example.test",
        basicAuth: { username: "cluster-workload-eu", passwordFile: "/etc/vlagent/gateway/password" },
      },
    ]);
    for (const release of [metrics, logs]) expect(credentialLookingValues(release.inputs.values)).toEqual([]);
    const secrets = own.filter(
      (r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs.metadata as { name: string }).name === "telemetry-gateway",
    );
    expect(secrets.map((s) => (s.inputs.metadata as { namespace: string }).namespace).sort()).toEqual(["logging", "monitoring"]);
    for (const secret of secrets) expect(secret.secretPaths).toContain("stringData");
    expect(JSON.stringify(plan.resources.map((r) => r.inputs))).not.toContain("velero-secret-that-must-not-leak");
  });

  it("backs up to the platform's store under a prefix of its own, so no other cluster's Velero lists its backups", () => {
    const velero = own.find((r) => r.type === RELEASE && r.inputs.chart === VELERO_CHART.chart)!;
    expect(inputAt(velero, "values.configuration.backupStorageLocation")).toEqual([
      expect.objectContaining({ bucket: "backups", prefix: "platform/clusters/workload-eu" }),
    ]);
    const settings = servicesSettings(allSecret).parse({ velero: { storage: { ...S3, prefix: undefined } } }).velero;
    expect(ownBackupLocation(settings, "a").storage).toMatchObject({ prefix: "clusters/a" });
    const dev = servicesSettings(allSecret).parse({}).velero;
    expect(ownBackupLocation(dev, "a")).toBe(dev);
  });

  it("runs only what the platform runs: without Kyverno, Velero and the gateway it keeps External Secrets and Vault's mount", async () => {
    const reduced = await planWorkloadCluster({ kyverno: { enabled: false }, velero: { enabled: false } }, false);
    const charts = ofType(reduced, RELEASE)
      .filter((r) => r.name.startsWith("cluster-workload-eu"))
      .map((r) => r.inputs.chart);
    expect(charts).toEqual([EXTERNAL_SECRETS_CHART.chart]);
    const component = one(reduced, "delivery-platform:platform:WorkloadCluster");
    expect(component.name).toBe("cluster-workload-eu");
    expect(ofType(reduced, "vault:index/authBackend:AuthBackend")).toHaveLength(1);
  });

  it("refuses a cluster without a usable CA before registering anything", () => {
    expect(
      () =>
        new WorkloadCluster("bad", {
          context: testContext("prod"),
          cluster: { ...CLUSTER, caData: "not base64!" },
          services: servicesSettings(allSecret).parse({}),
        }),
    ).toThrow(ComponentArgsError);
  });
});

describe("TelemetryGateway", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planWorkloadCluster();
  });

  it("gives each cluster one user that reaches only writes, the query vmalert reads, alert notifications and log ingestion", () => {
    const user = one(plan, "kubernetes:operator.victoriametrics.com/v1beta1:VMUser");
    expect(user.inputs.spec).toEqual({
      username: "cluster-workload-eu",
      passwordRef: { name: "telemetry-workload-eu", key: "password" },
      targetRefs: [
        { static: { url: "http://vminsert-vm.monitoring.svc:8480/insert/0/prometheus" }, paths: ["/api/v1/write"] },
        { static: { url: "http://vmselect-vm.monitoring.svc:8481/select/0/prometheus" }, paths: ["/api/v1/query"] },
        { static: { url: "http://vmalertmanager-vm.monitoring.svc:9093" }, paths: ["/api/v2/alerts"] },
        { static: { url: "http://victoria-logs.logging.svc:9428" }, paths: ["/insert/.*"] },
      ],
    });
    const password = ofType(plan, "kubernetes:core/v1:Secret").find((r) => r.name === "telemetry-gateway-workload-eu-credentials")!;
    expect(password.secretPaths).toContain("stringData");
    expect(providerName(password)).toBe("test-cluster");
  });

  it("exposes one VMAuth at telemetry.<domain> with TLS, selecting only its users and admitting no unauthenticated request", () => {
    const gateway = one(plan, "kubernetes:operator.victoriametrics.com/v1beta1:VMAuth");
    expect(gateway.inputs.spec).toMatchObject({
      selectAllByDefault: false,
      userSelector: { matchLabels: { "platform.delivery/telemetry-gateway": "telemetry" } },
      ingress: {
        class_name: "nginx",
        host: "telemetry.platform.example.test",
        tlsHosts: ["telemetry.platform.example.test"],
        annotations: { "cert-manager.io/cluster-issuer": "platform-issuer" },
      },
    });
    expect(gateway.inputs.spec).not.toHaveProperty("unauthorizedUserAccessSpec");
    const user = one(plan, "kubernetes:operator.victoriametrics.com/v1beta1:VMUser");
    expect((user.inputs.metadata as { labels: Record<string, string> }).labels).toMatchObject({
      "platform.delivery/telemetry-gateway": "telemetry",
    });
    expect(gateway.dependencies).toContain(plan.resources.find((r) => r.name === "vm-stack")!.urn);
  });

  it("refuses a cluster listed twice", () => {
    expect(
      () =>
        new TelemetryGateway("twice", {
          context: testContext("prod"),
          clusters: ["a", "a"],
          metrics: { namespace: "monitoring", writeUrl: "w", readUrl: "r", alertmanagerUrl: "a", crdRelease: undefined as never },
        }),
    ).toThrow(ComponentArgsError);
  });
});
