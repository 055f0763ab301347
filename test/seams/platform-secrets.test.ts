// Issue 13, finding 1: platform secrets (the repository's own CI passphrase and state credentials
// among them) were readable from any app namespace through the `vault` ClusterSecretStore.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { SERVICE_NAMESPACES } from "../../components/platform/service-catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { planResource } from "../helpers/plan-resource";
import { ciSecretReaders, describeReach, platformSecretReach, type ReachOptions } from "./platform-secret-reach";
import { admits, JWT_ROLE, KUBERNETES_ROLE } from "./vault-access";

const root = path.resolve(__dirname, "../..");
const ci = parse(readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8")) as {
  ".pulumi": { id_tokens: { VAULT_ID_TOKEN: { aud: string } }; secrets: Record<string, { vault: string }> };
};
/** What the repository's pipeline reads: `<path>/<field>@<mount>` is KV v2 secret `<mount>/data/<path>`. */
const CI_SECRET_PATHS = [
  ...new Set(
    Object.values(ci[".pulumi"].secrets).map(({ vault }) => {
      const [, secretPath, mount] = /^(.+)\/[^/@]+@(.+)$/.exec(vault)!;
      return `${mount}/data/${secretPath}`;
    }),
  ),
];
const AUD = ci[".pulumi"].id_tokens.VAULT_ID_TOKEN.aud;
const prodConfig = (parse(readFileSync(path.join(root, "stacks/Pulumi.prod.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
const PROJECT = String((prodConfig["delivery-platform:gitlab"] as { platformProjectId: number }).platformProjectId);

const token = (claims: Record<string, string>) => ({
  project_id: PROJECT,
  ref: "main",
  ref_type: "branch",
  ref_protected: "true",
  pipeline_source: "push",
  ...claims,
});
const UNTRUSTED: ReachOptions["untrustedTokens"] = [
  { name: "merge request pipeline", claims: token({ ref: "feature", ref_protected: "false", pipeline_source: "merge_request_event" }) },
  { name: "merge request from the default branch", claims: token({ pipeline_source: "merge_request_event" }) },
  { name: "fork merge request", claims: token({ project_id: "9999", pipeline_source: "merge_request_event", ref_protected: "false" }) },
  { name: "unprotected branch", claims: token({ ref: "feature", ref_protected: "false" }) },
  { name: "other protected branch", claims: token({ ref: "release-1" }) },
  { name: "protected tag", claims: token({ ref: "v1.0.0", ref_type: "tag" }) },
  { name: "unprotected default branch", claims: token({ ref_protected: "false" }) },
  { name: "another project's default branch", claims: token({ project_id: "17" }) },
].map((t) => ({ ...t, aud: AUD }));
const OPTIONS: ReachOptions = {
  platformNamespaces: Object.values(SERVICE_NAMESPACES),
  ciSecretPaths: CI_SECRET_PATHS,
  untrustedTokens: UNTRUSTED,
};

/** The prod plan as it was, cut down to the store, its Vault role and policy, and one app namespace. */
const PLAN_AS_IT_WAS: PlanDocument = {
  project: "delivery-platform",
  stack: "prod",
  outputs: {},
  outputSecretPaths: [],
  policies: { violations: [] },
  resources: [
    planResource("kubernetes:core/v1:Namespace", "payments-api-prod", { metadata: { name: "payments-api-prod" } }),
    planResource("kubernetes:core/v1:Namespace", "external-secrets-namespace", { metadata: { name: "external-secrets" } }),
    planResource("kubernetes:external-secrets.io/v1:ClusterSecretStore", "external-secrets-vault-store", {
      apiVersion: "external-secrets.io/v1",
      kind: "ClusterSecretStore",
      metadata: { name: "vault" },
      spec: {
        provider: {
          vault: {
            auth: {
              kubernetes: {
                mountPath: "kubernetes",
                role: "external-secrets",
                serviceAccountRef: { audiences: ["vault"], name: "external-secrets", namespace: "external-secrets" },
              },
            },
            path: "secret",
            server: "http://vault.vault.svc:8200",
            version: "v2",
          },
        },
      },
    }),
    planResource(KUBERNETES_ROLE, "vault-role-external-secrets", {
      audience: "vault",
      backend: "kubernetes",
      boundServiceAccountNames: ["external-secrets"],
      boundServiceAccountNamespaces: ["external-secrets"],
      roleName: "external-secrets",
      tokenPolicies: ["external-secrets"],
      tokenTtl: 3600,
    }),
    planResource("vault:index/policy:Policy", "vault-policy-external-secrets", {
      name: "external-secrets",
      policy:
        'path "secret/data/platform/*" {\n  capabilities = ["read"]\n}\n\npath "secret/metadata/platform/*" {\n  capabilities = ["read", "list"]\n}\n',
    }),
  ],
};

describe("platform secrets are out of reach of app namespaces and untrusted pipelines", () => {
  it("reads the CI secret paths from .gitlab-ci.yml", () => {
    expect(CI_SECRET_PATHS).toEqual(["secret/data/platform/ci/pulumi", "secret/data/platform/ci/state"]);
  });

  it("flags the plan as it was: every namespace reaches the Pulumi passphrase through the vault ClusterSecretStore", async () => {
    const via = "ClusterSecretStore vault → Vault kubernetes role external-secrets → policy external-secrets: secret/data/platform/*";
    expect((await platformSecretReach(PLAN_AS_IT_WAS, OPTIONS)).map(describeReach)).toEqual([
      `every namespace (payments-api-prod) → ${via} → secret/data/platform/`,
      `every namespace → ${via} → secret/data/platform/ci/pulumi`,
      `every namespace → ${via} → secret/data/platform/ci/state`,
      // The operator's own service account read them too, though nothing platform-side needs them.
      "service accounts in external-secrets → Vault kubernetes role external-secrets → policy external-secrets: secret/data/platform/* → secret/data/platform/ci/pulumi",
      "service accounts in external-secrets → Vault kubernetes role external-secrets → policy external-secrets: secret/data/platform/* → secret/data/platform/ci/state",
    ]);
  });

  it.each(["dev", "prod", "tenant-payments"])("finds no way in on the %s plan", async (stack) => {
    expect((await platformSecretReach(await examplePlan(stack), OPTIONS)).map(describeReach)).toEqual([]);
  });

  it("serves the ClusterSecretStore to platform service namespaces only, so app namespaces cannot use it", async () => {
    const plan = await examplePlan("prod");
    const store = plan.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ClusterSecretStore")!;
    const conditions = (store.inputs.spec as { conditions: { namespaces: string[] }[] }).conditions;
    expect(conditions).toHaveLength(1);
    expect(conditions[0]!.namespaces.slice().sort()).toEqual(Object.values(SERVICE_NAMESPACES).sort());
  });

  it("leaves the CI secrets to one reader in prod: the platform repository's protected default-branch pipeline", async () => {
    const readers = await ciSecretReaders(await examplePlan("prod"), CI_SECRET_PATHS);
    expect(readers.map((r) => [r.type, r.inputs.roleName])).toEqual([[JWT_ROLE, "ci.platform"]]);
    const [role] = readers;
    expect(admits(role!, AUD, token({}))).toBe(true);
    expect(admits(role!, AUD, token({ pipeline_source: "web" }))).toBe(true);
    // dev has no platform repository configured, so nobody reads its (absent) CI folder.
    expect(await ciSecretReaders(await examplePlan("dev"), CI_SECRET_PATHS)).toEqual([]);
  });

  it("would flag a role that admitted merge requests or a store open to every namespace on today's plan", async () => {
    const plan = structuredClone(await examplePlan("prod"));
    const role = plan.resources.find((r) => r.type === JWT_ROLE && r.inputs.roleName === "ci.platform")!;
    (role.inputs.boundClaims as Record<string, string>).pipeline_source = "push,web,merge_request_event";
    const store = plan.resources.find((r) => r.type === "kubernetes:external-secrets.io/v1:ClusterSecretStore")!;
    delete (store.inputs.spec as { conditions?: unknown }).conditions;
    const found = (await platformSecretReach(plan, OPTIONS)).map(describeReach);
    expect(found).toContain(
      "merge request from the default branch → Vault jwt role ci.platform → policy ci.platform: secret/data/platform/ci/* → secret/data/platform/ci/pulumi",
    );
    expect(found.filter((line) => line.startsWith("every namespace ("))).toHaveLength(1);
  });
});
