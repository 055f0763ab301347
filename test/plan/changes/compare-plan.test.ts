// The comparison on a small plan, against both baseline formats: an earlier plan and a checkpoint
// built from it as the engine stores it (test/helpers/checkpoint-from-plan.ts).
import * as pulumi from "@pulumi/pulumi";
import { baselineOf, planBaseline } from "../../../plan/changes/read-baseline";
import { comparePlan } from "../../../plan/changes/compare-plan";
import { secretFingerprinter } from "../../../plan/changes/secret-fingerprints";
import { offlineMocks } from "../../../plan/mock-resources";
import type { PlanDocument, PlanResource } from "../../../plan/plan-document";
import { checkpointFromPlan } from "../../helpers/checkpoint-from-plan";
import { planResource } from "../../helpers/plan-resource";

// Test vector of pulumi/pulumi tests/roundtrip (as in passphrase-secrets.test.ts).
const PASSPHRASE = "TestConfigRoundtripComments";
const SALT = "v1:ThS5UPxP9qc=:v1:UZYAXF+ylaJ0rGhv:9OTvBnOEDFgxs7btjzSu+LZ470vLpg==";
const fingerprint = secretFingerprinter(PASSPHRASE, SALT);

const K8S = "urn:pulumi:test::delivery-platform::pulumi:providers:kubernetes::cluster";
const GITLAB = "urn:pulumi:test::delivery-platform::pulumi:providers:gitlab::gitlab";
const VAULT = "urn:pulumi:test::delivery-platform::pulumi:providers:vault::vault";

const mockId = (type: string, name: string) => (offlineMocks.newResource({ type, name, inputs: {}, custom: true }) as { id: string }).id;

function basePlan(options: { projectName?: string; secret?: string; withFingerprints?: boolean } = {}): PlanDocument {
  const projectName = options.projectName ?? "shop-repo";
  const project = planResource(
    "gitlab:index/project:Project",
    projectName,
    { name: "shop", path: "shop", namespaceId: 42 },
    { provider: `${GITLAB}::gitlab-id`, protect: true },
  );
  const fingerprints = options.withFingerprints ? { secretFingerprints: { dataJson: fingerprint(options.secret ?? "s3cret") } } : {};
  const resources: PlanResource[] = [
    planResource("pulumi:providers:kubernetes", "cluster", { context: "kind" }, { pluginVersion: "4.34.2" }),
    planResource("pulumi:providers:gitlab", "gitlab", { baseUrl: "https://gitlab.example/api/v4/" }, { pluginVersion: "10.1.1" }),
    planResource("pulumi:providers:vault", "vault", { address: "https://vault.example" }, { pluginVersion: "7.8.0" }),
    planResource(
      "kubernetes:core/v1:Namespace",
      "shop-ns",
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "shop-dev", labels: { team: "web" } } },
      { provider: `${K8S}::cluster-id`, protect: true },
    ),
    planResource(
      "kubernetes:apps/v1:Deployment",
      "shop-web",
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "shop", namespace: "shop-dev" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "shop" } },
          template: { spec: { containers: [{ name: "shop", image: "shop:1" }] } },
        },
      },
      { provider: `${K8S}::cluster-id` },
    ),
    project,
    planResource(
      "gitlab:index/branch:Branch",
      "shop-branch",
      { name: "env/dev", project: mockId(project.type, project.name), ref: "main" },
      { provider: `${GITLAB}::gitlab-id`, dependencies: [project.urn] },
    ),
    planResource(
      "vault:kv/secretV2:SecretV2",
      "shop-kv",
      { mount: "secret", name: "apps/web/shop/dev/config", dataJson: "[secret]" },
      { provider: `${VAULT}::vault-id`, secretPaths: ["dataJson"], ...fingerprints },
    ),
  ];
  return { project: "delivery-platform", stack: "test", resources, outputs: {}, outputSecretPaths: [], policies: { violations: [] } };
}

const checkpointOf = (plan: PlanDocument, secret = "s3cret") =>
  baselineOf(
    checkpointFromPlan(plan, { passphrase: PASSPHRASE, salt: SALT, values: { [`${byName(plan, "shop-kv").urn}|dataJson`]: secret } }),
    {
      passphrase: PASSPHRASE,
    },
  );

const byName = (plan: PlanDocument, name: string) => plan.resources.find((r) => r.name === name)!;
const edit = (plan: PlanDocument, name: string, change: (r: PlanResource) => void): PlanDocument => {
  const copy = structuredClone(plan);
  change(byName(copy, name));
  return copy;
};
const changeOf = (set: ReturnType<typeof comparePlan>, name: string) => set.resources.find((c) => c.urn.endsWith(`::${name}`));

const baselines = {
  plan: (plan: PlanDocument) => planBaseline(plan),
  checkpoint: (plan: PlanDocument) => checkpointOf(plan),
};

describe.each(Object.entries(baselines))("comparing with a %s baseline", (_format, baselineFrom) => {
  const before = basePlan({ withFingerprints: true });
  const baseline = baselineFrom(before);

  it("finds nothing to do when nothing changed", () => {
    const changes = comparePlan(before, baseline);
    expect(changes.summary).toMatchObject({ create: 0, update: 0, replace: 0, delete: 0, same: before.resources.length, blocked: 0 });
  });

  it("updates in place, naming the changed input paths", () => {
    const after = edit(before, "shop-web", (r) => ((r.inputs.spec as { replicas: number }).replicas = 3));
    const change = changeOf(comparePlan(after, baseline), "shop-web");
    expect(change).toMatchObject({ action: "update", changedPaths: ["spec.replicas"], replaceReasons: [] });
  });

  it("replaces on an immutable field, naming the property and its source", () => {
    const after = edit(before, "shop-web", (r) => ((r.inputs.spec as { selector: unknown }).selector = { matchLabels: { app: "web" } }));
    const change = changeOf(comparePlan(after, baseline), "shop-web");
    expect(change?.action).toBe("replace");
    expect(change?.replaceReasons).toEqual([
      { path: "spec.selector", source: expect.stringContaining("pulumi-kubernetes provider/pkg/provider/diff.go") as unknown },
    ]);
  });

  it("creates what is new and deletes what is gone", () => {
    const after = structuredClone(before);
    after.resources = after.resources.filter((r) => r.name !== "shop-web");
    after.resources.push(
      planResource("kubernetes:core/v1:ServiceAccount", "shop-sa", { metadata: { name: "shop" } }, { provider: `${K8S}::cluster-id` }),
    );
    const changes = comparePlan(after, baseline);
    expect(changeOf(changes, "shop-sa")?.action).toBe("create");
    expect(changeOf(changes, "shop-web")).toMatchObject({ action: "delete", protect: false });
    expect(changes.summary).toMatchObject({ create: 1, delete: 1, blocked: 0 });
  });

  it("takes a renamed resource over through its alias instead of deleting and creating it", () => {
    const old = byName(before, "shop-web");
    const after = edit(before, "shop-web", (r) => {
      r.name = "shop-frontend";
      r.urn = r.urn.replace(/shop-web$/, "shop-frontend");
      r.aliases = [old.urn];
    });
    const changes = comparePlan(after, baseline);
    expect(changes.summary).toMatchObject({ create: 0, delete: 0, update: 0, replace: 0 });
    // Without the alias the same rename is a delete and a create.
    const unaliased = edit(after, "shop-frontend", (r) => (r.aliases = []));
    expect(comparePlan(unaliased, baseline).summary).toMatchObject({ create: 1, delete: 1 });
  });

  it("reads a computed id from the baseline, so a dependency's rename changes nothing downstream", () => {
    const project = byName(before, "shop-repo");
    const renamed = basePlan({ projectName: "shop-repository", withFingerprints: true });
    const moved = byName(renamed, "shop-repository");
    moved.aliases = [project.urn];
    byName(renamed, "shop-branch").dependencies = [moved.urn];
    expect(byName(renamed, "shop-branch").inputs.project).not.toBe(byName(before, "shop-branch").inputs.project);
    expect(comparePlan(renamed, baseline).summary).toMatchObject({ update: 0, replace: 0, create: 0, delete: 0 });
  });

  it("replaces what depends on a replaced resource through a replace-on-change input", () => {
    const after = edit(before, "shop-repo", (r) => (r.inputs.templateName = "rails"));
    const changes = comparePlan(after, baseline);
    expect(changeOf(changes, "shop-repo")?.replaceReasons.map((r) => r.path)).toEqual(["templateName"]);
    expect(changeOf(changes, "shop-branch")).toMatchObject({ action: "replace", changedPaths: ["project"] });
  });

  it("puts protected replaces and deletes first, as blocking, each with its fix", () => {
    const renamedNamespace = edit(before, "shop-ns", (r) => ((r.inputs.metadata as { name: string }).name = "shop-prod"));
    const replaced = comparePlan(renamedNamespace, baseline);
    expect(replaced.blocked).toEqual([
      expect.objectContaining({
        action: "replace",
        urn: byName(before, "shop-ns").urn,
        reason: expect.stringContaining("metadata.name") as unknown,
      }),
    ]);
    expect(replaced.blocked[0]!.fix).toMatch(/protect: false in a separate change/);

    const removed = structuredClone(before);
    removed.resources = removed.resources.filter((r) => r.name !== "shop-ns");
    const deleted = comparePlan(removed, baseline);
    expect(deleted.blocked).toEqual([
      expect.objectContaining({ action: "delete", fix: expect.stringContaining("pulumi state unprotect") as unknown }),
    ]);
    expect(deleted.summary.blocked).toBe(1);
  });
});

describe("secrets", () => {
  it("shows a changed secret as a changed path when both sides were fingerprinted with the passphrase", () => {
    const before = basePlan({ withFingerprints: true, secret: "s3cret" });
    const after = basePlan({ withFingerprints: true, secret: "rotated" });
    for (const baseline of [planBaseline(before), checkpointOf(before, "s3cret")]) {
      expect(changeOf(comparePlan(before, baseline), "shop-kv")).toBeUndefined();
      expect(changeOf(comparePlan(after, baseline), "shop-kv")).toMatchObject({
        action: "update",
        changedPaths: ["dataJson"],
        secretsNotCompared: [],
      });
    }
  });

  it("says 'secret, not compared' without the passphrase, and never shows a value", () => {
    const plan = basePlan({ withFingerprints: false, secret: "rotated" });
    const checkpoint = checkpointFromPlan(plan, {
      passphrase: PASSPHRASE,
      salt: SALT,
      values: { [`${byName(plan, "shop-kv").urn}|dataJson`]: "s3cret" },
    });
    const changes = comparePlan(plan, baselineOf(checkpoint));
    expect(changes.baseline.secretsCompared).toBe(false);
    expect(changes.summary.secretsNotCompared).toBe(1);
    expect(JSON.stringify(changes)).not.toMatch(/s3cret|rotated/);
    expect(JSON.stringify(checkpoint)).not.toMatch(/s3cret/);
  });

  it("refuses a checkpoint whose secrets the passphrase does not open", () => {
    const checkpoint = checkpointFromPlan(basePlan(), { passphrase: PASSPHRASE, salt: SALT });
    expect(() => baselineOf(checkpoint, { passphrase: "wrong" })).toThrow(/do not open with PULUMI_CONFIG_PASSPHRASE/);
  });
});

describe("the checkpoint fixture", () => {
  it("is shaped like real state: provider UUIDs, real ids instead of the mock's, __defaults and encrypted secrets", () => {
    const plan = basePlan();
    const checkpoint = checkpointFromPlan(plan, { passphrase: PASSPHRASE, salt: SALT });
    const branch = checkpoint.deployment.resources.find((r) => r.urn === byName(plan, "shop-branch").urn)!;
    expect(branch.inputs.project).not.toBe(byName(plan, "shop-branch").inputs.project);
    expect(branch.inputs.__defaults).toEqual([]);
    expect(branch.provider).toMatch(/^urn:pulumi:test::delivery-platform::pulumi:providers:gitlab::gitlab::[0-9a-f]{8}-[0-9a-f]{4}-/);
    const kv = checkpoint.deployment.resources.find((r) => r.urn === byName(plan, "shop-kv").urn)!;
    expect(kv.inputs.dataJson).toEqual({
      [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig,
      ciphertext: expect.stringMatching(/^v1:/) as unknown,
    });
  });
});
