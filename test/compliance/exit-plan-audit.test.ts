// Exit plan and audit trail of the prod stack, derived from the plan.
import { auditTrails } from "../../compliance/audit-trail";
import { exitPlan } from "../../compliance/exit-plan";
import { releasesOf } from "../../compliance/plan-queries";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";

let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  prod = await examplePlan("prod");
  dev = await examplePlan("dev");
});

describe("exit plan", () => {
  it("lists every external dependency kind the prod stack has", () => {
    const exit = exitPlan(prod);
    const names = (category: string) => exit.dependencies.filter((d) => d.category === category).map((d) => `${d.name} @ ${d.location}`);
    const releases = prod.resources.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
    expect(names("Helm chart")).toHaveLength(releases.length);
    expect(names("Upstream registry").sort()).toEqual([
      "docker.io @ https://hub.docker.com",
      "ghcr.io @ https://ghcr.io",
      "quay.io @ https://quay.io",
    ]);
    expect(names("Object store")).toEqual(
      expect.arrayContaining([expect.stringContaining("delivery-platform-backups"), expect.stringContaining("delivery-platform-registry")]),
    );
    expect(names("Database")).toEqual(expect.arrayContaining([expect.stringContaining("harbor-db.postgres.example.com")]));
    expect(names("Git hosting")).toEqual(["GitLab @ https://gitlab.example.com/api/v4/"]);
    expect(names("Identity provider")).toEqual([
      expect.stringContaining("https://gitlab.example.com"),
      "Vault OIDC auth 'oidc' (people, single sign-on) @ https://sso.platform.example.com/realms/platform",
    ]);
    expect(names("Key management")).toEqual([expect.stringContaining("awskms")]);
    expect(names("Pulumi provider")).toEqual(
      expect.arrayContaining([expect.stringMatching(/^harbor 3\.10\.21 @ github:\/\/api\.github\.com\/pulumiverse\/pulumi-harbor/)]),
    );
    expect(names("Container image")).toEqual([
      // Vault's certificate reloader sidecar: the server image, pinned by digest.
      expect.stringMatching(
        /^hashicorp\/vault:\d+\.\d+\.\d+@sha256:[0-9a-f]{64} @ vault-release values server\.extraContainers\[0\]\.image$/,
      ),
      expect.stringMatching(/^velero\/velero-plugin-for-aws:v\d+\.\d+\.\d+ @ velero-release/),
    ]);
  });

  it("says where data lives, from the plan, with an export procedure per service", () => {
    const exit = exitPlan(prod);
    const described = exit.dataLocations.map((d) => `${d.service}/${d.kind}: ${d.description}`);
    expect(described).toEqual(
      expect.arrayContaining([
        "vault/volume: vault volume server.dataStorage.size = 10Gi (namespace vault)",
        expect.stringMatching(/^vault\/vault-kv: Vault kv mount 'secret' \(\d+ secrets/),
        expect.stringMatching(/^vault\/vault-transit: transit key ledger \(exportable: false\)/),
        expect.stringMatching(/^git\/git: GitLab project ledger /),
        "registry/bucket: Harbor image blobs in s3 bucket delivery-platform-registry",
        "backups/bucket: Velero backups in bucket delivery-platform-backups",
        expect.stringMatching(/^logs\/volume: victoria-logs-single volume server.persistentVolume.size = 50Gi/),
      ]),
    );
    // External database and S3 storage: Harbor's registry/database volumes are not created, so not listed.
    expect(described.join("\n")).not.toMatch(/persistentVolumeClaim\.(registry|database)/);
    const services = new Set(exit.procedures.map((p) => p.service));
    for (const location of exit.dataLocations) expect(services).toContain(location.service);
    expect(exit.procedures.find((p) => p.service === "vault")?.steps.join(" ")).toContain("vault operator raft snapshot save");
    expect(exit.procedures.find((p) => p.service === "backups")?.steps.join(" ")).toContain("velero restore create --from-backup");
    expect(exit.procedures.find((p) => p.service === "git")?.steps.join(" ")).toContain("git clone --mirror");
  });

  it("shows dev's Vault keeping secrets in memory and its backups inside the cluster", () => {
    const exit = exitPlan(dev);
    expect(exit.dataLocations.filter((d) => d.kind === "in-memory").map((d) => d.service)).toEqual(["vault"]);
    expect(exit.dependencies.find((d) => d.category === "Object store")?.location).toContain("seaweedfs-all-in-one.velero.svc");
  });
});

describe("audit trail", () => {
  it("derives where each trail lives and how long it is kept", () => {
    const trails = Object.fromEntries(auditTrails(prod).map((t) => [t.id, t]));
    const logs = releasesOf(prod, "victoria-logs-single")[0]!;
    const retention = (logs.inputs.values as { server: { retentionPeriod: string } }).server.retentionPeriod;
    expect(trails["vault-audit"]).toMatchObject({ state: "configured", retention });
    expect(trails["vault-audit"]!.where).toContain("VictoriaLogs in namespace 'logging'");
    // VictoriaLogs is in a Velero schedule, so the audit log outlives a lost volume.
    expect(trails["vault-audit"]!.gaps).toEqual([]);
    expect(trails["harbor-audit"]!.gaps).toContain(
      "audit log forwarding is not configured (harbor:index/configSystem auditLogForwardEndpoint)",
    );
    expect(trails["harbor-audit"]!.retention).toBe("8760 h (365 days); older entries are purged on schedule '0 0 4 * * *'");
    expect(trails["harbor-audit"]!.gaps).not.toContain("no audit log purge/retention schedule is configured in Harbor");
    const noPurge: PlanDocument = {
      ...prod,
      resources: prod.resources.filter((r) => r.type !== "harbor:index/purgeAuditLog:PurgeAuditLog"),
    };
    expect(auditTrails(noPurge).find((t) => t.id === "harbor-audit")?.gaps).toContain(
      "no audit log purge/retention schedule is configured in Harbor",
    );
    expect(trails["argocd-history"]!.retention).toContain("10 revisions (CRD default");
    expect(trails["kubernetes-audit"]!.state).toBe("not configured");
  });

  it("reports the Vault trail as not configured without an audit device, and the retention the values set", () => {
    const noAudit: PlanDocument = { ...prod, resources: prod.resources.filter((r) => r.type !== "vault:index/audit:Audit") };
    expect(auditTrails(noAudit).find((t) => t.id === "vault-audit")).toMatchObject({ state: "not configured", evidence: [] });

    const shorter: PlanDocument = structuredClone(prod);
    const server = releasesOf(shorter, "victoria-logs-single")[0]!;
    (server.inputs.values as { server: { retentionPeriod: string } }).server.retentionPeriod = "14d";
    expect(auditTrails(shorter).find((t) => t.id === "vault-audit")?.retention).toBe("14d");
  });
});
