// One AppOnboarding instance, planned under mocks: every part present, stateful things
// protected, secrets secret, objects valid, and two apps isolated from each other.
import * as k8s from "@pulumi/kubernetes";
import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import { parse as parseYaml } from "yaml";
import { AppOnboarding } from "../../components/onboarding/app-onboarding";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import { TeamGroup } from "../../components/onboarding/repositories";
import { ComponentArgsError } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { planProgram } from "../../plan/run-offline-plan";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { testOnboardingContext } from "../helpers/onboarding-context";
import { inputAt, ofType, planComponent } from "../helpers/plan-component";

const SHOP: AppSpecInput = { name: "shop", team: "web", environments: ["dev", "prod"] };
const LEDGER: AppSpecInput = { name: "ledger", team: "payments", environments: ["dev", "staging", "prod"] };

/** Plans apps on the test platform; prod runs on `prod-cluster`, which gets its own provider. */
function planApps(...specs: AppSpecInput[]): Promise<PlanDocument> {
  return planComponent((opts) => {
    const context = testOnboardingContext(opts);
    const prodCluster = new k8s.Provider("prod-cluster", { context: "prod" });
    for (const spec of specs) {
      const team = new TeamGroup(`team-${spec.team}`, { team: spec.team, context }, opts);
      new AppOnboarding(spec.name, { spec, context, teamGroupId: team.groupId, clusterProviders: { "prod-cluster": prodCluster } }, opts);
    }
  });
}

const ownedBy = (plan: PlanDocument, app: string) => {
  const component = plan.resources.find((r) => r.type === "delivery-platform:onboarding:AppOnboarding" && r.name === app)!;
  const children = new Map<string, PlanResource[]>();
  for (const r of plan.resources) children.set(r.parent ?? "", [...(children.get(r.parent ?? "") ?? []), r]);
  const all: PlanResource[] = [];
  const walk = (urn: string) => (children.get(urn) ?? []).forEach((child) => (all.push(child), walk(child.urn)));
  walk(component.urn);
  return all;
};

/** Paths a Vault policy grants, from its HCL. */
async function grantedPaths(policy: PlanResource): Promise<string[]> {
  const parsed = (await parseHcl("policy.hcl", policy.inputs.policy as string)) as { path?: Record<string, unknown> };
  return Object.keys(parsed.path ?? {});
}

describe("AppOnboarding", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planApps(SHOP, LEDGER);
  });

  it("creates the registry, pipeline, secrets, tenancy, GitOps, monitoring and backup of an app", () => {
    const types = new Set(ownedBy(plan, "shop").map((r) => r.type));
    for (const type of [
      "harbor:index/project:Project",
      "harbor:index/robotAccount:RobotAccount",
      "harbor:index/retentionPolicy:RetentionPolicy",
      "harbor:index/immutableTagRule:ImmutableTagRule",
      "gitlab:index/project:Project",
      "gitlab:index/repositoryFile:RepositoryFile",
      "gitlab:index/branchProtection:BranchProtection",
      "vault:index/policy:Policy",
      "vault:kubernetes/authBackendRole:AuthBackendRole",
      "vault:jwt/authBackendRole:AuthBackendRole",
      "vault:kv/secretV2:SecretV2",
      "kubernetes:core/v1:Namespace",
      "kubernetes:core/v1:ResourceQuota",
      "kubernetes:core/v1:LimitRange",
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
      "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
      "kubernetes:external-secrets.io/v1:SecretStore",
      "kubernetes:external-secrets.io/v1:ExternalSecret",
      "kubernetes:argoproj.io/v1alpha1:AppProject",
      "kubernetes:argoproj.io/v1alpha1:Application",
      "kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape",
      "kubernetes:operator.victoriametrics.com/v1beta1:VMRule",
      "kubernetes:velero.io/v1:Schedule",
    ]) {
      expect({ type, present: types.has(type) }).toEqual({ type, present: true });
    }
    const ciFile = ownedBy(plan, "shop").find(
      (r) => r.type === "gitlab:index/repositoryFile:RepositoryFile" && r.inputs.filePath === ".gitlab-ci.yml",
    );
    expect(ciFile?.inputs.content).toContain("delivery-platform/app-pipeline@");
    // The file carries every setting its jobs read; no project CI variable competes with it.
    const document = parseYaml(ciFile!.inputs.content as string) as Record<string, { variables?: Record<string, string> }>;
    expect(document.variables).toMatchObject({
      APP_NAME: "shop",
      VAULT_SERVER_URL: expect.stringMatching(/^https:\/\//) as unknown,
      IMAGE_REPOSITORY: expect.stringMatching(/\/shop$/) as unknown,
    });
    // No global Vault role: each job that logs in names the role of its purpose.
    expect(document.variables).not.toHaveProperty("VAULT_AUTH_ROLE");
    expect(document.build?.variables?.VAULT_AUTH_ROLE).toBe("ci.web.shop.build");
    expect(document.sign?.variables?.VAULT_AUTH_ROLE).toBe("ci.web.shop.sign");
    expect(document["deploy:prod"]?.variables?.VAULT_AUTH_ROLE).toBe("ci.web.shop.deploy");
    expect(ownedBy(plan, "shop").filter((r) => r.type === "gitlab:index/projectVariable:ProjectVariable")).toEqual([]);
  });

  it("puts each environment's objects on its cluster: prod's through prod-cluster's provider, mount and releases", () => {
    const own = ownedBy(plan, "ledger");
    const providerOf = (r: PlanResource) => r.provider?.split("::").at(-2);
    const urnOf = (name: string) => plan.resources.find((r) => r.name === name)!.urn;
    const byName = (name: string) => own.find((r) => r.name === name)!;
    // Vault role on the cluster's own mount; SecretStore there, through Vault's external address, after that cluster's ESO.
    expect(byName("ledger-secrets-kubernetes-role-prod").inputs.backend).toBe("kubernetes-prod-cluster");
    expect(byName("ledger-secrets-kubernetes-role-staging").inputs.backend).toBe("kubernetes");
    const store = byName("ledger-secrets-secret-store-prod");
    expect(providerOf(store)).toBe("prod-cluster");
    expect(inputAt(store, "spec.provider.vault")).toMatchObject({
      server: "https://vault.platform.example.test",
      auth: { kubernetes: { mountPath: "kubernetes-prod-cluster" } },
    });
    expect(store.dependencies).toContain(urnOf("prod-cluster-external-secrets"));
    expect(store.dependencies).not.toContain(urnOf("external-secrets-release"));
    expect(inputAt(byName("ledger-secrets-secret-store-staging"), "spec.provider.vault.server")).toBe("http://vault.vault.svc:8200");
    // Scrapes, the backup schedule and the image policy wait for the releases on their own cluster.
    const scrape = byName("ledger-prod-monitoring-scrape");
    expect({ provider: providerOf(scrape), waits: scrape.dependencies.includes(urnOf("prod-cluster-vm-agent")) }).toEqual({
      provider: "prod-cluster",
      waits: true,
    });
    const backup = byName("ledger-backup-prod-cluster");
    expect({ provider: providerOf(backup), waits: backup.dependencies.includes(urnOf("prod-cluster-velero")) }).toEqual({
      provider: "prod-cluster",
      waits: true,
    });
    expect(own.find((r) => r.name === "ledger-backup")).toBeUndefined();
    const policies = own.filter((r) => r.type === "kubernetes:policies.kyverno.io/v1:ImageValidatingPolicy");
    expect(policies.map((r) => [r.name, providerOf(r), r.dependencies.includes(urnOf("prod-cluster-kyverno"))]).sort()).toEqual([
      ["ledger-image-policy", "test-cluster", false],
      // dev is audited, a group of its own (policies/enforcement/levels.ts).
      ["ledger-image-policy-audit", "test-cluster", false],
      ["ledger-image-policy-prod-cluster", "prod-cluster", true],
    ]);
  });

  it("never uses Argo CD's default project", () => {
    for (const app of ofType(plan, "kubernetes:argoproj.io/v1alpha1:Application")) {
      expect((app.inputs.spec as { project: string }).project).not.toBe("default");
    }
    expect(
      ofType(plan, "kubernetes:argoproj.io/v1alpha1:AppProject")
        .map((p) => (p.inputs.metadata as { name: string }).name)
        .sort(),
    ).toEqual(["ledger", "shop"]);
  });

  it("backs up only production namespaces", () => {
    const schedules = ofType(plan, "kubernetes:velero.io/v1:Schedule");
    const namespaces = schedules.flatMap(
      (s) => (s.inputs.spec as { template: { includedNamespaces: string[] } }).template.includedNamespaces,
    );
    expect(namespaces.sort()).toEqual(["ledger-prod", "shop-prod"]);
  });

  it("protects what holds data: registry and GitLab projects, pipeline credentials, signing keys, production namespaces", () => {
    const mustProtect = ownedBy(plan, "shop").filter(
      (r) =>
        [
          "harbor:index/project:Project",
          "gitlab:index/project:Project",
          "vault:kv/secretV2:SecretV2",
          "vault:transit/secretBackendKey:SecretBackendKey",
        ].includes(r.type) ||
        (r.type === "kubernetes:core/v1:Namespace" && (r.inputs.metadata as { name: string }).name === "shop-prod"),
    );
    expect(mustProtect.length).toBeGreaterThanOrEqual(6);
    for (const resource of mustProtect)
      expect({ name: resource.name, protect: resource.protect }).toEqual({ name: resource.name, protect: true });
  });

  it("keeps robot secrets, tokens and pull credentials secret", () => {
    const secretInputs = ownedBy(plan, "shop").flatMap((r) => r.secretPaths.map((p) => `${r.type}:${p}`));
    expect(secretInputs).toEqual(
      expect.arrayContaining([
        "harbor:index/robotAccount:RobotAccount:secret",
        "kubernetes:core/v1:Secret:stringData",
        "vault:kv/secretV2:SecretV2:dataJson",
      ]),
    );
  });

  it("creates Kubernetes, Argo CD and External Secrets objects that validate", () => {
    const verdicts = validateKubernetesObjects({ ...plan, resources: ownedBy(plan, "shop") });
    const failures = verdicts.filter(
      (v) => v.status === "invalid" || (v.status === "no-validator" && !/velero\.io|victoriametrics/.test(v.apiVersion)),
    );
    expect(failures).toEqual([]);
  });

  describe("isolation between two apps", () => {
    it("grants each app's Vault policies only its own paths", async () => {
      for (const [app, team, other] of [
        ["shop", "web", "payments/ledger"],
        ["ledger", "payments", "web/shop"],
      ] as const) {
        for (const policy of ownedBy(plan, app).filter((r) => r.type === "vault:index/policy:Policy")) {
          for (const path of await grantedPaths(policy)) {
            expect(path).not.toContain(other);
            if (path.includes("/apps/")) expect(path).toContain(`/apps/${team}/${app}/`);
            expect(path).not.toMatch(/^\*|\/\*\/|^secret\/data\/\*$/);
          }
        }
      }
    });

    it("binds each app's Vault roles to its own namespaces, service account and project", () => {
      for (const app of ["shop", "ledger"]) {
        for (const role of ownedBy(plan, app).filter((r) => r.type === "vault:kubernetes/authBackendRole:AuthBackendRole")) {
          expect(role.inputs.boundServiceAccountNames).toEqual([app]);
          for (const ns of role.inputs.boundServiceAccountNamespaces as string[]) expect(ns.startsWith(`${app}-`)).toBe(true);
        }
      }
      const ciRoles = ofType(plan, "vault:jwt/authBackendRole:AuthBackendRole");
      const boundProjects = ciRoles.map((r) => JSON.stringify((r.inputs.boundClaims as Record<string, string>).project_id));
      expect(new Set(boundProjects).size).toBe(2);
    });

    it("scopes each app's robots to its own Harbor project", () => {
      for (const app of ["shop", "ledger"]) {
        for (const robot of ownedBy(plan, app).filter((r) => r.type === "harbor:index/robotAccount:RobotAccount")) {
          expect(robot.inputs.level).toBe("project");
          for (const permission of robot.inputs.permissions as { namespace: string }[]) expect(permission.namespace).toBe(app);
        }
      }
    });

    it("gives each app its own namespaces and Argo CD destinations", () => {
      const namespacesOf = (app: string) =>
        ownedBy(plan, app)
          .filter((r) => r.type === "kubernetes:core/v1:Namespace")
          .map((r) => (r.inputs.metadata as { name: string }).name);
      expect(namespacesOf("shop").sort()).toEqual(["shop-dev", "shop-prod"]);
      expect(namespacesOf("ledger").sort()).toEqual(["ledger-dev", "ledger-prod", "ledger-staging"]);
      for (const project of ofType(plan, "kubernetes:argoproj.io/v1alpha1:AppProject")) {
        const name = (project.inputs.metadata as { name: string }).name;
        for (const destination of (project.inputs.spec as { destinations: { namespace: string }[] }).destinations) {
          expect(destination.namespace.startsWith(`${name}-`)).toBe(true);
        }
      }
    });
  });
});

describe("AppOnboarding renames and invalid specs", () => {
  it("carries a renamed app over: every old URN is a new URN's alias, and no physical name changes", async () => {
    // The inputs that name something in a provider (IDs of other resources are the mock's and follow the Pulumi name).
    const NAME_FIELDS = ["metadata.name", "metadata.namespace", "name", "path", "roleName", "mount", "backend", "filePath", "branch"];
    const physical = (r: PlanResource) => NAME_FIELDS.map((field) => `${field}=${JSON.stringify(inputAt(r, field))}`).join(" ");
    const planAs = async (spec: AppSpecInput) =>
      (
        await planProgram("rename", () => {
          const kubernetes = new k8s.Provider("test-cluster", { context: "test" });
          const opts = { providers: { kubernetes } };
          const context = testOnboardingContext(opts);
          const team = new TeamGroup("team-web", { team: "web", context }, opts);
          new AppOnboarding(spec.name, { spec, context, teamGroupId: team.groupId }, opts);
          return {};
        })
      ).plan;
    const before = await planAs({ name: "shop", team: "web", environments: ["dev"] });
    const after = await planAs({ name: "storefront", team: "web", environments: ["dev"], formerNames: ["shop"] });
    const takenOver = new Map(after.resources.flatMap((r) => [r.urn, ...r.aliases].map((urn) => [urn, r] as const)));
    const apps = before.resources.filter((r) => r.urn.includes("delivery-platform:onboarding:AppOnboarding"));
    expect(apps.length).toBeGreaterThan(40);
    for (const old of apps) {
      const successor = takenOver.get(old.urn);
      expect(successor?.urn).toEqual(old.urn.replace(/::shop(?=-|$)/, "::storefront"));
      // Physical names stay on the original name.
      expect(physical(successor!)).toBe(physical(old));
    }
  });

  it.each([
    [{ name: "Shop_1" }, "spec.name"],
    [{ environments: ["qa"] }, "spec.environments[0]: unknown environment 'qa'"],
    [
      { resources: { container: { defaultRequest: { cpu: "2" }, defaultLimit: { cpu: "1" } } } },
      "spec.resources.container.defaultRequest.cpu",
    ],
    [{ resources: { quota: { memory: "1Gi" } } }, "spec.resources.container.max.memory: must not exceed quota.memory"],
  ])("rejects %j before registering anything", async (override, message) => {
    let error: unknown;
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      try {
        new AppOnboarding("bad", { spec: { ...SHOP, environments: ["dev"], ...override }, context, teamGroupId: 1 }, opts);
      } catch (caught) {
        error = caught;
      }
    });
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as Error).message).toContain(message);
    expect(plan.resources.filter((r) => r.type.startsWith("delivery-platform:onboarding"))).toEqual([]);
  });
});
