// Backups that are no exfiltration path: every Schedule leaves out the Secrets External Secrets
// syncs (and the backup guardrail accepts exactly that filter), the bucket encrypts what it
// stores, and prod refuses an unencrypted bucket.
import { encryptionConfig } from "../../components/platform/velero/values";
import { ESO_MANAGED_LABEL, WITHOUT_SYNCED_SECRETS } from "../../components/platform/velero/schedule";
import { scheduleCoverage } from "../../policies/crossguard/backup-schedules";
import type { PlanDocument } from "../../plan/plan-document";
import { configSchema } from "../../stacks/config/schema";
import { examplePlan } from "../helpers/example-plans";
import { inputAt, ofType } from "../helpers/plan-component";

let prod: PlanDocument;
beforeAll(async () => {
  prod = await examplePlan("prod");
});

const schedule = (labelSelector: unknown) => ({
  spec: {
    schedule: "0 2 * * *",
    template: {
      includedNamespaces: ["shop-prod"],
      ttl: "720h",
      snapshotVolumes: false,
      defaultVolumesToFsBackup: true,
      ...(labelSelector === undefined ? {} : { labelSelector }),
    },
  },
});

describe("backups leave out the Secrets External Secrets syncs", () => {
  it("selects, in every Schedule of the prod plan (platform and apps), only objects without ESO's managed label", () => {
    const schedules = ofType(prod, "kubernetes:velero.io/v1:Schedule");
    expect(schedules.map((s) => s.name)).toEqual(expect.arrayContaining(["velero-vault", "ledger-backup"]));
    for (const s of schedules)
      expect(inputAt(s, "spec.template.labelSelector")).toEqual({
        matchExpressions: [{ key: "reconcile.external-secrets.io/managed", operator: "DoesNotExist" }],
      });
    expect(ESO_MANAGED_LABEL).toBe("reconcile.external-secrets.io/managed");
  });

  it("still counts such a Schedule as a whole backup, but no other label filter", () => {
    const gap = (selector: unknown) => scheduleCoverage(schedule(selector), "velero", "velero").gapFor("shop-prod");
    expect(gap(undefined)).toBeUndefined();
    expect(gap(WITHOUT_SYNCED_SECRETS)).toBeUndefined();
    const filtering = "backs up only objects matching its labelSelector";
    expect(gap({ matchLabels: { app: "shop" } })).toBe(filtering);
    expect(gap({ matchExpressions: [{ key: ESO_MANAGED_LABEL, operator: "Exists" }] })).toBe(filtering);
    expect(gap({ matchExpressions: [...WITHOUT_SYNCED_SECRETS.matchExpressions, { key: "tier", operator: "In", values: ["gold"] }] })).toBe(
      filtering,
    );
    expect(gap({ ...WITHOUT_SYNCED_SECRETS, matchLabels: { app: "shop" } })).toBe(filtering);
  });
});

describe("the backup bucket encrypts what it stores", () => {
  it("maps the encryption setting to velero-plugin-for-aws config keys", () => {
    expect(encryptionConfig({ kind: "sse-s3" })).toEqual({ serverSideEncryption: "AES256" });
    expect(encryptionConfig({ kind: "sse-kms", kmsKeyId: "alias/backups" })).toEqual({ kmsKeyId: "alias/backups" });
    expect(encryptionConfig({ kind: "none" })).toEqual({});
  });

  it("encrypts the prod bucket and keeps no credential in the chart values", () => {
    const release = prod.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.name === "velero-release")!;
    expect(inputAt(release, "values.configuration.backupStorageLocation.0.config.serverSideEncryption")).toBe("AES256");
    expect(JSON.stringify(inputAt(release, "values"))).not.toMatch(/aws_secret_access_key|secretAccessKey/);
  });

  it("refuses an unencrypted bucket in prod, naming the key", () => {
    const result = configSchema(new Set(["gitlab", "services"])).safeParse({
      environment: "prod",
      domain: "platform.example.test",
      cluster: { context: "kind-test" },
      gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
      services: {
        velero: {
          storage: { kind: "s3", bucket: "b", region: "r", accessKeyId: "A", secretAccessKey: "S", encryption: { kind: "none" } },
        },
      },
    });
    const issues = result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues).toContain(
      "services.velero.storage.encryption.kind: prod backups hold every namespace's objects: set 'sse-s3' or 'sse-kms' with a kmsKeyId",
    );
  });
});
