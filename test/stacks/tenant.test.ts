// Tenant stacks: apps only, the platform read through a StackReference; offline, the
// referenced stack's outputs come from its own offline plan or from a plan file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "../../plan/plan-document";
import { runOfflinePlan } from "../../plan/run-offline-plan";
import { UNDECRYPTED_SECRET } from "../../plan/stack-config-file";
import type { ConfigError } from "../../components/validation/issues";
import { parseTenantConfig } from "../../stacks/tenant/config";
import { parsePlatformOnboarding, platformOnboardingSchema, PlatformReferenceError } from "../../stacks/tenant/platform-outputs";
import { examplePlan, exampleRun, type ExampleRun } from "../helpers/example-plans";
import { dependsTransitively } from "../helpers/plan-component";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const PLATFORM_REF = "organization/delivery-platform/prod";

/**
 * Types a tenant stack may register: onboarding components and their app-level resources (the apps'
 * rotating robots and their clocks included), never platform services.
 */
const APP_LEVEL =
  /^(pulumi:pulumi:(Stack|StackReference)|pulumi:providers:.+|delivery-platform:onboarding:.+|delivery-platform:registry:RotatingRobot|time:index\/rotating:Rotating|gitlab:.+|harbor:.+|vault:.+|random:.+|kubernetes:.+)$/;

let example: ExampleRun;
let plan: PlanDocument;
beforeAll(async () => {
  example = await exampleRun("tenant-payments");
  plan = await examplePlan("tenant-payments");
});

describe("the example tenant stack (stacks/Pulumi.tenant-payments.yaml)", () => {
  it("plans cleanly against the prod platform stack's offline plan", () => {
    expect(example.stderr).toBe("");
    expect(plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    expect(example.exitCode).toBe(0);
  });

  it("holds only app-level resources: no Platform component, no Helm release", () => {
    const types = new Set(plan.resources.map((r) => r.type));
    expect([...types].filter((t) => !APP_LEVEL.test(t))).toEqual([]);
    expect(types).not.toContain("delivery-platform:platform:Platform");
    expect(types).not.toContain("kubernetes:helm.sh/v3:Release");
    const apps = plan.resources.filter((r) => r.type === "delivery-platform:onboarding:AppOnboarding").map((r) => r.name);
    expect(apps.sort()).toEqual(["fraud-scoring", "invoicing"]);
  });

  it("reads the platform through one StackReference, and takes the profile and registry from it", () => {
    const references = plan.resources.filter((r) => r.type === STACK_REFERENCE);
    expect(references.map((r) => r.inputs.name)).toEqual([PLATFORM_REF]);
    expect(plan.outputs).toMatchObject({ platformStack: PLATFORM_REF, profile: "prod", registryHost: "harbor.platform.example.com" });
  });

  it("makes every custom resource wait for the StackReference, the boundary to the releases that installed the CRDs", () => {
    const reference = plan.resources.find((r) => r.type === STACK_REFERENCE)!;
    const custom = plan.resources.filter((r) => r.custom && /^kubernetes:[a-z0-9-]+(\.[a-z0-9-]+)+\/[^:]+:/.test(r.type));
    expect(custom.length).toBeGreaterThanOrEqual(10);
    for (const resource of custom.filter((r) => !r.type.split(":")[1]!.split("/")[0]!.endsWith(".k8s.io"))) {
      expect({ resource: resource.name, waits: dependsTransitively(plan, resource.urn, reference.urn) }).toEqual({
        resource: resource.name,
        waits: true,
      });
    }
  });

  it("builds its providers from the platform's addresses and its own secret credentials; no Harbor login", () => {
    const provider = (type: string) => plan.resources.find((r) => r.type === type)!;
    // The platform stack creates the apps' Harbor projects and robots (docs/access.md).
    expect(plan.resources.filter((r) => r.type === "pulumi:providers:harbor")).toEqual([]);
    const vault = provider("pulumi:providers:vault");
    // The token of the platform's token role is used as it is: its policy cannot create child tokens.
    expect(vault.inputs).toMatchObject({ address: "https://vault.platform.example.com", skipChildToken: "true" });
    expect(vault.secretPaths).toContain("token");
    expect(provider("pulumi:providers:gitlab").secretPaths).toContain("token");
    expect(provider("pulumi:providers:kubernetes").secretPaths).toContain("kubeconfig");
  });
});

describe("tenant plans from a platform plan file", () => {
  it("uses --platform-plan instead of planning the platform stack", async () => {
    const platform = await runOfflinePlan({ stack: "plat", stackConfig: asStackConfig(devConfig()) });
    if (platform.kind !== "planned") throw new Error(platform.problems.join("\n"));
    const file = path.join(mkdtempSync(path.join(tmpdir(), "platform-plan-")), "plat.json");
    writeFileSync(file, JSON.stringify(platform.plan));
    // Only the tenant's stack file exists here: without --platform-plan there is nothing to plan.
    const dir = writeStacks({ tenant: { config: tenantConfig("org/delivery-platform/plat") } });

    const withoutPlan = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir]);
    expect(withoutPlan.exitCode).toBe(2);
    expect(withoutPlan.stderr).toMatch(/references platform stack 'org\/delivery-platform\/plat'.*pass --platform-plan/);

    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir, "--platform-plan", file]);
    expect(run.stderr).toBe("");
    // That platform plan has no claim of this tenant: its first up creates the GitLab half and says what it waits for.
    expect(run.resourcesRegistered).toBeGreaterThan(20);
    expect(run.stdout).toContain("pulumi:pulumi:StackReference");
    expect(run.stdout).toMatch(/waitingFor:\s+platformUp:\s+- orders/);
    expect(run.stdout).toMatch(/0 mandatory/);
    expect(run.exitCode).toBe(0);
  });

  it("rejects an app targeting an environment the platform does not declare, naming the key (exit 2)", async () => {
    const config = tenantConfig("org/delivery-platform/plat");
    config["delivery-platform:apps"] = [{ name: "orders", team: "shop", environments: ["prod"] }];
    const dir = writeStacks({ plat: { config: devConfig() }, tenant: { config } });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("apps[0] (orders).environments[0]: unknown environment 'prod'; declared environments: dev, staging");
  });

  it("onboards only apps the platform's registry gives this stack, naming the owner of any other (exit 2)", async () => {
    const platform = devConfig();
    platform["delivery-platform:tenants"] = [
      { stack: "tenant", apps: ["orders"] },
      { stack: "tenant-b", apps: ["refunds", "returns"] },
    ];
    const config = tenantConfig("org/delivery-platform/plat");
    config["delivery-platform:apps"] = [
      { name: "orders", team: "shop", environments: ["dev"] },
      { name: "refunds", team: "shop", environments: ["dev"] },
      { name: "basket", team: "shop", environments: ["dev"] },
      // Owned elsewhere under another team: its names would also be tenant-b's.
      { name: "returns", team: "other", environments: ["dev"] },
    ];
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", writeStacks({ plat: { config: platform }, tenant: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).not.toContain("apps[0]");
    expect(run.stderr).toContain(
      "apps[1] (refunds).name: app 'refunds' is owned by tenant stack 'tenant-b'; only its owner may onboard it",
    );
    expect(run.stderr).toContain(
      "apps[2] (basket).name: app 'basket' is not registered to stack 'tenant' in the platform stack 'org/delivery-platform/plat' (tenants[] there); ask the platform team to register it",
    );
    expect(run.stderr).toContain("apps[3] (returns).name: app 'returns' is owned by tenant stack 'tenant-b'");
    expect(run.stderr).toContain(
      "apps[3] (returns).name: app 'returns' would get names that app 'returns' of tenant stack 'tenant-b' has: pulumi name 'returns', namespace 'returns-dev'",
    );
  });

  it("refuses an app the platform stack owns, or one whose names collide with it, naming both (exit 2, nothing planned)", async () => {
    const config = tenantConfig("org/delivery-platform/plat");
    // devConfig's platform onboards alpha (dev) and beta (dev, staging) itself.
    config["delivery-platform:apps"] = [
      { name: "beta", team: "two", environments: ["dev"] },
      { name: "alpha-config", team: "one", environments: ["dev"] },
    ];
    const dir = writeStacks({ plat: { config: devConfig() }, tenant: { config } });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir]);
    expect(run.exitCode).toBe(2);
    // Only the root stack and the StackReference that reads who owns what; no app.
    expect(run.resourcesRegistered).toBe(2);
    expect(run.stderr).toContain(
      "apps[0] (beta).name: app 'beta' would get names that app 'beta' of the platform stack 'org/delivery-platform/plat' has: pulumi name 'beta', ",
    );
    expect(run.stderr).toContain(
      "apps[1] (alpha-config).name: app 'alpha-config' would get names that app 'alpha' of the platform stack 'org/delivery-platform/plat' has: " +
        "GitLab project 'apps/one/alpha-config' (theirs: config repository; its: app project); rename the new app",
    );
  });
});

describe("the ownership registry in the platform stack", () => {
  it("gives every app one owner and keeps registered apps' names off the platform's own apps", async () => {
    const config = devConfig();
    config["delivery-platform:tenants"] = [
      { stack: "tenant", apps: ["orders", "alpha"] },
      { stack: "tenant", apps: ["refunds"] },
      { stack: "tenant-b", apps: ["orders"] },
      { stack: "tenant-c", apps: ["beta"] },
    ];
    const run = await runPlanCli(["--stack", "plat", "--stacks-dir", writeStacks({ plat: { config } })]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toContain("tenants[0].apps[1]: app 'alpha' is already owned by this platform stack; an app has exactly one owner");
    expect(run.stderr).toContain("tenants[1].stack: 'tenant' is listed twice; list each tenant stack once");
    expect(run.stderr).toContain("tenants[2].apps[0]: app 'orders' is already owned by tenant stack 'tenant'");
    expect(run.stderr).toContain("tenants[3].apps[0]: app 'beta' is already owned by this platform stack");
  });

  it("exports its denying admission policies, which the tenant plan carries for its access graph", async () => {
    const prod = await examplePlan("prod");
    const exported = (prod.outputs.onboarding as { admissionPolicies: { name: string; validationActions: string[] }[] }).admissionPolicies;
    expect(exported.map((p) => p.name)).toEqual(expect.arrayContaining(["app-ingress-hosts", "app-services-cluster-internal"]));
    expect(exported.find((p) => p.name === "app-ingress-hosts")?.validationActions).toEqual(["Deny"]);
    const tenant = await examplePlan("tenant-payments");
    expect(tenant.outputs.platformAdmissionPolicies).toEqual(exported);
  });

  it("exports the registry to tenant stacks", async () => {
    const plan = await examplePlan("prod");
    const onboarding = plan.outputs.onboarding as { names: { tenants: unknown } };
    expect(onboarding.names.tenants).toEqual([{ stack: "tenant-payments", apps: ["invoicing", "fraud-scoring"] }]);
  });
});

describe("tenant config", () => {
  const parse = (config: Record<string, unknown>, secretKeys = ["delivery-platform:gitlab", "delivery-platform:vault"]) =>
    parseTenantConfig(asStackConfig(config).config, secretKeys);

  it("accepts the smallest tenant config and fills defaults", () => {
    const config = parse(tenantConfig(PLATFORM_REF));
    expect(config.platformStack).toBe(PLATFORM_REF);
    expect(config.harbor).toBeUndefined();
    expect(config.apps[0]).toMatchObject({ name: "orders", team: "shop" });
  });

  it("names every bad key: platform-only keys, plain-text secrets, a malformed stack name, a misspelt key", () => {
    const config = { ...tenantConfig("prod"), "delivery-platform:services": {}, "delivery-platform:valt": {} };
    let problems: readonly string[] = [];
    try {
      parse(config, ["delivery-platform:vault"]);
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        "platformStack: must be a fully qualified stack name such as organization/delivery-platform/prod",
        "gitlab.token: must be stored as a secret: run 'pulumi config set --secret --path gitlab.token <value>'",
        "services: unknown key; a tenant stack reads it from the platform stack (delivery-platform:platformStack)",
        "valt: unknown key; did you mean 'vault'?",
      ]),
    );
  });

  it("rejects duplicate app names", () => {
    const config = tenantConfig(PLATFORM_REF);
    config["delivery-platform:apps"] = [
      { name: "orders", team: "shop", environments: ["dev"] },
      { name: "orders", team: "other", environments: ["dev"] },
    ];
    expect(() => parse(config)).toThrow(/apps\[1\] \(orders\)\.name: duplicate app name 'orders'/);
  });
});

describe("the platform's onboarding output", () => {
  it("is exported by the platform program, without secrets, in the shape tenants validate", async () => {
    const dev = await examplePlan("dev");
    const onboarding = platformOnboardingSchema.parse(dev.outputs.onboarding);
    expect(onboarding).toMatchObject({ profile: "dev", registry: { host: "harbor.platform.127.0.0.1.nip.io", skipTlsVerify: true } });
    expect(dev.outputSecretPaths.filter((p) => p.startsWith("onboarding"))).toEqual([]);
  });

  it("is checked before use: a missing or incompatible output names the stack and the key", () => {
    expect(() => parsePlatformOnboarding(PLATFORM_REF, undefined)).toThrow(PlatformReferenceError);
    expect(() => parsePlatformOnboarding(PLATFORM_REF, undefined)).toThrow(/exports no 'onboarding' output: deploy the platform first/);
    expect(() => parsePlatformOnboarding(PLATFORM_REF, { profile: "qa" })).toThrow(/onboarding\.profile: /);
  });

  it("an incompatible output stops the tenant plan with exit 2 before any app is registered", async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "bad-platform-")), "outputs.json");
    writeFileSync(file, JSON.stringify({ onboarding: { profile: "dev" } }));
    const dir = writeStacks({ tenant: { config: tenantConfig(PLATFORM_REF) } });
    const run = await runPlanCli(["--stack", "tenant", "--stacks-dir", dir, "--platform-plan", file]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/onboarding\.domain: /);
    expect(run.resourcesRegistered).toBeLessThanOrEqual(2); // the root stack and the StackReference read
  });
});

/** A tenant stack file's config with secure values (stored as undecryptable placeholders, so they count as secrets). */
function tenantConfig(platformStack: string): Record<string, unknown> {
  const secure = { secure: "v1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA==" };
  return {
    "pulumi:disable-default-providers": ["*"],
    "delivery-platform:platformStack": platformStack,
    "delivery-platform:cluster": { context: "kind-test" },
    "delivery-platform:gitlab": { token: secure },
    "delivery-platform:vault": { token: secure },
    "delivery-platform:apps": [{ name: "orders", team: "shop", environments: ["dev"] }],
  };
}

/** Stack file values as the language host hands them over (secure values replaced as without a passphrase). */
function asStackConfig(config: Record<string, unknown>) {
  const replace = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(replace)
      : value !== null && typeof value === "object"
        ? "secure" in value
          ? UNDECRYPTED_SECRET
          : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replace(v)]))
        : value;
  const entries = Object.entries(config).map(([k, v]) => [k, replace(v)] as const);
  return {
    config: Object.fromEntries(entries.map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
    secretKeys: [] as string[],
  };
}
