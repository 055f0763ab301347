import * as pulumi from "@pulumi/pulumi";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { AppRegistry, type AppRegistryArgs } from "../../components/onboarding/registry";
import { dockerConfigJson } from "../../components/onboarding/registry/docker-config";
import { isProductionGrade, projectSecurity } from "../../components/onboarding/registry/project-security";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { testApp, testNames, testOnboardingContext } from "../helpers/onboarding-context";
import { dependsTransitively, one, ofType, planComponent } from "../helpers/plan-component";

const COMPONENT = "delivery-platform:onboarding:AppRegistry";
const PROJECT = "harbor:index/project:Project";
const ROBOT = "harbor:index/robotAccount:RobotAccount";
const RETENTION = "harbor:index/retentionPolicy:RetentionPolicy";
const IMMUTABLE = "harbor:index/immutableTagRule:ImmutableTagRule";
const PASSWORD = "random:index/randomPassword:RandomPassword";
const HARBOR_PROVIDER = "pulumi:providers:harbor";

interface Planned {
  plan: PlanDocument;
  registry: AppRegistry;
  /** Every resource below the component (children and theirs). */
  children: PlanResource[];
}

type Extra = Partial<Omit<AppRegistryArgs, "spec" | "context">> & { context?: (ctx: OnboardingContext) => OnboardingContext };

async function planRegistry(app: Partial<AppSpecInput> = {}, profile: Profile = "prod", extra: Extra = {}): Promise<Planned> {
  let registry: AppRegistry | undefined;
  const plan = await planComponent((opts) => {
    const base = testOnboardingContext(opts, profile);
    const context = extra.context ? extra.context(base) : base;
    const spec = testApp(app);
    registry = new AppRegistry("shop-registry", { spec, names: testNames(spec), context, robotRotation: extra.robotRotation }, opts);
  });
  return { plan, registry: registry!, children: descendants(plan, one(plan, COMPONENT).urn) };
}

/** Resources below `urn`, at any depth. */
function descendants(plan: PlanDocument, urn: string): PlanResource[] {
  const below = plan.resources.filter((r) => r.parent === urn);
  return below.flatMap((r) => [r, ...descendants(plan, r.urn)]);
}

const value = <T>(output: pulumi.Output<T>) => new Promise<T>((resolve) => output.apply(resolve));
const robot = (plan: PlanDocument, role: "push" | "pull") => one(plan, ROBOT, `shop-registry-${role}-robot`);

describe("AppRegistry project", () => {
  let prod: Planned;
  beforeAll(async () => {
    prod = await planRegistry();
  });

  it("creates a private, scanned, quota-bound project named after the app, protected and rename-safe", () => {
    const project = one(prod.plan, PROJECT);
    expect(project.inputs).toEqual({
      name: "shop",
      public: false,
      vulnerabilityScanning: true,
      autoSbomGeneration: true,
      enableContentTrustCosign: true,
      deploymentSecurity: "high",
      storageQuota: 20,
      forceDestroy: false,
    });
    expect(project.protect).toBe(true);
    expect(project.ignoreChanges).toEqual(["name"]);
  });

  it("takes the storage quota from the spec", async () => {
    const { plan } = await planRegistry({ registry: { storageQuotaGi: 75 } });
    expect(one(plan, PROJECT).inputs.storageQuota).toBe(75);
  });

  it("registers every Harbor resource with the platform's Harbor provider and pinned plugin", () => {
    const provider = one(prod.plan, HARBOR_PROVIDER);
    const harbor = prod.children.filter((r) => r.type.startsWith("harbor:"));
    expect(harbor.map((r) => r.type).sort()).toEqual([IMMUTABLE, IMMUTABLE, PROJECT, RETENTION, ROBOT, ROBOT]);
    for (const resource of harbor) {
      expect(resource.provider?.startsWith(`${provider.urn}::`)).toBe(true);
      expect([resource.pluginVersion, resource.pluginDownloadURL]).toEqual([
        "3.10.21",
        "github://api.github.com/pulumiverse/pulumi-harbor",
      ]);
    }
  });

  it("names every child after the component, so AppOnboarding's rename aliases reach them", () => {
    // Project, retention, two immutable-tag rules, the alert rule; per robot: component, clock, secret, account.
    expect(prod.children.length).toBe(13);
    for (const child of prod.children) expect(child.name.startsWith("shop-registry-")).toBe(true);
  });

  it("creates no Kubernetes objects but the robots' expiry alerts (the image pull Secret is tenancy's)", () => {
    const kubernetes = prod.children.filter((r) => r.type.startsWith("kubernetes:"));
    expect(kubernetes.map((r) => [r.type, r.inputs.metadata])).toEqual([
      [
        "kubernetes:operator.victoriametrics.com/v1beta1:VMRule",
        expect.objectContaining({ name: "shop-registry-robots", namespace: "monitoring" }),
      ],
    ]);
    // The VMRule has no npm schema (the operator CRDs are checked in test/platform/victoria-metrics.test.ts).
    expect(validateKubernetesObjects(prod.plan).filter((v) => v.status !== "valid" && v.status !== "no-validator")).toEqual([]);
  });
});

describe("AppRegistry production policy", () => {
  it("applies on the prod profile and whenever an app environment is marked production", () => {
    const environments = [
      { name: "dev", production: false, cluster: "in-cluster" },
      { name: "live", production: true, cluster: "in-cluster" },
    ];
    expect(isProductionGrade({ environments: ["dev"] }, { profile: "prod", environments })).toBe(true);
    expect(isProductionGrade({ environments: ["dev", "live"] }, { profile: "dev", environments })).toBe(true);
    expect(isProductionGrade({ environments: ["dev"] }, { profile: "staging", environments })).toBe(false);
  });

  it("leaves deployment security out and cosign off for a dev-only app on a dev platform", async () => {
    const { plan, registry } = await planRegistry({ environments: ["dev"] }, "dev");
    const inputs = one(plan, PROJECT).inputs;
    expect(registry.productionGrade).toBe(false);
    expect("deploymentSecurity" in inputs).toBe(false);
    expect(inputs.enableContentTrustCosign).toBe(false);
    // Scanning and SBOMs stay on everywhere: the pipeline's gate and audits need them in every environment.
    expect([inputs.vulnerabilityScanning, inputs.autoSbomGeneration]).toEqual([true, true]);
  });

  it("enforces the policy on a dev platform when the app deploys to a production environment", async () => {
    const { plan, registry } = await planRegistry({ environments: ["dev", "prod"] }, "dev");
    expect(registry.productionGrade).toBe(true);
    expect(one(plan, PROJECT).inputs).toMatchObject(projectSecurity(true));
  });
});

/** The Harbor provider's id of a project (the offline mocks number projects like Harbor does). */
const PROJECT_ID = expect.stringMatching(/^\/projects\/\d+$/) as unknown;

describe("AppRegistry tag lifecycle", () => {
  it("keeps the most recent tags per repository on a schedule and lets untagged artifacts go", async () => {
    const { plan } = await planRegistry({ registry: { keepLastTags: 7 } });
    const retention = one(plan, RETENTION);
    expect(retention.inputs).toEqual({
      scope: PROJECT_ID,
      rules: [{ repoMatching: "**", tagMatching: "**", mostRecentlyPushed: 7, untaggedArtifacts: false }],
      schedule: "0 0 1 * * *",
    });
    expect(retention.dependencies).toContain(one(plan, PROJECT).urn);
  });

  it("makes release tags immutable in every repository of the project", async () => {
    const { plan } = await planRegistry();
    const rules = ofType(plan, IMMUTABLE);
    expect(rules.map((r) => r.inputs)).toEqual([
      { projectId: PROJECT_ID, repoMatching: "**", tagMatching: "v[0-9]*" },
      { projectId: PROJECT_ID, repoMatching: "**", tagMatching: "[0-9]*.[0-9]*.[0-9]*" },
    ]);
    for (const rule of rules) expect(rule.dependencies).toContain(one(plan, PROJECT).urn);
  });
});

describe("AppRegistry robots", () => {
  let prod: Planned;
  beforeAll(async () => {
    prod = await planRegistry({ registry: { robotExpiryDays: 30 } });
  });

  it("gives CI push and pull on its own project only, and the cluster pull only", () => {
    const push = robot(prod.plan, "push");
    const pull = robot(prod.plan, "pull");
    expect(push.inputs).toMatchObject({
      level: "project",
      // The rotation clock's generation stamp (offline: 2026-01-01T00:00:00Z).
      name: "push-20260101t000000",
      duration: 30,
      permissions: [
        {
          kind: "project",
          namespace: "shop",
          accesses: [
            { resource: "repository", action: "pull", effect: "allow" },
            { resource: "repository", action: "push", effect: "allow" },
            { resource: "artifact", action: "read", effect: "allow" },
          ],
        },
      ],
    });
    expect(pull.inputs).toMatchObject({
      level: "project",
      name: "pull-20260101t000000",
      duration: 30,
      permissions: [{ kind: "project", namespace: "shop", accesses: [{ resource: "repository", action: "pull", effect: "allow" }] }],
    });
  });

  it("passes a generated secret, so the password is stable and only in secret inputs", () => {
    for (const role of ["push", "pull"] as const) {
      const account = robot(prod.plan, role);
      const password = one(prod.plan, PASSWORD, `shop-registry-${role}-robot-secret`);
      expect(account.inputs.secret).toBe("[secret]");
      expect(account.secretPaths).toContain("secret");
      expect(account.dependencies).toEqual(expect.arrayContaining([password.urn, one(prod.plan, PROJECT).urn]));
      // Wrapped in RotatingRobot since rotation: aliases keep the URNs the component's own children had.
      expect(password.parent).toBe(one(prod.plan, "delivery-platform:registry:RotatingRobot", `shop-registry-${role}-robot`).urn);
      expect(password.aliases).toContain(
        `urn:pulumi:test::delivery-platform::${COMPONENT}$${PASSWORD}::shop-registry-${role}-robot-secret`,
      );
      expect(account.aliases).toContain(`urn:pulumi:test::delivery-platform::${COMPONENT}$${ROBOT}::shop-registry-${role}-robot`);
      expect(password.inputs).toMatchObject({
        length: 40,
        special: false,
        minUpper: 1,
        minLower: 1,
        minNumeric: 1,
        keepers: { robot: `${role}-20260101t000000` },
      });
    }
  });

  it("exposes the robot secrets and the pull robot's docker config as secrets", async () => {
    const { registry } = prod;
    expect(await pulumi.isSecret(registry.pushRobot.secret)).toBe(true);
    expect(await pulumi.isSecret(registry.pullRobot.secret)).toBe(true);
    expect(await pulumi.isSecret(registry.dockerConfigJson)).toBe(true);
    const config = JSON.parse(await value(registry.dockerConfigJson)) as { auths: Record<string, { password: string }> };
    expect(Object.keys(config.auths)).toEqual(["harbor.platform.example.test"]);
    expect(config.auths["harbor.platform.example.test"]!.password).toBe(await value(registry.pullRobot.secret));
    expect(await value(registry.pullRobot.secret)).not.toBe(await value(registry.pushRobot.secret));
  });

  it("rotates on request: new robot names and new secrets", async () => {
    const { plan } = await planRegistry({}, "prod", { robotRotation: "2026-11" });
    expect(robot(plan, "push").inputs.name).toBe("push-2026-11-20260101t000000");
    expect(robot(plan, "pull").inputs.name).toBe("pull-2026-11-20260101t000000");
    expect(one(plan, PASSWORD, "shop-registry-pull-robot-secret").inputs.keepers).toEqual({ robot: "pull-2026-11-20260101t000000" });
    // The marker is a trigger of the clock too: changing it replaces the clock, hence the robots.
    expect(one(plan, "time:index/rotating:Rotating", "shop-registry-pull-robot-clock").inputs.triggers).toEqual({ marker: "2026-11" });
  });

  it("rotates by the clock before expiry, keeps the old robot until it expires, and alerts when no `pulumi up` rotated it", () => {
    // robotExpiryDays 30: rotation after 30 - max(14, 10) = 16 days, so the old robot overlaps 14 days.
    for (const role of ["push", "pull"] as const) {
      expect(one(prod.plan, "time:index/rotating:Rotating", `shop-registry-${role}-robot-clock`).inputs).toEqual({ rotationDays: 16 });
      expect(robot(prod.plan, role).retainOnDelete).toBe(true);
    }
    const rule = one(prod.plan, "kubernetes:operator.victoriametrics.com/v1beta1:VMRule");
    const rules = (rule.inputs.spec as { groups: { rules: { alert: string; expr: string; labels: Record<string, string> }[] }[] })
      .groups[0]!.rules;
    const epoch = 1_767_225_600; // the offline clock's creation time
    const day = 86_400;
    expect(rules.map((r) => [r.alert, r.labels.robot, r.expr])).toEqual([
      ["HarborRobotRotationOverdue", "push", `vector(time()) > ${epoch + (16 + 7) * day}`],
      ["HarborRobotExpiringSoon", "push", `vector(time()) > ${epoch + (30 - 7) * day}`],
      ["HarborRobotRotationOverdue", "pull", `vector(time()) > ${epoch + (16 + 7) * day}`],
      ["HarborRobotExpiringSoon", "pull", `vector(time()) > ${epoch + (30 - 7) * day}`],
    ]);
  });

  it("refuses a rotation period that leaves the old robot less than two weeks", async () => {
    const { appSpecSchema } = await import("../../components/onboarding/app-spec");
    const result = appSpecSchema.safeParse({
      name: "shop",
      team: "web",
      environments: ["dev"],
      registry: { robotExpiryDays: 90, robotRotationDays: 80 },
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "registry.robotRotationDays: must be at most robotExpiryDays - 14 (76): the old robot must outlive the rotation by two weeks of alerts",
    ]);
  });

  it("builds a dockerconfigjson whose auth is base64(user:password)", () => {
    const config = JSON.parse(dockerConfigJson("harbor.example.test", "robot$shop+pull", "S3cret")) as {
      auths: Record<string, { username: string; password: string; auth: string }>;
    };
    expect(config.auths["harbor.example.test"]).toEqual({
      username: "robot$shop+pull",
      password: "S3cret",
      auth: Buffer.from("robot$shop+pull:S3cret").toString("base64"),
    });
  });
});

describe("AppRegistry outputs", () => {
  it("names the repository <host>/<project>/<app>", async () => {
    const { registry } = await planRegistry();
    expect(await value(registry.repository)).toBe("harbor.platform.example.test/shop/shop");
    expect(await value(registry.projectName)).toBe("shop");
    expect(await value(registry.projectId)).toMatch(/^\/projects\/\d+$/);
  });
});

describe("AppRegistry isolation", () => {
  it("gives two apps disjoint projects, robot scopes and policies", async () => {
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      const shop = testApp({ name: "shop" });
      const blog = testApp({ name: "blog", team: "content" });
      new AppRegistry("shop-registry", { spec: shop, names: testNames(shop), context }, opts);
      new AppRegistry("blog-registry", { spec: blog, names: testNames(blog), context }, opts);
    });
    const projects = ofType(plan, PROJECT);
    expect(projects.map((p) => p.inputs.name).sort()).toEqual(["blog", "shop"]);
    for (const project of projects) {
      const app = project.inputs.name as string;
      const owner = project.parent;
      const robots = ofType(plan, ROBOT).filter((r) => descendants(plan, owner!).includes(r));
      expect(robots).toHaveLength(2);
      for (const account of robots) {
        const permissions = account.inputs.permissions as { namespace: string }[];
        // Exactly one scope, the app's own project: never another app's, never `*`.
        expect(permissions.map((p) => p.namespace)).toEqual([app]);
        expect(dependsTransitively(plan, account.urn, project.urn)).toBe(true);
        const other = projects.find((p) => p !== project)!;
        expect(dependsTransitively(plan, account.urn, other.urn)).toBe(false);
      }
      const scoped = [...ofType(plan, RETENTION), ...ofType(plan, IMMUTABLE)].filter((r) => r.parent === owner);
      expect(scoped).toHaveLength(3);
      for (const resource of scoped) expect(resource.dependencies).toEqual([project.urn]);
    }
  });
});
