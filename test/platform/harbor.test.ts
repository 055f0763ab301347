import * as pulumi from "@pulumi/pulumi";
import { harborCredentials } from "../../components/platform/harbor/credentials";
import { HARBOR_CHART } from "../../components/platform/harbor/chart";
import { Harbor } from "../../components/platform/harbor/harbor";
import { HARBOR_SERVICE } from "../../components/platform/harbor/service";
import { harborProfileProblems, harborSettings } from "../../components/platform/harbor/settings";
import { harborValues } from "../../components/platform/harbor/values";
import { allSecret, secretField } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { planProgram } from "../../plan/run-offline-plan";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { dependsTransitively, inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SECRET = "kubernetes:core/v1:Secret";
const PROJECT = "harbor:index/project:Project";

/** Plain-text credentials of the prod fixture: none may show up anywhere but in secret inputs. */
const CREDENTIALS = ["pg-pass-123", "redis-pass-123", "AKIAEXAMPLE", "s3-secret-123", "dckr-token-123", "admin-pass-123"];

const PROD = {
  database: { kind: "external", host: "pg.example.test", username: "harbor", password: "pg-pass-123" },
  redis: { kind: "external", addr: "redis.example.test:6379", username: "harbor", password: "redis-pass-123", tls: true },
  storage: {
    kind: "s3",
    bucket: "harbor-layers",
    region: "eu-west-1",
    endpoint: "https://s3.example.test",
    accessKeyId: "AKIAEXAMPLE",
    secretAccessKey: "s3-secret-123",
  },
  dockerHub: { username: "platform-bot", accessToken: "dckr-token-123" },
};

const parse = (raw: unknown) => harborSettings(allSecret).parse(raw);

interface Planned {
  plan: PlanDocument;
  harbor: Harbor;
  release: PlanResource;
  values: Record<string, unknown>;
}

async function planHarbor(profile: Profile, raw: unknown = {}, skipTlsVerify?: boolean): Promise<Planned> {
  let harbor: Harbor | undefined;
  const plan = await planComponent((opts) => {
    harbor = new Harbor("harbor", { context: testContext(profile), settings: parse(raw), skipTlsVerify }, opts);
  });
  const release = one(plan, RELEASE);
  return { plan, harbor: harbor!, release, values: release.inputs.values as Record<string, unknown> };
}

/** Every leaf of a values tree, as [dotted path, value]. */
function leaves(value: unknown, path = ""): [string, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, `${path}[${i}]`));
  if (value !== null && typeof value === "object")
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path ? `${path}.${key}` : key));
  return [[path, value]];
}

describe("Harbor", () => {
  it("installs the exactly pinned goharbor chart as release 'harbor' in its own baseline namespace", async () => {
    const { plan, release } = await planHarbor("dev");
    expect(HARBOR_CHART).toMatchObject({ chart: "harbor", version: "1.19.1", repository: "https://helm.goharbor.io" });
    expect(release.inputs).toMatchObject({
      name: "harbor",
      chart: "harbor",
      version: "1.19.1",
      repositoryOpts: { repo: "https://helm.goharbor.io" },
      namespace: "harbor",
      atomic: true,
    });
    const ns = one(plan, "kubernetes:core/v1:Namespace");
    expect(ns.name).toBe("harbor-namespace");
    expect(inputAt(ns, "metadata.labels")).toMatchObject({ "pod-security.kubernetes.io/enforce": "baseline" });
    expect(release.dependencies).toContain(ns.urn);
  });

  it("honours an exact chart version override and merges value overrides last", async () => {
    const { release } = await planHarbor("dev", { chartVersion: "1.19.2", values: { core: { replicas: 3 } } });
    expect(release.inputs.version).toBe("1.19.2");
    expect(inputAt(release, "values.core.replicas")).toBe(3);
  });

  it("exposes Harbor through a TLS ingress whose certificate, from the platform issuer, exists before the release", async () => {
    const { values, plan, release } = await planHarbor("prod", PROD);
    expect(values).toMatchObject({
      externalURL: "https://harbor.platform.example.test",
      caSecretName: "harbor-tls",
      expose: {
        type: "ingress",
        tls: { enabled: true, certSource: "secret", secret: { secretName: "harbor-tls" } },
        ingress: { hosts: { core: "harbor.platform.example.test" }, className: "nginx", annotations: {} },
      },
    });
    // Core mounts the Secret (ca-download): it must exist when the release starts, whatever ACME's pace.
    const certificate = one(plan, "kubernetes:cert-manager.io/v1:Certificate");
    expect(certificate.inputs).toMatchObject({
      metadata: { name: "harbor-tls", namespace: "harbor", annotations: { "pulumi.com/waitFor": "condition=Ready" } },
      spec: {
        secretName: "harbor-tls",
        dnsNames: ["harbor.platform.example.test"],
        issuerRef: { name: "platform-issuer", kind: "ClusterIssuer", group: "cert-manager.io" },
      },
    });
    expect(dependsTransitively(plan, release.urn, certificate.urn)).toBe(true);
    // No ingress annotation: one Certificate owns the Secret, not a second one from ingress-shim.
    expect(JSON.stringify(values)).not.toContain("cert-manager.io/cluster-issuer");
  });

  it("dev: single replicas, internal database and Redis, filesystem storage, small volumes and requests", async () => {
    const { values } = await planHarbor("dev");
    for (const component of ["portal", "core", "jobservice", "registry", "trivy", "exporter"]) {
      expect(inputAt({ inputs: values } as PlanResource, `${component}.replicas`)).toBe(1);
      expect(inputAt({ inputs: values } as PlanResource, `${component}.affinity`)).toBeUndefined();
      expect(inputAt({ inputs: values } as PlanResource, `${component}.podDisruptionBudget`)).toBeUndefined();
    }
    expect(values).toMatchObject({
      database: { type: "internal" },
      redis: { type: "internal" },
      updateStrategy: { type: "Recreate" },
      jobservice: { jobLoggers: ["file"] },
      trivy: { enabled: true, resources: { requests: { memory: "256Mi" } } },
      core: { resources: { requests: { cpu: "50m", memory: "128Mi" } } },
      persistence: {
        enabled: true,
        resourcePolicy: "keep",
        imageChartStorage: { type: "filesystem" },
        persistentVolumeClaim: { registry: { size: "5Gi" }, database: { size: "1Gi" }, redis: { size: "1Gi" }, trivy: { size: "2Gi" } },
      },
    });
  });

  it("prod: two replicas with PDBs and anti-affinity for stateless parts, external PostgreSQL, Redis and S3", async () => {
    const { values } = await planHarbor("prod", PROD);
    for (const component of ["portal", "core", "jobservice", "registry", "trivy"]) {
      expect(values[component]).toMatchObject({
        replicas: 2,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        affinity: {
          podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
              {
                podAffinityTerm: {
                  topologyKey: "kubernetes.io/hostname",
                  labelSelector: { matchLabels: { release: "harbor", component } },
                },
              },
            ],
          },
        },
      });
    }
    expect(values).toMatchObject({
      exporter: { replicas: 1 },
      updateStrategy: { type: "RollingUpdate" },
      jobservice: { jobLoggers: ["database"] },
      database: {
        type: "external",
        external: {
          host: "pg.example.test",
          port: "5432",
          username: "harbor",
          coreDatabase: "registry",
          sslmode: "require",
          existingSecret: "harbor-external-database",
        },
      },
      redis: {
        type: "external",
        external: { addr: "redis.example.test:6379", tlsOptions: { enable: true }, existingSecret: "harbor-external-redis" },
      },
      persistence: {
        imageChartStorage: {
          type: "s3",
          disableredirect: true,
          s3: {
            bucket: "harbor-layers",
            region: "eu-west-1",
            regionendpoint: "https://s3.example.test",
            existingSecret: "harbor-s3-credentials",
          },
        },
      },
    });
  });

  it("enables the chart's metrics endpoints without a ServiceMonitor, and exposes them as its description does", async () => {
    const { values, harbor } = await planHarbor("dev");
    expect(values.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    const namespaces = await new Promise<string[]>((resolve) => pulumi.all(harbor.metrics.map((m) => m.namespace)).apply(resolve));
    expect(harbor.metrics.map((m, i) => ({ ...m, namespace: namespaces[i] }))).toEqual(HARBOR_SERVICE.metrics("dev", "harbor"));
    expect(harbor.metrics).toEqual([expect.objectContaining({ selector: { app: "harbor" }, port: "http-metrics", path: "/metrics" })]);
  });

  it("keeps every credential out of the Helm values: only Secret names are referenced", async () => {
    const { plan, release, values } = await planHarbor("prod", PROD);
    expect(release.secretPaths).toEqual([]);
    const secretNames = new Set(ofType(plan, SECRET).map((s) => inputAt(s, "metadata.name")));
    const references: Record<string, string> = {
      existingSecretAdminPassword: "harbor-admin-password",
      existingSecretAdminPasswordKey: "HARBOR_ADMIN_PASSWORD",
      existingSecretSecretKey: "harbor-secret-key",
      "registry.credentials.existingSecret": "harbor-registry-credentials",
      "database.external.existingSecret": "harbor-external-database",
      "redis.external.existingSecret": "harbor-external-redis",
      "persistence.imageChartStorage.s3.existingSecret": "harbor-s3-credentials",
      "expose.tls.secret.secretName": "harbor-tls",
      caSecretName: "harbor-tls",
    };
    const sensitive = leaves(values).filter(([path]) => /pass|secret|token/i.test(path.split(".").pop() ?? ""));
    expect(Object.fromEntries(sensitive)).toEqual(references);
    for (const [path, name] of Object.entries(references)) {
      if (!path.endsWith("Key") && name !== "harbor-tls") expect(secretNames).toContain(name);
    }
    const text = JSON.stringify(values);
    for (const credential of CREDENTIALS) expect(text).not.toContain(credential);
    // Generated passwords (the offline mocks prefix them) never reach the values either.
    expect(text).not.toContain("offline-");
  });

  it("stores credentials as secret Secret data and exports the admin password as a secret", async () => {
    const { plan, harbor } = await planHarbor("prod", { ...PROD, adminPassword: "admin-pass-123" });
    const secrets = ofType(plan, SECRET);
    expect(secrets.map((s) => inputAt(s, "metadata.name")).sort()).toEqual([
      "harbor-admin-password",
      "harbor-external-database",
      "harbor-external-redis",
      "harbor-registry-credentials",
      "harbor-s3-credentials",
      "harbor-secret-key",
    ]);
    for (const secret of secrets) {
      expect(inputAt(secret, "metadata.namespace")).toBe("harbor");
      expect(secret.inputs.stringData).toBe("[secret]");
      expect(secret.secretPaths).toEqual(["stringData"]);
    }
    // A given admin password replaces the generated one.
    expect(plan.resources.filter((r) => r.name === "harbor-admin-password" && r.type.startsWith("random:"))).toEqual([]);
    expect(await pulumi.isSecret(harbor.adminPassword)).toBe(true);
    expect(JSON.stringify(plan.resources.map((r) => r.inputs))).not.toMatch(new RegExp(CREDENTIALS.join("|")));
  });

  it("puts each credential under the key the chart reads", async () => {
    const keys: Promise<[string, string[]]>[] = [];
    await planComponent((opts) => {
      const parent = new pulumi.ComponentResource(
        "test:index:Parent",
        "parent",
        {},
        {
          providers: opts.providers,
        },
      );
      const { secrets } = harborCredentials("harbor", { namespace: "harbor", settings: parse(PROD) }, parent);
      for (const secret of secrets)
        keys.push(
          new Promise((resolve) =>
            pulumi.all([secret.metadata.name, secret.stringData]).apply(([name, data]) => resolve([name, Object.keys(data).sort()])),
          ),
        );
    });
    expect(Object.fromEntries(await Promise.all(keys))).toEqual({
      "harbor-admin-password": ["HARBOR_ADMIN_PASSWORD"],
      "harbor-secret-key": ["secretKey"],
      "harbor-registry-credentials": ["REGISTRY_HTPASSWD", "REGISTRY_PASSWD"],
      "harbor-external-database": ["password"],
      "harbor-external-redis": ["REDIS_PASSWORD", "REDIS_USERNAME"],
      "harbor-s3-credentials": ["REGISTRY_STORAGE_S3_ACCESSKEY", "REGISTRY_STORAGE_S3_SECRETKEY"],
    });
  });

  it("generates the admin password, core secret key and registry password when none is given", async () => {
    const { plan, harbor } = await planHarbor("dev");
    const passwords = ofType(plan, "random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => p.name).sort()).toEqual(["harbor-admin-password", "harbor-registry-password", "harbor-secret-key"]);
    expect(one(plan, "random:index/randomPassword:RandomPassword", "harbor-secret-key").inputs).toMatchObject({
      length: 16,
      special: false,
    });
    // Losing the secret key makes the credentials Harbor stored unreadable.
    expect(one(plan, "random:index/randomPassword:RandomPassword", "harbor-secret-key").protect).toBe(true);
    expect(await pulumi.isSecret(harbor.adminPassword)).toBe(true);
    expect(
      ofType(plan, SECRET)
        .map((s) => inputAt(s, "metadata.name"))
        .sort(),
    ).toEqual(["harbor-admin-password", "harbor-registry-credentials", "harbor-secret-key"]);
  });

  it("waits for the Secrets before installing the chart (it reads some with lookup)", async () => {
    const { plan, release } = await planHarbor("prod", PROD);
    for (const secret of ofType(plan, SECRET)) expect(release.dependencies).toContain(secret.urn);
  });

  it("protects the namespace while Harbor's state lives in in-cluster volumes", async () => {
    expect(one((await planHarbor("dev")).plan, "kubernetes:core/v1:Namespace").protect).toBe(true);
    expect(one((await planHarbor("prod", PROD)).plan, "kubernetes:core/v1:Namespace").protect).toBe(false);
  });

  it("configures Harbor through an admin provider that waits for the release", async () => {
    const { plan, release } = await planHarbor("dev", {}, true);
    const provider = one(plan, "pulumi:providers:harbor");
    expect(provider.inputs).toMatchObject({
      url: "https://harbor.platform.example.test",
      username: "admin",
      password: "[secret]",
      insecure: "true",
      robotPrefix: "robot$",
    });
    expect(provider.dependencies).toContain(release.urn);
    const harborResources = plan.resources.filter((r) => r.type.startsWith("harbor:"));
    expect(harborResources.length).toBeGreaterThan(0);
    for (const resource of harborResources) {
      expect(resource.provider).toBe(`${provider.urn}::${provider.name}-id`);
      expect(dependsTransitively(plan, resource.urn, release.urn)).toBe(true);
    }
    expect(one(plan, "harbor:index/configSystem:ConfigSystem").inputs).toEqual({
      projectCreationRestriction: "adminonly",
      robotNamePrefix: "robot$",
    });
    expect(one(plan, "harbor:index/interrogationServices:InterrogationServices").inputs).toEqual({
      defaultScanner: "Trivy",
      vulnerabilityScanPolicy: "0 0 3 * * *",
    });
    expect(one(plan, "harbor:index/garbageCollection:GarbageCollection").inputs).toMatchObject({
      schedule: "0 0 2 * * 6",
      deleteUntagged: true,
    });
  });

  it("gives the audit log a retention: a purge job keeps a year in prod, 30 days in dev, or what is configured", async () => {
    const purge = (plan: PlanDocument) => one(plan, "harbor:index/purgeAuditLog:PurgeAuditLog").inputs;
    expect(purge((await planHarbor("prod", PROD)).plan)).toEqual({
      schedule: "0 0 4 * * *",
      auditRetentionHour: 8760,
      includeOperations: "create,delete,pull",
    });
    expect(purge((await planHarbor("dev")).plan)).toMatchObject({ auditRetentionHour: 720 });
    const custom = await planHarbor("dev", { auditLogRetentionHours: 2160, schedules: { auditLogPurge: "0 30 5 * * 0" } });
    expect(purge(custom.plan)).toMatchObject({ auditRetentionHour: 2160, schedule: "0 30 5 * * 0" });
  });

  it("verifies Harbor's certificate unless told otherwise", async () => {
    const { plan } = await planHarbor("prod", PROD);
    expect(one(plan, "pulumi:providers:harbor").inputs.insecure).toBe("false");
  });

  it("creates protected, private proxy-cache projects for Docker Hub, GHCR and Quay and exports them", async () => {
    const { plan, harbor } = await planHarbor("prod", PROD);
    const projects = ofType(plan, PROJECT);
    expect(projects.map((p) => p.inputs.name).sort()).toEqual(["dockerhub-proxy", "ghcr-proxy", "quay-proxy"]);
    const registries = ofType(plan, "harbor:index/registry:Registry");
    expect(Object.fromEntries(registries.map((r) => [r.inputs.name, [r.inputs.providerName, r.inputs.endpointUrl]]))).toEqual({
      "docker.io": ["docker-hub", "https://hub.docker.com"],
      "ghcr.io": ["github", "https://ghcr.io"],
      "quay.io": ["quay", "https://quay.io"],
    });
    for (const project of projects) {
      expect(project.protect).toBe(true);
      expect(project.inputs.public).toBe(false);
      // Scanned, never blocking: deployment security would refuse unscanned and Debian-based images (HTTP 412).
      expect(project.inputs.vulnerabilityScanning).toBe(true);
      expect(project.inputs).not.toHaveProperty("deploymentSecurity");
      const upstream = registries.find((r) => project.name === r.name.replace(/-upstream$/, ""))!;
      expect(project.dependencies).toContain(upstream.urn);
      const retention = one(plan, "harbor:index/retentionPolicy:RetentionPolicy", `${project.name}-retention`);
      expect(retention.dependencies).toContain(project.urn);
      expect(retention.inputs.rules).toEqual([{ repoMatching: "**", tagMatching: "**", nDaysSinceLastPull: 30 }]);
    }
    const dockerHub = registries.find((r) => r.inputs.name === "docker.io")!;
    expect(dockerHub.inputs).toMatchObject({ accessId: "platform-bot", accessSecret: "[secret]" });
    expect(dockerHub.secretPaths).toEqual(["accessSecret"]);
    const exported = await new Promise((resolve) => harbor.proxyCacheProjects.apply(resolve));
    expect(exported).toEqual({ "docker.io": "dockerhub-proxy", "ghcr.io": "ghcr-proxy", "quay.io": "quay-proxy" });
    expect(harbor.registryHost).toBe("harbor.platform.example.test");
    expect(harbor.url).toBe("https://harbor.platform.example.test");
  });

  it("installs no CRDs and creates no custom resources that would need to wait for one", async () => {
    const { plan } = await planHarbor("prod", PROD);
    expect(plan.resources.filter((r) => r.type.startsWith("kubernetes:apiextensions.k8s.io"))).toEqual([]);
  });

  it("produces Kubernetes objects that validate against the Kubernetes schemas", async () => {
    for (const [profile, raw] of [
      ["dev", {}],
      ["prod", PROD],
    ] as const) {
      const { plan } = await planHarbor(profile, raw);
      const verdicts = validateKubernetesObjects(plan);
      expect(verdicts.length).toBeGreaterThanOrEqual(4);
      for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
    }
  });

  it("exports where the admin password lives", async () => {
    const { harbor } = await planHarbor("dev");
    const location = await new Promise((resolve) => harbor.adminPasswordSecret.apply(resolve));
    expect(location).toEqual({ name: "harbor-admin-password", namespace: "harbor", key: "HARBOR_ADMIN_PASSWORD" });
  });
});

describe("Harbor settings", () => {
  const problems = (raw: unknown) => {
    const result = harborSettings(allSecret).safeParse(raw);
    if (result.success) throw new Error("expected invalid settings");
    return result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
  };

  it("names the missing field of an external database", () => {
    expect(problems({ database: { kind: "external", username: "harbor", password: "x" } })).toEqual([
      "database.host: required (expected string)",
    ]);
  });

  it("rejects a malformed Redis address, a username without password and a 5-field cron", () => {
    expect(problems({ redis: { kind: "external", addr: "redis.example.test" } })).toEqual([
      expect.stringMatching(/^redis\.addr: must be host:port/),
    ]);
    expect(problems({ redis: { kind: "external", addr: "r:6379", username: "harbor" } })).toEqual([
      "redis.password: required when username is set",
    ]);
    expect(problems({ schedules: { scanAll: "0 3 * * *" } })).toEqual([
      expect.stringMatching(/^schedules\.scanAll: must have 6 fields \(second minute hour day-of-month month day-of-week\), got 5/),
    ]);
    expect(problems({ auditLogRetentionHours: 12 })).toEqual(["auditLogRetentionHours: must be at least 24 (hours)"]);
  });

  it("rejects unknown keys and an unknown storage kind", () => {
    expect(problems({ storage: { kind: "gcs" } })).toEqual([expect.stringMatching(/^storage\.kind: /)]);
    expect(problems({ adminPasword: "x" })).toEqual(["adminPasword: unknown key"]);
  });

  it("refuses plain-text credentials when the stack config did not deliver them as secrets", () => {
    const result = harborSettings(secretField(() => false)).safeParse({
      adminPassword: "x",
      dockerHub: { username: "u", accessToken: "t" },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.flatMap((issue) => describeIssue(issue, () => undefined))).toEqual([
      "adminPassword: must be stored as a secret: run 'pulumi config set --secret --path services.harbor.adminPassword <value>'",
      "dockerHub.accessToken: must be stored as a secret: run 'pulumi config set --secret --path services.harbor.dockerHub.accessToken <value>'",
    ]);
  });

  it("requires external PostgreSQL, Redis and S3 storage in staging and prod, not in dev", () => {
    const dev = parse({});
    expect(harborProfileProblems("dev", dev)).toEqual([]);
    expect(harborProfileProblems("staging", dev).map((p) => p.path.join("."))).toEqual(["database.kind", "redis.kind", "storage.kind"]);
    expect(harborProfileProblems("prod", parse(PROD))).toEqual([]);
  });

  it("builds values without any Pulumi runtime (pure function)", () => {
    const refs = { adminPassword: "a", secretKey: "k", registryCredentials: "r", tls: "t" };
    const values = harborValues(testContext("dev"), parse({ storageClass: "fast" }), refs);
    expect(inputAt({ inputs: values } as PlanResource, "persistence.persistentVolumeClaim.trivy")).toEqual({
      size: "2Gi",
      storageClass: "fast",
    });
    expect(harborValues(testContext("dev"), parse({ storageClass: "fast" }), refs)).toEqual(values);
  });
});

describe("Harbor arguments", () => {
  it("throws before registering anything when prod lacks external state", async () => {
    let thrown: unknown;
    const { plan } = await planProgram("invalid", () => {
      try {
        new Harbor("harbor", { context: testContext("prod"), settings: parse({}) });
      } catch (error) {
        thrown = error;
      }
      return {};
    });
    expect(thrown).toBeInstanceOf(ComponentArgsError);
    expect((thrown as ComponentArgsError).problems).toEqual([
      expect.stringMatching(/^settings\.database\.kind: prod runs several Harbor replicas, which need an external PostgreSQL/),
      expect.stringMatching(/^settings\.redis\.kind: /),
      expect.stringMatching(/^settings\.storage\.kind: /),
    ]);
    expect(plan.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
  });

  it("rejects a context without a cluster issuer and settings that were not parsed", async () => {
    let thrown: unknown;
    await planProgram("invalid", () => {
      try {
        new Harbor("harbor", { context: { ...testContext("dev"), clusterIssuer: "" }, settings: {} as never });
      } catch (error) {
        thrown = error;
      }
      return {};
    });
    expect((thrown as ComponentArgsError).problems).toEqual([
      "context.clusterIssuer: required",
      "settings: must be parsed services.harbor settings",
    ]);
  });
});
