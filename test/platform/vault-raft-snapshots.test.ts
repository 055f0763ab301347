// Raft snapshots in the prod plan: a CronJob with its own least-privilege Vault identity, upload
// credentials from Vault through External Secrets, retention below its prefix; none in dev.
import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { configSchema } from "../../stacks/config/schema";
import { SNAPSHOT_UPLOAD_SECRET, snapshotScript, uploadScript } from "../../components/platform/vault/raft-snapshot-job";
import { examplePlan } from "../helpers/example-plans";
import { dependsTransitively, inputAt, ofType, one } from "../helpers/plan-component";

const CRONJOB = "kubernetes:batch/v1:CronJob";
/** The prod plan also has the restore drills' CronJobs (test/platform/restore-drills.test.ts). */
const SNAPSHOT_JOB = "vault-snapshots-cronjob";

interface Container {
  name: string;
  image: string;
  command: string[];
  env: { name: string; value?: string; valueFrom?: unknown }[];
}
interface PodSpec {
  serviceAccountName: string;
  automountServiceAccountToken: boolean;
  imagePullSecrets: { name: string }[];
  initContainers: Container[];
  containers: Container[];
  volumes: { name: string; projected?: { sources: unknown[] }; secret?: unknown }[];
}
const podOf = (plan: PlanDocument): PodSpec => inputAt(one(plan, CRONJOB, SNAPSHOT_JOB), "spec.jobTemplate.spec.template.spec") as PodSpec;
const volume = (pod: PodSpec, name: string) => pod.volumes.find((v) => v.name === name)!;
let prod: PlanDocument;
let dev: PlanDocument;

beforeAll(async () => {
  [prod, dev] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
});

const named = (plan: PlanDocument, name: string): PlanResource => {
  const found = plan.resources.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0]!;
};

describe("Vault raft snapshots", () => {
  it("runs a snapshot CronJob in prod on the configured schedule, one at a time, and none in dev (dev mode keeps no data)", () => {
    const job = one(prod, CRONJOB, SNAPSHOT_JOB);
    expect(inputAt(job, "spec.schedule")).toBe("0 */6 * * *");
    expect(inputAt(job, "spec.concurrencyPolicy")).toBe("Forbid");
    expect(inputAt(job, "metadata.namespace")).toBe("vault");
    expect(ofType(dev, CRONJOB)).toEqual([]);
  });

  it("logs in with its own role, whose policy reads the raft snapshot path and nothing else", async () => {
    const policy = named(prod, "vault-snapshots-policy");
    expect(await parseHcl("p.hcl", policy.inputs.policy as string)).toEqual({
      path: { "sys/storage/raft/snapshot": [{ capabilities: ["read"] }] },
    });
    const role = named(prod, "vault-snapshots-role");
    expect(role.inputs).toMatchObject({
      roleName: "raft-snapshot",
      boundServiceAccountNames: ["vault-raft-snapshot"],
      boundServiceAccountNamespaces: ["vault"],
      audience: "vault",
      tokenPolicies: ["raft-snapshot"],
    });
    const pod = podOf(prod);
    expect(pod.serviceAccountName).toBe("vault-raft-snapshot");
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(volume(pod, "vault-token").projected?.sources).toEqual([
      { serviceAccountToken: { audience: "vault", expirationSeconds: 600, path: "token" } },
    ]);
    const snapshot = pod.initContainers[0]!;
    expect(snapshot.command[2]).toBe(snapshotScript("kubernetes"));
    expect(snapshot.command[2]).toContain("auth/kubernetes/login role=raft-snapshot");
    expect(snapshot.command[2]).toContain("vault token revoke -self");
    // https to the leader, verified against the CA of Vault's serving Secret (ca.crt only, not the key).
    expect(snapshot.env).toEqual(expect.arrayContaining([{ name: "VAULT_ADDR", value: "https://vault-active.vault.svc:8200" }]));
    expect(volume(pod, "vault-ca").secret).toEqual({
      secretName: "vault-server-tls",
      items: [{ key: "ca.crt", path: "ca.crt" }],
    });
  });

  it("uploads to Velero's bucket under its own prefix and deletes only its own snapshots past the retention", () => {
    const upload = podOf(prod).containers[0]!;
    const target = { bucket: "delivery-platform-backups", region: "eu-central-1", forcePathStyle: false, prefix: "vault-snapshots" };
    expect(upload.command[2]).toBe(uploadScript(target, 30));
    expect(upload.command[2]).toContain(
      "rclone delete backup:delivery-platform-backups/vault-snapshots --min-age 30d --include 'vault-raft-*.snap'",
    );
    // Credentials only by reference, from the Secret External Secrets fills.
    const credentials = upload.env.filter((e) => /KEY(_ID)?$/.test(e.name));
    expect(credentials.map((e) => e.name)).toEqual(["RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID", "RCLONE_CONFIG_BACKUP_SECRET_ACCESS_KEY"]);
    for (const env of credentials) {
      expect(env.value).toBeUndefined();
      expect(env.valueFrom).toEqual({ secretKeyRef: { name: SNAPSHOT_UPLOAD_SECRET, key: expect.any(String) as unknown } });
    }
    expect(upload.env.filter((e) => e.valueFrom).map((e) => e.name)).toEqual(credentials.map((e) => e.name));
    const external = named(prod, "vault-snapshots-upload-secret");
    expect(inputAt(external, "spec.secretStoreRef")).toEqual({ kind: "ClusterSecretStore", name: "vault" });
    expect(inputAt(external, "spec.dataFrom")).toEqual([{ extract: { key: "platform/services/vault-raft-snapshot" } }]);
    const kv = named(prod, "vault-snapshots-upload-credentials");
    expect(kv.secretPaths).toContain("dataJson");
    expect(kv.protect).toBe(true);
    // A real key id or secret, not the patterns the secret guardrails carry.
    expect(JSON.stringify(prod.resources.map((r) => r.inputs))).not.toMatch(/AKIA[0-9A-Z]{16}|aws_secret_access_key=[A-Za-z0-9/+]{20,}/);
  });

  it("pulls pinned images through Harbor's proxy cache with a rotating pull robot, after its Secret exists", () => {
    const job = one(prod, CRONJOB, SNAPSHOT_JOB);
    const pod = podOf(prod);
    for (const container of [...pod.initContainers, ...pod.containers])
      expect(container.image).toMatch(/^harbor\.platform\.example\.com\/dockerhub-proxy\/[a-z/]+:[0-9.]+@sha256:[0-9a-f]{64}$/);
    expect(pod.imagePullSecrets).toEqual([{ name: "vault-raft-snapshot-registry" }]);
    expect(dependsTransitively(prod, job.urn, named(prod, "vault-snapshots-pull-secret").urn)).toBe(true);
    const robot = prod.resources.find(
      (r) => r.type === "harbor:index/robotAccount:RobotAccount" && r.name === "vault-snapshots-pull-robot",
    )!;
    expect(robot).toMatchObject({ retainOnDelete: true, inputs: { duration: 90, level: "project" } });
    expect(robot.inputs.permissions).toEqual([
      { kind: "project", namespace: "dockerhub-proxy", accesses: [{ resource: "repository", action: "pull", effect: "allow" }] },
    ]);
  });

  describe("stack config", () => {
    const prodProblems = (vault: Record<string, unknown>, velero?: Record<string, unknown>) => {
      const result = configSchema(new Set(["gitlab", "services"])).safeParse({
        environment: "prod",
        domain: "platform.example.test",
        cluster: { context: "kind-test" },
        gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
        services: {
          vault: {
            autoUnseal: {
              kind: "gcpckms",
              project: "p",
              region: "global",
              keyRing: "r",
              cryptoKey: "k",
              identity: { serviceAccount: "vault-unseal@my-project.iam.gserviceaccount.com" },
            },
            ...vault,
          },
          ...(velero ? { velero } : {}),
        },
      });
      return result.success
        ? []
        : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).filter((p) => p.startsWith("services.vault"));
    };

    it("keeps snapshots on in prod", () => {
      expect(prodProblems({ snapshots: { enabled: false } })).toEqual([
        "services.vault.snapshots.enabled: must stay enabled in prod: a file copy of a live raft database is no backup (docs/services/vault.md)",
      ]);
    });

    it("refuses Velero's bucket when Velero keeps its backups in the cluster", () => {
      expect(prodProblems({}, { storage: { kind: "in-cluster" } })).toEqual([
        "services.vault.snapshots.storage.kind: 'velero' needs Velero with external storage (services.velero.storage.kind: s3); or set kind 's3' with a bucket of its own",
        "services.vault.snapshots.storage.accessKeyId: needs credentials of its own (accessKeyId and secretAccessKey, allowed below the prefix only): Velero's reach every backup in the bucket",
      ]);
    });

    it("wants the uploader's own credentials in Velero's bucket outside dev (credentials per purpose)", () => {
      const velero = {
        storage: { kind: "s3", bucket: "backups", region: "eu-central-1", accessKeyId: "VELERO", secretAccessKey: "velero-secret" },
      };
      expect(prodProblems({ snapshots: { storage: { kind: "velero" } } }, velero)).toEqual([
        "services.vault.snapshots.storage.accessKeyId: needs credentials of its own (accessKeyId and secretAccessKey, allowed below the prefix only): Velero's reach every backup in the bucket",
      ]);
      expect(
        prodProblems({ snapshots: { storage: { kind: "velero", accessKeyId: "SNAPSHOTS", secretAccessKey: "snapshot-secret" } } }, velero),
      ).toEqual([]);
    });
  });
});
