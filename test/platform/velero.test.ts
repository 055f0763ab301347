import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { allSecret } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import { SEAWEEDFS_CHART, VELERO_CHART } from "../../components/platform/velero/chart";
import { Velero } from "../../components/platform/velero/velero";
import { veleroSettings } from "../../components/platform/velero/settings";
import { backupSchedule, scheduleSpec } from "../../components/platform/velero/schedule";
import { platformSchedules } from "../../components/platform/velero/platform-schedules";
import { AWS_PLUGIN_VERSION } from "../../components/platform/velero/values";
import type { Profile } from "../../components/shared/profiles";
import { dependsTransitively, inputAt, one, ofType, planComponent, testContext } from "../helpers/plan-component";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SCHEDULE = "kubernetes:velero.io/v1:Schedule";
const SECRET = "kubernetes:core/v1:Secret";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

const PROD_STORAGE = {
  kind: "s3",
  bucket: "platform-backups",
  region: "eu-central-1",
  endpoint: "https://s3.example.test",
  s3ForcePathStyle: true,
  accessKeyId: "AKIAEXAMPLEKEY000001",
  secretAccessKey: "prod-secret-access-key-that-must-not-leak",
};

const ALL_PLATFORM = { vault: "vault", harbor: "harbor", argocd: "argocd", victoriaLogs: "logging" };

function planVelero(profile: Profile, rawSettings: Record<string, unknown>, platformNamespaces = ALL_PLATFORM): Promise<PlanDocument> {
  return planComponent(
    (opts) =>
      new Velero(
        "velero",
        { context: testContext(profile), settings: veleroSettings(allSecret).parse(rawSettings), platformNamespaces },
        opts,
      ),
  );
}

/** Whether the input at `path` is secret, itself or as part of a secret parent. */
const secretAt = (resource: PlanResource, path: string) => resource.secretPaths.some((p) => p === path || path.startsWith(`${p}.`));

const veleroRelease = (plan: PlanDocument) => one(plan, RELEASE, "velero-release");
const storeRelease = (plan: PlanDocument) => one(plan, RELEASE, "velero-store-release");

/** Every string anywhere in a value. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Every key path anywhere in a value. */
function keys(value: unknown, prefix = ""): string[] {
  if (!value || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, child]) => [`${prefix}${key}`, ...keys(child, `${prefix}${key}.`)]);
}

describe("Velero (dev: in-cluster store)", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planVelero("dev", {});
  });

  it("pins the exact Velero and SeaweedFS chart versions", () => {
    expect(veleroRelease(plan).inputs).toMatchObject({
      chart: "velero",
      version: "12.1.0",
      repositoryOpts: { repo: "https://vmware-tanzu.github.io/helm-charts" },
      name: "velero",
      atomic: true,
    });
    expect(storeRelease(plan).inputs).toMatchObject({
      chart: "seaweedfs",
      version: "4.44.0",
      repositoryOpts: { repo: "https://seaweedfs.github.io/seaweedfs/helm" },
    });
    expect([VELERO_CHART.version, SEAWEEDFS_CHART.version]).toEqual(["12.1.0", "4.44.0"]);
  });

  it("installs the AWS plugin at an exact tag, the node agent, metrics and kopia, without snapshot locations", () => {
    const release = veleroRelease(plan);
    expect(inputAt(release, "values.initContainers")).toEqual([
      {
        name: "velero-plugin-for-aws",
        image: `velero/velero-plugin-for-aws:${AWS_PLUGIN_VERSION}`,
        imagePullPolicy: "IfNotPresent",
        volumeMounts: [{ mountPath: "/target", name: "plugins" }],
      },
    ]);
    expect(AWS_PLUGIN_VERSION).toMatch(/^v1\.14\.\d+$/);
    expect(inputAt(release, "values.deployNodeAgent")).toBe(true);
    expect(inputAt(release, "values.metrics.enabled")).toBe(true);
    expect(inputAt(release, "values.metrics.serviceMonitor.enabled")).toBe(false);
    expect(inputAt(release, "values.configuration.uploaderType")).toBe("kopia");
    expect(inputAt(release, "values.snapshotsEnabled")).toBe(false);
    expect(inputAt(release, "values.configuration.volumeSnapshotLocation")).toEqual([]);
  });

  it("creates the velero namespace with privileged pod security for the node agent", () => {
    const ns = one(plan, "kubernetes:core/v1:Namespace", "velero-namespace");
    expect(ns.inputs).toMatchObject({ metadata: { name: "velero", labels: { "pod-security.kubernetes.io/enforce": "privileged" } } });
    expect(veleroRelease(plan).dependencies).toContain(ns.urn);
  });

  it("points the default backup storage location at the in-cluster store", () => {
    expect(inputAt(veleroRelease(plan), "values.configuration.backupStorageLocation")).toEqual([
      {
        name: "default",
        provider: "aws",
        bucket: "velero",
        default: true,
        accessMode: "ReadWrite",
        config: { region: "us-east-1", s3ForcePathStyle: "true", s3Url: "http://seaweedfs-all-in-one.velero.svc:8333" },
      },
    ]);
    const store = storeRelease(plan);
    expect(inputAt(store, "values.allInOne.s3.createBuckets")).toEqual([{ name: "velero", anonymousRead: false }]);
    expect(inputAt(store, "values.allInOne.s3")).toMatchObject({
      enabled: true,
      enableAuth: true,
      existingConfigSecret: "seaweedfs-s3-identities",
    });
    expect(inputAt(store, "values.allInOne.data")).toEqual({ type: "existingClaim", claimName: "seaweedfs-data" });
    for (const component of ["master", "volume", "filer"]) expect(inputAt(store, `values.${component}.enabled`)).toBe(false);
  });

  it("protects the store's data volume, which Pulumi owns", () => {
    const pvc = one(plan, PVC);
    expect(pvc.protect).toBe(true);
    expect(pvc.inputs).toMatchObject({
      metadata: { name: "seaweedfs-data", namespace: "velero" },
      spec: { resources: { requests: { storage: "10Gi" } } },
    });
    expect(storeRelease(plan).dependencies).toContain(pvc.urn);
  });

  it("keeps dev light: small requests, 72h retention, one store replica", () => {
    const release = veleroRelease(plan);
    expect(inputAt(release, "values.resources.requests")).toEqual({ cpu: "50m", memory: "128Mi" });
    expect(inputAt(release, "values.nodeAgent.resources.requests")).toEqual({ cpu: "50m", memory: "128Mi" });
    expect(inputAt(release, "values.configuration.defaultBackupTTL")).toBe("72h");
    expect(inputAt(storeRelease(plan), "values.allInOne.replicas")).toBe(1);
    for (const schedule of ofType(plan, SCHEDULE)) expect(inputAt(schedule, "spec.template.ttl")).toBe("72h");
  });

  it("keeps every credential in Secrets, marked secret, and out of Helm values", () => {
    const credentials = one(plan, SECRET, "velero-credentials");
    expect(credentials.inputs.metadata).toMatchObject({ name: "velero-credentials", namespace: "velero" });
    expect(secretAt(credentials, "stringData.cloud")).toBe(true);
    expect(secretAt(one(plan, SECRET, "velero-store-s3-identities"), "stringData.seaweedfs_s3_config")).toBe(true);

    expect(inputAt(veleroRelease(plan), "values.credentials")).toEqual({ useSecret: true, existingSecret: "velero-credentials" });
    for (const release of ofType(plan, RELEASE)) {
      expect(release.secretPaths).toEqual([]);
      expect(strings(release.inputs).filter((s) => s.includes("offline-") || /aws_secret_access_key|secretKey/.test(s))).toEqual([]);
      expect(keys(release.inputs.values).filter((k) => /secretContents|password|secretKey|accessKey/i.test(k))).toEqual([]);
    }
  });

  it("generates the store's keys and derives Velero's credentials from them", () => {
    const passwords = ofType(plan, "random:index/randomPassword:RandomPassword");
    expect(passwords.map((p) => p.name).sort()).toEqual([
      "velero-repository-password",
      "velero-store-access-key-id",
      "velero-store-secret-access-key",
    ]);
    const credentials = one(plan, SECRET, "velero-credentials");
    for (const password of passwords.filter((p) => p.name.startsWith("velero-store-")))
      expect(dependsTransitively(plan, credentials.urn, password.urn)).toBe(true);
  });

  it("encrypts file-system backups with a generated, protected repository key that exists before Velero starts", () => {
    const key = one(plan, "random:index/randomPassword:RandomPassword", "velero-repository-password");
    expect(key.protect).toBe(true);
    const secret = one(plan, SECRET, "velero-repository-credentials");
    expect(secret.inputs.metadata).toMatchObject({ name: "velero-repo-credentials", namespace: "velero" });
    expect(secretAt(secret, "stringData.repository-password")).toBe(true);
    expect(dependsTransitively(plan, secret.urn, key.urn)).toBe(true);
    expect(veleroRelease(plan).dependencies).toContain(secret.urn);
  });

  it("lets the store and Velero deploy in parallel", () => {
    expect(dependsTransitively(plan, veleroRelease(plan).urn, storeRelease(plan).urn)).toBe(false);
    expect(dependsTransitively(plan, storeRelease(plan).urn, veleroRelease(plan).urn)).toBe(false);
  });

  it("creates one Schedule per platform namespace, each after the release that installs its CRD", () => {
    const schedules = ofType(plan, SCHEDULE);
    expect(schedules.map((s) => inputAt(s, "metadata.name")).sort()).toEqual([
      "platform-argocd",
      "platform-harbor",
      "platform-vault",
      "platform-victoria-logs",
    ]);
    for (const schedule of schedules) {
      expect(dependsTransitively(plan, schedule.urn, veleroRelease(plan).urn)).toBe(true);
      expect(dependsTransitively(plan, schedule.urn, storeRelease(plan).urn)).toBe(false);
      expect(inputAt(schedule, "metadata.namespace")).toBe("velero");
      expect(inputAt(schedule, "spec.template.storageLocation")).toBe("default");
    }
    const byName = (n: string) => schedules.find((s) => inputAt(s, "metadata.name") === n)!;
    expect(inputAt(byName("platform-vault"), "spec.template")).toMatchObject({
      includedNamespaces: ["vault"],
      defaultVolumesToFsBackup: true,
    });
    expect(inputAt(byName("platform-harbor"), "spec.template")).toMatchObject({
      includedNamespaces: ["harbor"],
      defaultVolumesToFsBackup: true,
    });
    expect(inputAt(byName("platform-argocd"), "spec.template")).toMatchObject({
      includedNamespaces: ["argocd"],
      defaultVolumesToFsBackup: false,
    });
    // Logs (Vault's audit log among them) live on VictoriaLogs' volume.
    expect(inputAt(byName("platform-victoria-logs"), "spec.template")).toMatchObject({
      includedNamespaces: ["logging"],
      defaultVolumesToFsBackup: true,
    });
    expect(inputAt(byName("platform-victoria-logs"), "metadata.labels")).toMatchObject({ "platform.delivery/backup": "victoria-logs" });
  });

  it("validates every Kubernetes object; velero.io has no npm validator", () => {
    const verdicts = validateKubernetesObjects(plan);
    expect(verdicts.map((v) => v.kind).sort()).toEqual([
      "Namespace",
      "PersistentVolumeClaim",
      "Schedule",
      "Schedule",
      "Schedule",
      "Schedule",
      "Secret",
      "Secret",
      "Secret",
    ]);
    for (const verdict of verdicts) {
      if (verdict.apiVersion.startsWith("velero.io/")) expect(verdict.status).toBe("no-validator");
      else expect(verdict).toEqual(expect.objectContaining({ kind: verdict.kind, status: "valid" }));
    }
  });

  it("exposes no ingress (the store and Velero are cluster-internal)", () => {
    expect(plan.resources.filter((r) => r.type.includes("Ingress"))).toEqual([]);
    const ingressEnabled = (release: PlanResource) =>
      keys(release.inputs.values).filter((k) => /(^|\.)ingress\.enabled$/i.test(k) && inputAt(release, `values.${k}`) === true);
    for (const release of ofType(plan, RELEASE)) expect(ingressEnabled(release)).toEqual([]);
  });
});

describe("Velero (prod: external S3)", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planVelero("prod", { storage: PROD_STORAGE, values: { configuration: { logLevel: "debug" } } });
  });

  it("uses the configured bucket and creates no in-cluster store", () => {
    expect(inputAt(veleroRelease(plan), "values.configuration.backupStorageLocation")).toEqual([
      {
        name: "default",
        provider: "aws",
        bucket: "platform-backups",
        default: true,
        accessMode: "ReadWrite",
        // The default encryption: the bucket encrypts every object (sse-s3).
        config: { region: "eu-central-1", s3ForcePathStyle: "true", s3Url: "https://s3.example.test", serverSideEncryption: "AES256" },
      },
    ]);
    expect(ofType(plan, RELEASE)).toHaveLength(1);
    expect(ofType(plan, PVC)).toEqual([]);
  });

  it("sizes prod for real workloads and keeps backups 30 days", () => {
    const release = veleroRelease(plan);
    expect(inputAt(release, "values.resources.requests")).toEqual({ cpu: "500m", memory: "512Mi" });
    expect(inputAt(release, "values.nodeAgent.resources.requests")).toEqual({ cpu: "500m", memory: "512Mi" });
    expect(inputAt(release, "values.configuration.defaultBackupTTL")).toBe("720h");
    // One Velero server by design: a PDB with minAvailable 1 would block every node drain.
    expect(inputAt(release, "values.podDisruptionBudget.enabled")).toBe(false);
    const schedules = ofType(plan, SCHEDULE);
    for (const schedule of schedules) expect(inputAt(schedule, "spec.template.ttl")).toBe("720h");
    expect(
      inputAt(
        schedules.find((s) => inputAt(s, "metadata.name") === "platform-vault")!,
        "spec.schedule",
      ),
    ).toBe("0 */6 * * *");
  });

  it("merges operator overrides and keeps the configured keys secret", () => {
    const release = veleroRelease(plan);
    expect(inputAt(release, "values.configuration.logLevel")).toBe("debug");
    expect(release.secretPaths).toEqual([]);
    expect(strings(release.inputs).filter((s) => s.includes(PROD_STORAGE.secretAccessKey) || s.includes(PROD_STORAGE.accessKeyId))).toEqual(
      [],
    );
    expect(secretAt(one(plan, SECRET, "velero-credentials"), "stringData.cloud")).toBe(true);
  });

  it("backs up only the platform namespaces it is given", async () => {
    const partial = await planVelero("prod", { storage: PROD_STORAGE }, { vault: "vault" } as typeof ALL_PLATFORM);
    expect(ofType(partial, SCHEDULE).map((s) => inputAt(s, "spec.template.includedNamespaces"))).toEqual([["vault"]]);
  });
});

/** Field names of velero.io/v1 Schedule (chart 12.1.x crds/schedules.yaml); no npm model exists for velero.io. */
const SCHEDULE_SPEC_FIELDS = ["paused", "schedule", "skipImmediately", "template", "useOwnerReferencesInBackup"];
const BACKUP_SPEC_FIELDS = [
  "csiSnapshotTimeout",
  "datamover",
  "defaultVolumesToFsBackup",
  "defaultVolumesToRestic",
  "excludedClusterScopedResources",
  "excludedNamespaceScopedResources",
  "excludedNamespaces",
  "excludedResources",
  "hooks",
  "includeClusterResources",
  "includedClusterScopedResources",
  "includedNamespaceScopedResources",
  "includedNamespaces",
  "includedResources",
  "itemOperationTimeout",
  "labelSelector",
  "metadata",
  "orLabelSelectors",
  "orderedResources",
  "resourcePolicy",
  "snapshotMoveData",
  "snapshotVolumes",
  "storageLocation",
  "ttl",
  "uploaderConfig",
  "volumeGroupSnapshotLabelKey",
  "volumeSnapshotLocations",
];

describe("backupSchedule", () => {
  const args = { namespaces: ["payments-prod"], schedule: "15 3 * * *", ttl: "720h", includeVolumes: true, labels: { app: "payments" } };

  it("builds a spec with only Schedule CRD fields, required ones included", () => {
    const spec = scheduleSpec(args);
    expect(Object.keys(spec).every((k) => SCHEDULE_SPEC_FIELDS.includes(k))).toBe(true);
    expect(Object.keys(spec.template).every((k) => BACKUP_SPEC_FIELDS.includes(k))).toBe(true);
    expect(spec).toMatchObject({ schedule: "15 3 * * *", template: { ttl: "720h", includedNamespaces: ["payments-prod"] } });
    expect(spec.template.metadata).toEqual({ labels: { app: "payments" } });
  });

  it("plans a Schedule in the Velero namespace that waits for what opts say", async () => {
    const plan = await planComponent((opts) =>
      backupSchedule("payments-prod", args, { provider: opts.providers.kubernetes, dependsOn: [opts.providers.kubernetes] }),
    );
    const schedule = one(plan, SCHEDULE);
    expect(schedule.inputs).toMatchObject({
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: { name: "payments-prod", namespace: "velero" },
      spec: { schedule: "15 3 * * *", template: { defaultVolumesToFsBackup: true, snapshotVolumes: false, storageLocation: "default" } },
    });
    expect(schedule.dependencies.some((urn) => urn.includes("pulumi:providers:kubernetes"))).toBe(true);
  });

  it.each([
    [{ ttl: "30 days" }, /ttl: must be a Go duration/],
    [{ schedule: "every night" }, /schedule: must have 5 fields \(minute hour day-of-month month day-of-week\), got 2/],
    [{ schedule: "0 25 * * *" }, /schedule: hour '25': 25 is not within 0-23/],
    [{ namespaces: [] }, /namespaces: must list at least one namespace/],
    [{ namespaces: ["Payments"] }, /namespaces\[0\]: must be a DNS-1123 label/],
  ])("rejects %j before registering anything", async (bad, message) => {
    let error: unknown;
    const plan = await planComponent((opts) => {
      try {
        backupSchedule("payments-prod", { ...args, ...bad }, { provider: opts.providers.kubernetes });
      } catch (caught) {
        error = caught;
      }
    });
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as Error).message).toMatch(message);
    expect(ofType(plan, SCHEDULE)).toEqual([]);
  });
});

describe("platformSchedules", () => {
  it("applies operator overrides for cron and retention", () => {
    const schedules = platformSchedules("dev", { argocd: "argocd" }, { schedule: "@daily", ttl: "24h" });
    expect(schedules).toEqual([
      expect.objectContaining({
        scheduleName: "platform-argocd",
        schedule: "@daily",
        ttl: "24h",
        includeVolumes: false,
        namespaces: ["argocd"],
      }),
    ]);
  });
});

describe("services.velero settings", () => {
  const problems = (input: unknown): string[] => {
    const result = veleroSettings(allSecret).safeParse(input);
    return result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
  };

  it("defaults to the in-cluster store with a 10Gi volume", () => {
    expect(veleroSettings(allSecret).parse({})).toMatchObject({
      enabled: true,
      storage: { kind: "in-cluster", size: "10Gi" },
      backups: {},
    });
  });

  it.each([
    [{ backups: { schedule: "nightly" } }, "backups.schedule: must have 5 fields"],
    [{ backups: { schedule: "CRON_TZ=Europe/Berlin 0 2 * * 8" } }, "backups.schedule: day-of-week '8': 8 is not within 0-6"],
    [{ backups: { ttl: "1 month" } }, "backups.ttl: must be a Go duration"],
    [{ awsPluginVersion: "latest" }, "awsPluginVersion: must be an exact image tag"],
    [{ storage: { kind: "in-cluster", size: "lots" } }, "storage.size: must be a storage quantity"],
    [{ storage: { ...PROD_STORAGE, bucket: "Bad_Bucket" } }, "storage.bucket: must be a bucket name"],
    [{ storage: { ...PROD_STORAGE, prefix: "/abs" } }, "storage.prefix: must be an object key prefix"],
    [{ storage: { kind: "s3", region: "eu-central-1", accessKeyId: "a", secretAccessKey: "b" } }, "storage.bucket: required"],
    [{ storage: { kind: "in-cluster", bucket: "x" } }, "storage.bucket: unknown key"],
  ])("rejects %j naming the field", (input, expected) => {
    expect(problems(input).join("\n")).toContain(expected);
  });

  it("accepts cron descriptors and time zones", () => {
    for (const schedule of ["@daily", "@every 6h", "CRON_TZ=Europe/Berlin 0 3 * * 1-5", "*/15 * * * *"]) {
      expect(problems({ backups: { schedule } })).toEqual([]);
    }
  });
});

describe("Velero arguments", () => {
  it.each([
    [{ platformNamespaces: { vault: "Vault_NS" } }, /platformNamespaces\.vault: must be a DNS-1123 label/],
    [{ platformNamespaces: { gitlab: "gitlab" } }, /platformNamespaces\.gitlab: unknown key/],
    [
      { settings: { storage: { kind: "s3", bucket: "b", region: "r", accessKeyId: "plain", secretAccessKey: "plain" } } },
      /accessKeyId: must be a Pulumi secret Output/,
    ],
    [{ context: { ...testContext("dev"), profile: "qa" } }, /context: must be a PlatformContext/],
  ])("rejects %j before registering anything", async (bad, message) => {
    let error: unknown;
    const plan = await planComponent((opts) => {
      try {
        const base = { context: testContext("dev"), settings: veleroSettings(allSecret).parse({}), platformNamespaces: ALL_PLATFORM };
        new Velero("velero", { ...base, ...bad } as never, opts);
      } catch (caught) {
        error = caught;
      }
    });
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as Error).message).toMatch(message);
    expect(plan.resources.filter((r) => !r.type.startsWith("pulumi:providers:") && r.type !== "pulumi:pulumi:Stack")).toEqual([]);
  });
});
