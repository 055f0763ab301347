import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  ConfigAuth,
  ConfigSystem,
  GarbageCollection,
  HARBOR_PLUGIN,
  ImmutableTagRule,
  InterrogationServices,
  Project,
  ProjectMemberGroup,
  Provider,
  PurgeAuditLog,
  Registry,
  RetentionPolicy,
  RobotAccount,
} from "../../components/providers/harbor";
import { one, planComponent } from "../helpers/plan-component";

const PLUGIN_URL = "github://api.github.com/pulumiverse/pulumi-harbor";

interface Built {
  provider: Provider;
  robot: RobotAccount;
  registry: Registry;
  project: Project;
  retention: RetentionPolicy;
  immutable: ImmutableTagRule;
  gc: GarbageCollection;
  purge: PurgeAuditLog;
  system: ConfigSystem;
  scan: InterrogationServices;
  auth: ConfigAuth;
  member: ProjectMemberGroup;
}

/** One of every binding, wired the way the platform and app onboarding use them. */
function buildAll(): Built {
  const provider = new Provider("harbor", { url: "https://harbor.example.test", username: "admin", password: "admin-pass-1" });
  const opts = { provider };
  const registry = new Registry(
    "hub",
    { providerName: "docker-hub", endpointUrl: "https://hub.docker.com", accessId: "bot", accessSecret: "hub-token-1" },
    opts,
  );
  const project = new Project("cache", { name: "dockerhub-proxy", registryId: registry.registryId }, opts);
  const robot = new RobotAccount(
    "ci",
    {
      name: "ci",
      level: "project",
      secret: "robot-secret-1",
      permissions: [{ kind: "project", namespace: "app", accesses: [{ resource: "repository", action: "push" }] }],
    },
    opts,
  );
  const retention = new RetentionPolicy(
    "keep",
    { scope: project.id, rules: [{ repoMatching: "**", tagMatching: "**", mostRecentlyPushed: 10 }] },
    opts,
  );
  const immutable = new ImmutableTagRule("releases", { projectId: project.id, repoMatching: "**", tagMatching: "v*" }, opts);
  const gc = new GarbageCollection("gc", { schedule: "0 0 2 * * 6", deleteUntagged: true }, opts);
  const purge = new PurgeAuditLog(
    "purge",
    { schedule: "0 0 4 * * *", auditRetentionHour: 720, includeOperations: "create,delete,pull" },
    opts,
  );
  const system = new ConfigSystem("system", { projectCreationRestriction: "adminonly", robotNamePrefix: "robot$" }, opts);
  const scan = new InterrogationServices("scan", { vulnerabilityScanPolicy: "0 0 3 * * *", defaultScanner: "Trivy" }, opts);
  const auth = new ConfigAuth(
    "auth",
    {
      authMode: "oidc_auth",
      oidcEndpoint: "https://sso.example.test/realms/platform",
      oidcClientId: "harbor",
      oidcClientSecret: "oidc-secret-1",
    },
    opts,
  );
  const member = new ProjectMemberGroup(
    "members",
    { projectId: project.id, type: "oidc", groupName: "team-developers", role: "guest" },
    opts,
  );
  return { provider, robot, registry, project, retention, immutable, gc, purge, system, scan, auth, member };
}

async function plan() {
  let built: Built | undefined;
  const document = await planComponent(() => {
    built = buildAll();
  });
  return { plan: document, built: built! };
}

describe("Harbor provider bindings", () => {
  it("register the pulumiverse type tokens", async () => {
    const { plan: doc } = await plan();
    const types = doc.resources.filter((r) => r.type.startsWith("harbor:") || r.type === "pulumi:providers:harbor").map((r) => r.type);
    expect(types.sort()).toEqual(
      [
        "pulumi:providers:harbor",
        "harbor:index/registry:Registry",
        "harbor:index/project:Project",
        "harbor:index/robotAccount:RobotAccount",
        "harbor:index/retentionPolicy:RetentionPolicy",
        "harbor:index/immutableTagRule:ImmutableTagRule",
        "harbor:index/garbageCollection:GarbageCollection",
        "harbor:index/purgeAuditLog:PurgeAuditLog",
        "harbor:index/configSystem:ConfigSystem",
        "harbor:index/interrogationServices:InterrogationServices",
        "harbor:index/configAuth:ConfigAuth",
        "harbor:index/projectMemberGroup:ProjectMemberGroup",
      ].sort(),
    );
  });

  it("ask the engine for plugin harbor 3.10.21 from the pulumiverse GitHub releases on every registration", async () => {
    expect(HARBOR_PLUGIN).toEqual({ version: "3.10.21", pluginDownloadURL: PLUGIN_URL });
    const { plan: doc } = await plan();
    const harbor = doc.resources.filter((r) => r.type.startsWith("harbor:") || r.type === "pulumi:providers:harbor");
    expect(harbor).toHaveLength(12);
    for (const resource of harbor) expect(resource).toMatchObject({ pluginVersion: "3.10.21", pluginDownloadURL: PLUGIN_URL });
  });

  it("use the explicit provider and send its config the way the generated SDK does", async () => {
    const { plan: doc } = await plan();
    const provider = one(doc, "pulumi:providers:harbor");
    expect(provider.inputs).toMatchObject({
      url: "https://harbor.example.test",
      username: "admin",
      password: "[secret]",
      insecure: "false",
    });
    expect(provider.secretPaths).toEqual(["password"]);
    for (const resource of doc.resources.filter((r) => r.type.startsWith("harbor:"))) {
      expect(resource.provider).toBe(`${provider.urn}::${provider.name}-id`);
    }
  });

  it("keep credentials secret on the way in and on the way out", async () => {
    const { plan: doc, built } = await plan();
    const robot = one(doc, "harbor:index/robotAccount:RobotAccount");
    expect(robot.secretPaths).toEqual(["secret"]);
    expect(robot.inputs.permissions).toEqual([
      { kind: "project", namespace: "app", accesses: [{ resource: "repository", action: "push" }] },
    ]);
    expect(one(doc, "harbor:index/registry:Registry").secretPaths).toEqual(["accessSecret"]);
    expect(one(doc, "harbor:index/configAuth:ConfigAuth").secretPaths).toEqual(["oidcClientSecret"]);
    expect(await pulumi.isSecret(built.auth.oidcClientSecret)).toBe(true);
    expect(one(doc, "harbor:index/projectMemberGroup:ProjectMemberGroup").dependencies).toContain(
      one(doc, "harbor:index/project:Project").urn,
    );
    expect(await pulumi.isSecret(built.robot.secret)).toBe(true);
    expect(await pulumi.isSecret(built.registry.accessSecret)).toBe(true);
    expect(await pulumi.isSecret(built.robot.fullName)).toBe(false);
  });

  it("declare the schema's output-only properties, so they can be read", async () => {
    const { built } = await plan();
    for (const output of [
      built.robot.fullName,
      built.robot.robotId,
      built.registry.registryId,
      built.registry.status,
      built.project.projectId,
    ]) {
      expect(pulumi.Output.isInstance(output)).toBe(true);
    }
  });

  it("give every property a class declares an Output, set or not", async () => {
    const { built } = await plan();
    const dir = path.resolve(__dirname, "../../components/providers/harbor");
    const byClass = new Map<string, pulumi.Resource>(Object.values(built).map((r: pulumi.Resource) => [r.constructor.name, r]));
    const files = readdirSync(dir).filter((f) => !["binding.ts", "index.ts"].includes(f));
    expect(files).toHaveLength(byClass.size);
    for (const file of files) {
      const source = readFileSync(path.join(dir, file), "utf8");
      const className = /export class (\w+)/.exec(source)![1]!;
      const instance = byClass.get(className) as unknown as Record<string, unknown>;
      for (const [, property] of source.matchAll(/declare public readonly (\w+)/g))
        expect([className, property, pulumi.Output.isInstance(instance[property!])]).toEqual([className, property, true]);
    }
    // Unset in buildAll, declared, so still readable.
    expect(pulumi.Output.isInstance(built.project.public)).toBe(true);
    expect(pulumi.Output.isInstance(built.immutable.disabled)).toBe(true);
  });

  it("wire project ids through outputs, so rules wait for their project", async () => {
    const { plan: doc } = await plan();
    const project = one(doc, "harbor:index/project:Project");
    expect(one(doc, "harbor:index/retentionPolicy:RetentionPolicy").dependencies).toContain(project.urn);
    // The retention scope is the project's id, which the provider forms as /projects/<number>.
    expect(one(doc, "harbor:index/retentionPolicy:RetentionPolicy").inputs.scope).toMatch(/^\/projects\/\d+$/);
    expect(one(doc, "harbor:index/immutableTagRule:ImmutableTagRule").dependencies).toContain(project.urn);
  });

  it("refuse to register without required properties", async () => {
    const errors: string[] = [];
    const attempt = (register: () => unknown) => {
      try {
        register();
      } catch (error) {
        errors.push((error as Error).message);
      }
    };
    const doc = await planComponent(() => {
      attempt(() => new Provider("no-url", {} as never));
      const provider = new Provider("harbor", { url: "https://harbor.example.test" });
      attempt(() => new RobotAccount("bad", { level: "system" } as never, { provider }));
      attempt(() => new Registry("bad", { providerName: "quay" } as never, { provider }));
      attempt(() => new PurgeAuditLog("bad", { schedule: "Daily", includeOperations: "pull" } as never, { provider }));
    });
    expect(errors).toEqual([
      "harbor:Provider: missing required property 'url'",
      "harbor:index/robotAccount:RobotAccount: missing required property 'permissions'",
      "harbor:index/registry:Registry: missing required property 'endpointUrl'",
      "harbor:index/purgeAuditLog:PurgeAuditLog: missing required property 'auditRetentionHour'",
    ]);
    expect(doc.resources.filter((r) => r.name === "bad" || r.name === "no-url")).toEqual([]);
  });
});
