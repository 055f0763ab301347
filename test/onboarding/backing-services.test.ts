import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { appNames } from "../../components/onboarding/app-names";
import { appSpecSchema, type AppSpecInput } from "../../components/onboarding/app-spec";
import { AppBackingServices } from "../../components/onboarding/backing-services";
import { barmanObjectStore } from "../../components/onboarding/backing-services/barman-object-store-schema";
import {
  postgresCluster,
  postgresDrillManifests,
  postgresObjectStore,
  postgresScheduledBackup,
  type PostgresPlatform,
} from "../../components/onboarding/backing-services/postgres-manifests";
import { quotaCharges, quotaProblems } from "../../components/onboarding/backing-services/quota";
import { valkeyValues } from "../../components/onboarding/backing-services/valkey-values";
import { postgresNetworkPolicies } from "../../components/onboarding/tenancy/backing-service-network-policies";
import { postgresClusterProblems, valkeyValuesProblems } from "../../policies/crossguard/backing-services";
import { networkPolicyProblems } from "../../policies/crossguard/network-policies";
import type { PlanResource } from "../../plan/plan-document";
import { isBackingServiceImage } from "../../components/platform/cloudnative-pg/backing-service-images";
import { celRules } from "../../policies/kyverno/cel-rules";
import { evaluateCel } from "../policies/harness";
import { dependsTransitively, ofType, planComponent } from "../helpers/plan-component";
import { testOnboardingContext } from "../helpers/onboarding-context";

const ENVIRONMENTS = [
  { name: "dev", production: false },
  { name: "prod", production: true },
];
const PLATFORM: PostgresPlatform = {
  imageName: "harbor.example.test/ghcr-proxy/cloudnative-pg/postgresql:18.4-system-trixie",
  backup: { bucket: "pg-backups", endpointURL: "https://s3.example.test" },
};
const parse = (input: Partial<AppSpecInput> = {}) =>
  appSpecSchema.parse({ name: "shop", team: "web", environments: ["dev", "prod"], services: { postgres: {}, cache: {} }, ...input });
const namesOf = (spec: ReturnType<typeof parse>) =>
  appNames(spec, { gitlabParentGroup: "apps", registryHost: "harbor.example.test", domain: "example.test" });
const target = (spec: ReturnType<typeof parse>, env: "dev" | "prod") => ({
  names: namesOf(spec),
  environment: ENVIRONMENTS.find((e) => e.name === env)!,
  namespace: `shop-${env}`,
  labels: namesOf(spec).labels.app,
});

function validate(objects: unknown[]): { status: string; message?: string }[] {
  const validator = path.join(__dirname, "..", "helpers", "kubernetes-schema-validator.mjs");
  return JSON.parse(execFileSync(process.execPath, [validator], { input: JSON.stringify(objects), encoding: "utf8" })) as {
    status: string;
    message?: string;
  }[];
}

describe("PostgreSQL manifests", () => {
  const spec = parse();
  const postgres = spec.services.postgres!;

  test("Cluster and ScheduledBackup (also the drill's Cluster) validate against @kubernetes-models/cloudnative-pg, ObjectStores against the CRD schema", () => {
    const objects = (["dev", "prod"] as const).flatMap((env) => [
      postgresCluster(postgres, PLATFORM, target(spec, env)),
      postgresScheduledBackup(postgres, target(spec, env)),
    ]);
    const [drillStore, drillCluster] = postgresDrillManifests(postgres, PLATFORM, target(spec, "prod"), "2026-12-01T10:00:00Z");
    expect(validate([...objects, drillCluster])).toEqual([...objects, drillCluster].map(() => ({ status: "valid" })));
    for (const store of [postgresObjectStore(postgres, PLATFORM, target(spec, "prod")), drillStore])
      expect(barmanObjectStore.safeParse(store).error?.issues).toBeUndefined();
    // The validators can fail: a misspelt field and a wrong type are refused.
    const broken = postgresCluster(postgres, PLATFORM, target(spec, "prod"));
    broken.spec.instances = "three";
    expect(validate([broken])[0]!.status).toBe("invalid");
    const typo = postgresObjectStore(postgres, PLATFORM, target(spec, "prod"));
    typo.spec.retention = "30d";
    expect(barmanObjectStore.safeParse(typo).success).toBe(false);
  });

  test("production is highly available: three instances, one per node; dev has one", () => {
    expect(postgresCluster(postgres, PLATFORM, target(spec, "prod")).spec).toMatchObject({
      instances: 3,
      affinity: { enablePodAntiAffinity: true, podAntiAffinityType: "required", topologyKey: "kubernetes.io/hostname" },
      enableSuperuserAccess: false,
    });
    expect(postgresCluster(postgres, PLATFORM, target(spec, "dev")).spec).toMatchObject({ instances: 1 });
  });

  test("WAL is archived continuously and base backups scheduled through the Barman Cloud plugin, into the database's prefix, with retention", () => {
    const cluster = postgresCluster(postgres, PLATFORM, target(spec, "prod"));
    expect(cluster.spec.plugins).toEqual([
      { name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "shop-db-backup" } },
    ]);
    expect(cluster.spec.backup).toBeUndefined();
    const store = postgresObjectStore(postgres, PLATFORM, target(spec, "prod"));
    expect(store.spec).toMatchObject({
      retentionPolicy: "30d",
      configuration: {
        destinationPath: "s3://pg-backups/postgres/shop/prod",
        s3Credentials: {
          accessKeyId: { name: "shop-db-backup-s3", key: "ACCESS_KEY_ID" },
          secretAccessKey: { name: "shop-db-backup-s3", key: "ACCESS_SECRET_KEY" },
        },
      },
    });
    expect(postgresScheduledBackup(postgres, target(spec, "prod")).spec).toEqual({
      schedule: "0 0 3 * * *",
      cluster: { name: "shop-db" },
      method: "plugin",
      pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
      backupOwnerReference: "self",
      immediate: true,
    });
  });

  test("the recovery drill restores into <app>-drill-<env> from the origin's backups, to a point in time, and archives nothing", () => {
    const [store, cluster] = postgresDrillManifests(postgres, PLATFORM, target(spec, "prod"), "2026-12-01T10:00:00Z");
    expect(store!.metadata.namespace).toBe("shop-drill-prod");
    expect(cluster!.metadata.namespace).toBe("shop-drill-prod");
    expect(cluster!.spec).toMatchObject({
      instances: 1,
      bootstrap: { recovery: { source: "origin", recoveryTarget: { targetTime: "2026-12-01T10:00:00Z" } } },
      externalClusters: [
        {
          name: "origin",
          plugin: { name: "barman-cloud.cloudnative-pg.io", parameters: { barmanObjectName: "shop-db-backup", serverName: "shop-db" } },
        },
      ],
    });
    expect(cluster!.spec.plugins).toBeUndefined();
    expect((store!.spec.configuration as { destinationPath: string }).destinationPath).toBe("s3://pg-backups/postgres/shop/prod");
  });

  test("what onboarding renders passes backing-services-private-encrypted; exposure, plaintext and the superuser do not", () => {
    const cluster = postgresCluster(postgres, PLATFORM, target(spec, "prod"));
    expect(postgresClusterProblems(cluster)).toEqual([]);
    const exposed = structuredClone(cluster);
    exposed.spec.managed = {
      services: { additional: [{ selectorType: "rw", serviceTemplate: { metadata: { name: "x" }, spec: { type: "LoadBalancer" } } }] },
    };
    exposed.spec.postgresql = { parameters: {}, pg_hba: ["host all all 0.0.0.0/0 md5"] };
    exposed.spec.enableSuperuserAccess = true;
    expect(postgresClusterProblems(exposed)).toHaveLength(3);
  });
});

describe("Valkey values", () => {
  const spec = parse();
  const image = { registry: "harbor.example.test/dockerhub-proxy", repository: "valkey/valkey", tag: "9.1.1" };

  test("auth and TLS on, ClusterIP, password from a Secret, replicas with volumes in production only", () => {
    const prod = valkeyValues(spec.services.cache!, namesOf(spec), image, true);
    const dev = valkeyValues(spec.services.cache!, namesOf(spec), image, false);
    expect(valkeyValuesProblems(prod)).toEqual([]);
    expect(valkeyValuesProblems(dev)).toEqual([]);
    expect(prod).toMatchObject({
      auth: { enabled: true, usersExistingSecret: "shop-cache-users", aclUsers: { default: { permissions: "~* &* +@all" } } },
      tls: { enabled: true, existingSecret: "shop-cache-tls", serverPublicKey: "tls.crt", serverKey: "tls.key", caPublicKey: "ca.crt" },
      service: { type: "ClusterIP" },
      replica: { enabled: true, replicas: 2, persistence: { size: "1Gi" } },
      readinessProbe: { enabled: true },
    });
    expect(dev.replica).toBeUndefined();
    expect(JSON.stringify(prod)).not.toMatch(/password"\s*:/);
    expect(valkeyValuesProblems({ ...prod, tls: { enabled: false }, service: { type: "NodePort" } })).toHaveLength(2);
  });
});

describe("quota accounting", () => {
  test("each part is charged: the workload at its rollout peak, instances with sidecar and job, cache pods and volumes", () => {
    const spec = parse({ services: { postgres: { storage: "4Gi" }, cache: {} } });
    const charges = quotaCharges(spec, { name: "prod", production: true });
    expect(charges).toEqual([
      { what: "workload (3 pods at the rollout peak)", pods: 3, cpuMillis: 1500, memoryBytes: 3 * 512 * 2 ** 20, storageBytes: 0 },
      {
        what: "postgres (3 instances + 1 operator job)",
        pods: 4,
        cpuMillis: 4 * 600,
        memoryBytes: 4 * (2 ** 30 + 256 * 2 ** 20),
        storageBytes: 3 * 4 * 2 ** 30,
      },
      { what: "cache (3 Valkey pods)", pods: 3, cpuMillis: 750, memoryBytes: 3 * 256 * 2 ** 20, storageBytes: 3 * 2 ** 30 },
    ]);
    // 1500 + 2400 + 750 = 4650m > 4: the default quota is too small for production, and the message says by how much.
    expect(quotaProblems(spec, ENVIRONMENTS)).toEqual([
      {
        path: ["resources", "quota", "cpu"],
        message:
          "environment 'prod' needs 4650m (workload (3 pods at the rollout peak): 1500m, postgres (3 instances + 1 operator job): 2400m, cache (3 Valkey pods): 750m) but the quota is 4: raise resources.quota.cpu to at least 4650m or shrink the services",
      },
    ]);
    expect(
      quotaProblems(parse({ resources: { quota: { cpu: "5" } }, services: { postgres: { storage: "4Gi" }, cache: {} } }), ENVIRONMENTS),
    ).toEqual([]);
  });

  test("a service listed for some environments is charged only there; a batch job counts one run", () => {
    const spec = parse({ workload: { kind: "batch", schedule: "0 1 * * *" }, services: { postgres: { environments: ["prod"] } } });
    expect(quotaCharges(spec, { name: "dev", production: false }).map((c) => c.what)).toEqual(["workload (1 pod at the rollout peak)"]);
    expect(quotaCharges(spec, { name: "prod", production: true })[0]!.pods).toBe(1);
  });
});

describe("network policies", () => {
  const policies = postgresNetworkPolicies({
    cluster: "shop-db",
    operatorNamespace: "cnpg-system",
    apiServer: { cidrs: ["10.43.0.1/32"], ports: [443, 6443] },
    store: { cidrs: ["52.219.168.0/24"], port: 443 },
  });

  test("only the database's pods: the operator reaches its status port; they reach the API server and the store, nothing else", () => {
    expect(policies.map((p) => p.spec.podSelector)).toEqual([
      { matchLabels: { "cnpg.io/cluster": "shop-db" } },
      { matchLabels: { "cnpg.io/cluster": "shop-db" } },
    ]);
    expect(policies[0]!.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "cnpg-system" } } }],
        ports: [{ protocol: "TCP", port: 8000 }],
      },
    ]);
    expect(policies[1]!.spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: "10.43.0.1/32" } }],
        ports: [
          { protocol: "TCP", port: 443 },
          { protocol: "TCP", port: 6443 },
        ],
      },
      { to: [{ ipBlock: { cidr: "52.219.168.0/24" } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
  });

  test("the guardrail admits them only in a namespace that lists those CIDRs", () => {
    const peers = ["cert-manager", "cnpg-system"];
    for (const policy of policies)
      expect(networkPolicyProblems(policy as never, "shop-prod", peers, ["10.43.0.1/32", "52.219.168.0/24"])).toEqual([]);
    expect(networkPolicyProblems(policies[1] as never, "shop-prod", peers, [])).toHaveLength(2);
  });
});

describe("AppBackingServices (planned with mocks)", () => {
  let resources: PlanResource[];
  beforeAll(async () => {
    const plan = await planComponent((opts) => {
      const base = testOnboardingContext(opts);
      const release = (name: string) =>
        new k8s.helm.v3.Release(name, { chart: name, version: "1.0.0" }, { provider: opts.providers.kubernetes });
      const context = {
        ...base,
        environments: base.environments.map((e) => ({ ...e, cluster: "in-cluster" })),
        backingServices: {
          postgres: {
            operatorNamespace: "cnpg-system",
            crdRelease: release("cnpg-release"),
            pluginCrdRelease: release("barman-release"),
            image: "ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie",
            backup: { bucket: "pg-backups", endpointURL: "https://s3.example.test", egress: { cidrs: ["52.219.168.0/24"], port: 443 } },
            apiServer: { cidrs: ["10.43.0.1/32"], ports: [443] },
          },
          cache: { issuer: "platform-internal", certManagerRelease: release("cert-manager-release") },
        },
      };
      const spec = parse({ services: { postgres: { environments: ["prod"] }, cache: {} } });
      const names = namesOf(spec);
      const clusters = Object.fromEntries(
        spec.environments.map((env) => [env, { cluster: "in-cluster", provider: opts.providers.kubernetes, site: {} as never }]),
      );
      new AppBackingServices(
        "shop-services",
        {
          spec,
          names,
          context,
          namespaces: { dev: pulumi.output("shop-dev"), prod: pulumi.output("shop-prod") },
          clusters,
          secrets: release("secrets-stand-in"),
        },
        { providers: [opts.providers.kubernetes, opts.providers.random] },
      );
    });
    resources = plan.resources;
  });
  const named = (name: string) => resources.find((r) => r.name === name)!;

  test("the database runs only where listed, is protected in production and waits for the operator and the plugin", () => {
    expect(resources.filter((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster").map((r) => r.name)).toEqual([
      "shop-services-prod-db",
    ]);
    expect(named("shop-services-prod-db").protect).toBe(true);
    expect(named("shop-services-prod-db").inputs).toMatchObject({
      spec: { imageName: "harbor.platform.example.test/ghcr-proxy/cloudnative-pg/postgresql:18.4-system-trixie", instances: 3 },
    });
  });

  test("the cache password is generated and kept secret; the Helm values only name its Secret", () => {
    const users = named("shop-services-prod-cache-users");
    expect(JSON.stringify(users.inputs)).not.toMatch(/"default":"[A-Za-z0-9]{32}"/);
    const release = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "shop-services-prod-cache")!;
    expect(release.inputs).toMatchObject({ chart: "valkey", version: "0.11.0", namespace: "shop-prod" });
    expect(valkeyValuesProblems(release.inputs.values as Record<string, unknown>)).toEqual([]);
    expect(ofType({ resources } as never, "random:index/randomPassword:RandomPassword")).toHaveLength(2);
  });

  test("dependencies: ObjectStore after the plugin and the credentials; ScheduledBackup after the Cluster", () => {
    const plan = { resources } as never;
    const urn = (name: string) => named(name).urn;
    expect(
      dependsTransitively(plan, urn("shop-services-prod-db-object-store"), resources.find((r) => r.name === "barman-release")!.urn),
    ).toBe(true);
    expect(dependsTransitively(plan, urn("shop-services-prod-db-object-store"), urn("shop-services-prod-db-backup-credentials"))).toBe(
      true,
    );
    expect(dependsTransitively(plan, urn("shop-services-prod-db-scheduled-backup"), urn("shop-services-prod-db"))).toBe(true);
  });
});

describe("images at admission", () => {
  test("every image a backing service runs in an app namespace passes the registry rules; a look-alike does not", () => {
    const host = "harbor.example.test";
    const rules = celRules({ registryHost: host, requireDigest: false, requiredLabels: ["app.kubernetes.io/name"] });
    const spec = parse();
    const valkey = valkeyValues(
      spec.services.cache!,
      namesOf(spec),
      { registry: `${host}/dockerhub-proxy`, repository: "valkey/valkey", tag: "9.1.1" },
      true,
    ) as {
      image: { registry: string; repository: string; tag: string };
    };
    const images = [
      postgresCluster(spec.services.postgres!, PLATFORM, target(spec, "prod")).spec.imageName as string,
      `${valkey.image.registry}/${valkey.image.repository}:${valkey.image.tag}`,
      // What the operator and plugin values name (components/platform/cloudnative-pg/cloudnative-pg.ts), with their chart tags.
      `${host}/ghcr-proxy/cloudnative-pg/cloudnative-pg:1.30.0`,
      `${host}/ghcr-proxy/cloudnative-pg/plugin-barman-cloud-sidecar:v0.13.0`,
      `${host}/ghcr-proxy/cloudnative-pg/postgresql-evil:1`,
    ];
    const namespace = { metadata: { name: "shop-prod", labels: { "platform.delivery/app": "shop" } } };
    const pod = (image: string) => ({
      metadata: { labels: { "app.kubernetes.io/name": "x" } },
      spec: { containers: [{ name: "c", image }] },
    });
    const verdicts = evaluateCel(
      images.flatMap((image) =>
        (["images-from-platform-registry", "app-images-own-project"] as const).map((id) => ({
          rule: rules[id]!,
          object: pod(image),
          namespaceObject: namespace,
        })),
      ),
    );
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, true, true, true, true, true, true, false]);
    expect(isBackingServiceImage(images[0]!, host)).toBe(true);
  });
});
