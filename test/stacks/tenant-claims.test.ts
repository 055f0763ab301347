// The claim model (docs/access.md, "Tenant stack credentials"): a tenant stack publishes its app
// specs as `claims`, the platform stack reads them through StackReferences, refuses a claim for
// another owner's app (exit 2, nothing planned) and creates the accepted apps' foundations with
// the tenant's scoped grants; the tenant creates the rest with those grants only.
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { OFFLINE_ORGANIZATION, runOfflinePlan } from "../../plan/run-offline-plan";
import { TENANT_NAMESPACE_RULES } from "../../components/onboarding/tenant-access";
import { examplePlan } from "../helpers/example-plans";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

const TENANT_PAYMENTS_APPS = ["fraud-scoring", "invoicing"];
const reference = (stack: string) => `${OFFLINE_ORGANIZATION}/delivery-platform/${stack}`;

/** Stack file values as the language host hands them over. */
const asStackConfig = (config: Record<string, unknown>) => ({
  config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
  secretKeys: [] as string[],
});

const claim = (apps: Record<string, unknown>[], gitlabParentGroup = "apps/tenant") => ({ claims: { gitlabParentGroup, apps } });

async function planPlatform(claims: Record<string, Record<string, unknown>>, config: Record<string, unknown> = devConfig()) {
  return runOfflinePlan({ stack: "plat", stackConfig: asStackConfig(config), stackReferences: claims });
}

const ofType = (plan: PlanDocument, type: string) => plan.resources.filter((r) => r.type === type);
/** The resources of an app's AppOnboarding (every child is named `<app>-...`). */
const underApp = (plan: PlanDocument, app: string) => plan.resources.filter((r) => r.name.startsWith(`${app}-`));

describe("a platform stack reading its tenants' claims", () => {
  it.each([
    ["the platform stack's own app", "beta", "owned by the platform stack 'plat'"],
    ["another tenant's app", "refunds", "owned by tenant stack 'tenant-b'"],
    ["an app nobody registered", "basket", "not registered to 'tenant' (tenants[0].apps)"],
  ])("refuses a claim for %s: exit 2 naming the app and its owner, nothing planned", async (_what, app, owner) => {
    const config = {
      ...devConfig(),
      "delivery-platform:tenants": [
        { stack: "tenant", apps: ["orders"] },
        { stack: "tenant-b", apps: ["refunds"] },
      ],
    };
    const outcome = await planPlatform(
      {
        [reference("tenant")]: claim([
          { name: "orders", team: "shop", environments: ["dev"] },
          { name: app, team: "shop", environments: ["dev"] },
        ]),
      },
      config,
    );
    expect(outcome.kind).toBe("invalid-config");
    if (outcome.kind !== "invalid-config") return;
    expect(outcome.problems).toEqual([
      `tenants[0].claims.apps[1].name (stack 'tenant'): claims app '${app}', which is ${owner}; nothing is planned until the claim is withdrawn`,
    ]);
    // Only the root stack and the claim reads: not one platform or app resource.
    expect(new Set(outcome.capture.registrations.map((r) => r.type))).toEqual(
      new Set(["pulumi:pulumi:Stack", "pulumi:pulumi:StackReference"]),
    );
  });

  it("refuses a claim that is not a valid app spec, naming the tenant and the key", async () => {
    const outcome = await planPlatform({ [reference("tenant")]: claim([{ name: "orders", team: "shop", environments: ["prod"] }]) });
    expect(outcome.kind).toBe("invalid-config");
    if (outcome.kind === "invalid-config")
      expect(outcome.problems).toEqual([
        "tenants[0].claims.apps[0].environments[0] (stack 'tenant'): app 'orders': unknown environment 'prod'; declared environments: dev, staging",
      ]);
  });

  it("waits for a registered tenant without claims, and says so in its outputs", async () => {
    const outcome = await planPlatform({});
    if (outcome.kind !== "planned") throw new Error(outcome.problems.join("\n"));
    expect(outcome.plan.outputs.tenantClaims).toEqual({
      tenant: {
        foundations: [],
        waitingFor: [expect.stringContaining(`stack '${reference("tenant")}' exports no 'claims': run its 'pulumi up' first`)],
      },
    });
    expect(ofType(outcome.plan, "delivery-platform:onboarding:TenantStackAccess")).toEqual([]);
  });

  describe("an accepted claim", () => {
    let plan: PlanDocument;
    beforeAll(async () => {
      const outcome = await planPlatform({
        [reference("tenant")]: claim([{ name: "orders", team: "shop", environments: ["dev", "staging"] }]),
      });
      if (outcome.kind !== "planned") throw new Error(outcome.problems.join("\n"));
      plan = outcome.plan;
    });

    it("creates the app's foundations in the platform plan, and nothing of the tenant's half", () => {
      const types = new Set(underApp(plan, "orders").map((r) => r.type));
      for (const type of [
        "harbor:index/project:Project",
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:ResourceQuota",
        "vault:index/policy:Policy",
        "vault:jwt/authBackendRole:AuthBackendRole",
        "vault:kubernetes/authBackendRole:AuthBackendRole",
        "kubernetes:argoproj.io/v1alpha1:AppProject",
        "kubernetes:argoproj.io/v1alpha1:Application",
      ])
        expect(types).toContain(type);
      for (const type of [
        "gitlab:index/project:Project",
        "kubernetes:external-secrets.io/v1:SecretStore",
        "kubernetes:external-secrets.io/v1:ExternalSecret",
      ])
        expect(types).not.toContain(type);
      expect(plan.outputs.tenantClaims).toEqual({ tenant: { foundations: ["orders"], waitingFor: [] } });
    });

    it("binds its CI roles to the project path in the tenant's group (the ID is not known yet), on protected refs", () => {
      const roles = underApp(plan, "orders").filter((r) => r.type === "vault:jwt/authBackendRole:AuthBackendRole");
      expect(roles.map((r) => r.inputs.boundClaims)).toEqual(
        expect.arrayContaining([
          { project_path: "apps/tenant/shop/orders", ref_protected: "true" },
          { project_path: "apps/tenant/shop/orders", ref_protected: "true", ref_type: "branch", ref: "main" },
        ]),
      );
      for (const role of roles) expect(role.inputs.boundClaims).not.toHaveProperty("project_id");
    });

    it("grants the tenant stack a Role on External Secrets objects in exactly its app's namespaces", () => {
      const bindings = ofType(plan, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding").filter(
        (b) => (b.inputs.metadata as { name?: string }).name === "tenant-stack-tenant",
      );
      expect(bindings.map((b) => (b.inputs.metadata as { namespace: string }).namespace).sort()).toEqual(["orders-dev", "orders-staging"]);
      for (const binding of bindings) {
        expect(binding.inputs.roleRef).toMatchObject({ kind: "Role", name: "tenant-stack-tenant" });
        expect(binding.inputs.subjects).toEqual([{ kind: "ServiceAccount", name: "tenant", namespace: "tenant-stacks" }]);
      }
      const roles = ofType(plan, "kubernetes:rbac.authorization.k8s.io/v1:Role").filter(
        (r) => (r.inputs.metadata as { name?: string }).name === "tenant-stack-tenant",
      );
      expect(roles).toHaveLength(2);
      for (const role of roles) expect(role.inputs.rules).toEqual(TENANT_NAMESPACE_RULES);
      // Its token is a Secret in the platform's tenant-stacks namespace, never an output.
      const token = ofType(plan, "kubernetes:core/v1:Secret").find((s) => (s.inputs.metadata as { name?: string }).name === "tenant-token");
      expect(token?.inputs).toMatchObject({ type: "kubernetes.io/service-account-token" });
    });

    it("gives the tenant's Vault token role one policy: the app's GitOps writer token, nothing else", () => {
      const policy = ofType(plan, "vault:index/policy:Policy").find((p) => p.inputs.name === "tenant-stack-tenant") as PlanResource;
      const paths = [...(policy.inputs.policy as string).matchAll(/path "([^"]+)"/g)].map((m) => m[1]);
      expect(paths).toEqual(["secret/data/apps/shop/orders/ci/gitops", "secret/metadata/apps/shop/orders/ci/gitops"]);
      const role = ofType(plan, "vault:tokenauth/authBackendRole:AuthBackendRole")[0]!;
      expect(role.inputs).toMatchObject({
        roleName: "tenant-stack-tenant",
        allowedPolicies: ["tenant-stack-tenant"],
        disallowedPolicies: ["root"],
      });
    });

    it("passes the guardrails", async () => {
      const violations = await evaluatePlanPolicies(plan);
      expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    });
  });
});

describe("the example stacks: prod creates tenant-payments' foundations, the tenant the rest", () => {
  let prod: PlanDocument;
  let tenant: PlanDocument;
  beforeAll(async () => {
    [prod, tenant] = await Promise.all([examplePlan("prod"), examplePlan("tenant-payments")]);
  });

  it("prod accepts the registered apps' claims and says what it created", () => {
    expect(prod.outputs.tenantClaims).toEqual({ "tenant-payments": { foundations: ["invoicing", "fraud-scoring"], waitingFor: [] } });
    const onboarding = prod.outputs.onboarding as { tenantStacks: { stack: string; apps: string[] }[] };
    expect(onboarding.tenantStacks.map((t) => [t.stack, [...t.apps].sort()])).toEqual([["tenant-payments", TENANT_PAYMENTS_APPS]]);
    for (const app of TENANT_PAYMENTS_APPS) expect(ofType(prod, "harbor:index/project:Project").map((p) => p.inputs.name)).toContain(app);
  });

  it("the tenant plan holds no namespace, Vault policy or role, Harbor or Argo CD object", () => {
    const types = new Set(tenant.resources.map((r) => r.type));
    for (const prefix of [
      "harbor:",
      "pulumi:providers:harbor",
      "kubernetes:core/v1:Namespace",
      "vault:index/policy",
      "vault:jwt/",
      "kubernetes:argoproj.io",
    ])
      expect([...types].filter((t) => t.startsWith(prefix))).toEqual([]);
    expect(types).toContain("gitlab:index/project:Project");
    expect(types).toContain("kubernetes:external-secrets.io/v1:SecretStore");
    expect(tenant.outputs).not.toHaveProperty("waitingFor");
  });

  it("exports its claims and the credentials the platform's grants give it", () => {
    const claims = tenant.outputs.claims as { gitlabParentGroup: string; apps: { name: string }[] };
    expect(claims.gitlabParentGroup).toBe("delivery/apps/payments");
    expect(claims.apps.map((a) => a.name).sort()).toEqual(TENANT_PAYMENTS_APPS);
    const credentials = tenant.outputs.credentials as {
      vault: { policies: string[] };
      kubernetes: { namespaces: string[] };
      gitlab: unknown;
    };
    const platformPolicy = ofType(prod, "vault:index/policy:Policy").find((p) => p.inputs.name === "tenant-stack-tenant-payments")!;
    // The policy the tenant declares is the one the platform creates.
    expect(credentials.vault.policies).toEqual([platformPolicy.inputs.policy]);
    const bound = ofType(prod, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")
      .filter((b) => (b.inputs.metadata as { name?: string }).name === "tenant-stack-tenant-payments")
      .map((b) => (b.inputs.metadata as { namespace: string }).namespace)
      .sort();
    expect(credentials.kubernetes.namespaces).toEqual(bound);
    expect(credentials.gitlab).toEqual({ groups: ["delivery/apps/payments"], platformGroup: "delivery/apps" });
  });
});

describe("the first deployment, from the tenant's side", () => {
  const SECURE = { secure: "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==" };
  /** A tenant before its first up: a GitLab token only, no Vault token or cluster credential yet. */
  const firstTenant = () => ({
    "pulumi:disable-default-providers": ["*"],
    "delivery-platform:platformStack": `${OFFLINE_ORGANIZATION}/delivery-platform/plat`,
    "delivery-platform:gitlab": { token: SECURE, parentGroup: "apps/tenant" },
    "delivery-platform:apps": [{ name: "orders", team: "shop", environments: ["dev"] }],
  });

  it("before the platform's up: creates the GitLab half only, with no Vault or cluster provider, and says what it waits for", async () => {
    const platform = await planPlatform({});
    if (platform.kind !== "planned") throw new Error(platform.problems.join("\n"));
    const dir = writeStacks({ tenant: { config: firstTenant() } });
    const platformFile = path.join(mkdtempSync(path.join(tmpdir(), "platform-plan-")), "plat.json");
    writeFileSync(platformFile, JSON.stringify(platform.plan));
    const json = path.join(dir, "tenant.json");
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir, "--platform-plan", platformFile, "--json", json]);
    expect(run.stderr).toBe("");
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(readFileSync(json, "utf8")) as PlanDocument;
    const types = new Set(plan.resources.map((r) => r.type));
    expect(types).toContain("gitlab:index/project:Project");
    for (const absent of ["pulumi:providers:vault", "pulumi:providers:kubernetes", "pulumi:providers:harbor", "vault:kv/secretV2:SecretV2"])
      expect(types).not.toContain(absent);
    expect(plan.outputs.waitingFor).toMatchObject({ platformUp: ["orders"] });
    expect(plan.outputs.claims).toMatchObject({ gitlabParentGroup: "apps/tenant", apps: [{ name: "orders" }] });
  });

  it("once the platform created the foundations: refuses to run without the granted credentials, naming them (exit 2)", async () => {
    const dir = writeStacks({ plat: { config: devConfig() }, tenant: { config: firstTenant() } });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("vault.token: the platform stack created this stack's foundations");
    expect(run.stderr).toContain("vault token create -role=tenant-stack-tenant -field=token");
    expect(run.stderr).toContain(
      "cluster: set the kubeconfig of service account tenant-stacks/tenant (its token is the Secret tenant-stacks/tenant-token)",
    );
  });
});
