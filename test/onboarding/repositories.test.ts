import { offlineMocks } from "../../plan/mock-resources";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { appNames } from "../../components/onboarding/app-names";
import type { AppSpec } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { AppRepositories, TeamGroup, type AppRepositoriesArgs } from "../../components/onboarding/repositories";
import { configRepoFiles, type ConfigRepoInput } from "../../components/onboarding/repositories/config-repo-files";
import { gitlabId } from "../../components/onboarding/repositories/gitlab-id";
import { PLACEHOLDER_DIGEST } from "../../components/onboarding/repositories/workload-manifests";
import { ComponentArgsError } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { testApp, testNames, testOnboardingContext } from "../helpers/onboarding-context";
import { dependsTransitively, one, ofType, planComponent } from "../helpers/plan-component";

const PROJECT = "gitlab:index/project:Project";
const FILE = "gitlab:index/repositoryFile:RepositoryFile";
const PROTECTION = "gitlab:index/branchProtection:BranchProtection";
const VARIABLE = "gitlab:index/projectVariable:ProjectVariable";
const TEAM_GROUP_ID = 4242;
const REGISTRY = "harbor.platform.example.test";
const ENVIRONMENTS = [
  { name: "dev", production: false, cluster: "in-cluster" },
  { name: "prod", production: true, cluster: "prod-cluster" },
];

type Extra = Partial<Omit<AppRepositoriesArgs, "spec" | "names" | "context">>;

function build(
  spec: AppSpec,
  name: string,
  opts: Parameters<typeof testOnboardingContext>[0],
  extra: Extra = {},
  context: OnboardingContext = testOnboardingContext(opts),
): AppRepositories {
  return new AppRepositories(
    name,
    {
      spec,
      names: testNames(spec),
      context,
      teamGroupId: TEAM_GROUP_ID,
      ciConfig: `# delivery-platform/app-pipeline@1.0.0\nstages: [test]\n`,
      ciTemplateVersion: "delivery-platform/app-pipeline@1.0.0",
      automationUserIds: [7],
      ...extra,
    },
    { providers: opts.providers },
  );
}

const planRepos = (spec: AppSpec = testApp(), extra: Extra = {}) => planComponent((opts) => build(spec, "shop-repos", opts, extra));

const byName = (plan: PlanDocument, type: string, name: string) => one(plan, type, name);
const fileAt = (plan: PlanDocument, project: PlanResource, filePath: string) =>
  ofType(plan, FILE).find((f) => f.inputs.filePath === filePath && f.dependencies.includes(project.urn));

/** Validates manifests with kubernetes-models in the same child process the plan validator uses. */
function validateManifests(objects: unknown[]): { status: string; message?: string }[] {
  const validator = path.join(__dirname, "../helpers/kubernetes-schema-validator.mjs");
  return JSON.parse(execFileSync(process.execPath, [validator], { input: JSON.stringify(objects), encoding: "utf8" })) as {
    status: string;
    message?: string;
  }[];
}

const repoInput = (spec: AppSpec): ConfigRepoInput => ({
  spec,
  names: appNames(spec, { gitlabParentGroup: "delivery/apps", registryHost: REGISTRY, domain: "platform.example.test" }),
  environments: ENVIRONMENTS,
});
interface ContainerDoc {
  image: string;
  ports: unknown[];
  resources: unknown;
  securityContext: unknown;
  readinessProbe: { tcpSocket: { port: number } };
  livenessProbe: { tcpSocket: { port: number } };
}
interface DeploymentDoc {
  spec: {
    replicas: unknown;
    selector: { matchLabels: Record<string, string> };
    template: { spec: Record<string, unknown> & { containers: ContainerDoc[]; hostNetwork?: boolean } };
  };
}
interface ServiceDoc {
  spec: { selector: Record<string, string>; ports: { name: string }[] };
}
interface KustomizationDoc {
  namespace: string;
  replicas: unknown;
  images: unknown;
}

function contentOf<T = Record<string, unknown>>(spec: AppSpec, filePath: string, files = configRepoFiles(repoInput(spec))): T {
  const file = files.find((f) => f.path === filePath);
  if (!file) throw new Error(`no file ${filePath}`);
  return parse(file.content) as T;
}

describe("AppRepositories: projects", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planRepos();
  });

  it("creates the app and config projects in the team group, private, protected, with the explicit GitLab provider", () => {
    const app = byName(plan, PROJECT, "shop-repos-app");
    const config = byName(plan, PROJECT, "shop-repos-config");
    const gitlabProvider = one(plan, "pulumi:providers:gitlab");
    for (const [project, projectName] of [
      [app, "shop"],
      [config, "shop-config"],
    ] as const) {
      expect(project.inputs).toMatchObject({
        name: projectName,
        path: projectName,
        namespaceId: TEAM_GROUP_ID,
        visibilityLevel: "private",
        defaultBranch: "main",
        initializeWithReadme: true,
        onlyAllowMergeIfPipelineSucceeds: true,
        onlyAllowMergeIfAllDiscussionsAreResolved: true,
        allowMergeOnSkippedPipeline: false,
        containerRegistryAccessLevel: "disabled",
        ciPipelineVariablesMinimumOverrideRole: "no_one_allowed",
        archiveOnDestroy: true,
      });
      expect(project.protect).toBe(true);
      expect(project.provider).toMatch(new RegExp(`^${gitlabProvider.urn.replace(/[$]/g, "\\$")}::`));
      expect(project.pluginVersion).toBe("10.1.1");
    }
  });

  it("protects main on both projects: no direct pushes except automation, maintainers merge, no force push", () => {
    for (const key of ["app", "config"]) {
      const protection = byName(plan, PROTECTION, `shop-repos-${key}-main`);
      expect(protection.inputs).toMatchObject({
        branch: "main",
        pushAccessLevel: "no one",
        mergeAccessLevel: "maintainer",
        allowForcePush: false,
      });
      expect(protection.dependencies).toContain(byName(plan, PROJECT, `shop-repos-${key}`).urn);
    }
    // Only the automation identity pushes main, on both projects: whoever may push main skips its approvals.
    expect(byName(plan, PROTECTION, "shop-repos-app-main").inputs.allowedToPushes).toEqual([{ userId: 7 }]);
    expect(byName(plan, PROTECTION, "shop-repos-config-main").inputs.allowedToPushes).toEqual([{ userId: 7 }]);
    const writer = byName(plan, "gitlab:index/projectAccessToken:ProjectAccessToken", "shop-repos-config-writer");
    expect(byName(plan, PROTECTION, "shop-repos-config-main").dependencies).not.toContain(writer.urn);
    expect(writer.inputs).toMatchObject({ scopes: ["write_repository"], accessLevel: "developer" });
    expect(writer.inputs.rotationConfiguration).toEqual({ expirationDays: 90, rotateBeforeDays: 14 });
  });

  it("by default lets exactly the user of the stack's GitLab token push main, so `pulumi up` can commit managed files again", async () => {
    const automated = await planRepos(testApp(), { automationUserIds: undefined });
    // The offline mock answers getCurrentUser as GitLab would for the provider's token.
    const user = offlineMocks.call({ token: "gitlab:index/getCurrentUser:getCurrentUser", inputs: {} }) as { id: string };
    for (const key of ["app", "config"])
      expect(byName(automated, PROTECTION, `shop-repos-${key}-main`).inputs.allowedToPushes).toEqual([{ userId: Number(user.id) }]);
    expect(Number(user.id)).toBeGreaterThan(0);
  });

  it("lets the GitOps writer push only the non-production environment branches, cut from main after the seeded files", () => {
    const writer = byName(plan, "gitlab:index/projectAccessToken:ProjectAccessToken", "shop-repos-config-writer");
    const environments = byName(plan, PROTECTION, "shop-repos-config-environments");
    expect(environments.inputs).toMatchObject({
      branch: "env/*",
      pushAccessLevel: "no one",
      mergeAccessLevel: "no one",
      allowForcePush: true,
    });
    // The writer's userId is computed by GitLab: the dependency shows it is the second pusher.
    expect((environments.inputs.allowedToPushes as unknown[])[0]).toEqual({ userId: 7 });
    expect(environments.inputs.allowedToPushes as unknown[]).toHaveLength(2);
    expect(environments.dependencies).toContain(writer.urn);
    const branches = ofType(plan, "gitlab:index/branch:Branch");
    // testApp deploys to dev and prod: only dev gets a branch; prod deploys from main.
    expect(branches.map((b) => b.inputs)).toEqual([{ project: expect.any(String) as unknown, name: "env/dev", ref: "main" }]);
    const seeded = ofType(plan, FILE).filter((f) => f.dependencies.includes(byName(plan, PROJECT, "shop-repos-config").urn));
    for (const file of seeded) expect(branches[0]!.dependencies).toContain(file.urn);
  });

  it("locks main only after the platform's first commits", () => {
    const app = byName(plan, PROJECT, "shop-repos-app");
    const config = byName(plan, PROJECT, "shop-repos-config");
    expect(byName(plan, PROTECTION, "shop-repos-app-main").dependencies).toContain(fileAt(plan, app, ".gitlab-ci.yml")!.urn);
    const configProtection = byName(plan, PROTECTION, "shop-repos-config-main");
    for (const file of ofType(plan, FILE).filter((f) => f.dependencies.includes(config.urn))) {
      expect(configProtection.dependencies).toContain(file.urn);
    }
  });

  it("requires team approvals that the author cannot give and a push resets", () => {
    for (const key of ["app", "config"]) {
      const settings = byName(plan, "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", `shop-repos-${key}-mr-approvals`);
      expect(settings.inputs).toMatchObject({
        resetApprovalsOnPush: true,
        mergeRequestsAuthorApproval: false,
        mergeRequestsDisableCommittersApproval: true,
        disableOverridingApproversPerMergeRequest: true,
      });
      const rule = byName(plan, "gitlab:index/projectApprovalRule:ProjectApprovalRule", `shop-repos-${key}-team-approval`);
      expect(rule.inputs).toMatchObject({ approvalsRequired: 1, groupIds: [TEAM_GROUP_ID], appliesToAllProtectedBranches: true });
      expect(rule.dependencies).toContain(byName(plan, PROJECT, `shop-repos-${key}`).urn);
    }
  });

  it("commits the generated pipeline, naming the template version", () => {
    const file = fileAt(plan, byName(plan, PROJECT, "shop-repos-app"), ".gitlab-ci.yml")!;
    expect(file.inputs).toMatchObject({
      branch: "main",
      encoding: "text",
      overwriteOnCreate: true,
      content: "# delivery-platform/app-pipeline@1.0.0\nstages: [test]\n",
      commitMessage: "ci: render pipeline from delivery-platform/app-pipeline@1.0.0",
    });
    expect(file.ignoreChanges).toEqual([]);
  });

  it("sets no project CI variables: the generated pipeline file is the one source of what its jobs read", () => {
    // Project-level variables would override the file's (GitLab's precedence) and drift from it.
    expect(ofType(plan, VARIABLE)).toEqual([]);
  });

  it("writes the config repository: platform-owned base and PDB, seeded overlays the pipeline owns", () => {
    const config = byName(plan, PROJECT, "shop-repos-config");
    const files = ofType(plan, FILE).filter((f) => f.dependencies.includes(config.urn));
    const byPath = Object.fromEntries(files.map((f) => [f.inputs.filePath as string, f]));
    expect(Object.keys(byPath).sort()).toEqual(
      [
        "base/deployment.yaml",
        "base/kustomization.yaml",
        "base/service.yaml",
        "overlays/dev/kustomization.yaml",
        "overlays/prod/kustomization.yaml",
        "overlays/prod/pdb.yaml",
      ].sort(),
    );
    expect(byPath["overlays/dev/kustomization.yaml"]!.ignoreChanges).toEqual(["content"]);
    expect(byPath["overlays/prod/kustomization.yaml"]!.ignoreChanges).toEqual(["content"]);
    expect(byPath["base/deployment.yaml"]!.ignoreChanges).toEqual([]);
    expect(byPath["overlays/prod/pdb.yaml"]!.ignoreChanges).toEqual([]);
    const deployment = parse(byPath["base/deployment.yaml"]!.inputs.content as string) as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    };
    expect(deployment.spec.template.spec.containers[0]!.image).toBe(`${REGISTRY}/shop/shop`);
    for (const file of files) expect(file.secretPaths).toEqual([]);
  });

  it("exports paths and URLs derived from the group path, and a secret writer token", async () => {
    let repos: AppRepositories | undefined;
    await planComponent((opts) => {
      repos = build(testApp(), "shop-repos", opts);
    });
    const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
    expect(await value(repos!.projectPath)).toBe("delivery/apps/web/shop");
    expect(await value(repos!.projectUrl)).toBe("https://gitlab.example.test/delivery/apps/web/shop");
    expect(await value(repos!.configRepoPath)).toBe("delivery/apps/web/shop-config");
    expect(await value(repos!.configRepoUrl)).toBe("https://gitlab.example.test/delivery/apps/web/shop-config.git");
    expect(await value(repos!.projectId)).toMatch(/^\d+$/);
    expect(await pulumi.isSecret(repos!.configRepoWriter.token)).toBe(true);
  });

  it("registers nothing outside the component's name prefix", () => {
    const gitlab = plan.resources.filter((r) => r.type.startsWith("gitlab:"));
    expect(gitlab.length).toBeGreaterThan(10);
    for (const resource of gitlab) expect(resource.name.startsWith("shop-repos-")).toBe(true);
  });
});

describe("config repository manifests", () => {
  const spec = testApp({ service: { port: 9000, metricsPort: "metrics", metricsPath: "/metrics" } });

  it("validate with kubernetes-models", () => {
    const objects = ["base/deployment.yaml", "base/service.yaml", "overlays/prod/pdb.yaml"].map((p) => contentOf(spec, p));
    expect(validateManifests(objects)).toEqual(objects.map(() => ({ status: "valid" })));
  });

  it("a broken manifest fails the same validator", () => {
    const broken = contentOf<DeploymentDoc>(spec, "base/deployment.yaml");
    broken.spec.replicas = "two";
    expect(validateManifests([broken])[0]!.status).toBe("invalid");
  });

  it("the Deployment passes the platform guardrails", () => {
    const deployment = contentOf<DeploymentDoc>(spec, "base/deployment.yaml");
    const pod = deployment.spec.template.spec;
    expect(pod).toMatchObject({
      serviceAccountName: "shop",
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    });
    expect(pod.containers).toHaveLength(1);
    const container = pod.containers[0]!;
    expect(container.image.startsWith(`${REGISTRY}/`)).toBe(true);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      privileged: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container.resources).toEqual({ requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } });
    expect(container.readinessProbe.tcpSocket.port).toBe(9000);
    expect(container.livenessProbe.tcpSocket.port).toBe(9000);
    expect(container.ports).toEqual([{ name: "metrics", containerPort: 9000, protocol: "TCP" }]);
    expect(pod.hostNetwork ?? false).toBe(false);
  });

  it("the Service exposes http and the named metrics port on the app's pods", () => {
    const service = contentOf<ServiceDoc>(spec, "base/service.yaml");
    expect(service.spec.selector).toEqual(contentOf<DeploymentDoc>(spec, "base/deployment.yaml").spec.selector.matchLabels);
    expect(service.spec.ports.map((p) => p.name)).toEqual(["http", "metrics"]);
  });

  it("overlays set namespace, replicas, digest placeholder; the PDB only in production", () => {
    const dev = contentOf<KustomizationDoc>(spec, "overlays/dev/kustomization.yaml");
    const prod = contentOf<KustomizationDoc>(spec, "overlays/prod/kustomization.yaml");
    expect(dev).toMatchObject({
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      namespace: "shop-dev",
      resources: ["../../base"],
    });
    expect(prod).toMatchObject({ namespace: "shop-prod", resources: ["../../base", "pdb.yaml"] });
    expect(dev.replicas).toEqual([{ name: "shop", count: 1 }]);
    expect(prod.replicas).toEqual([{ name: "shop", count: 2 }]);
    for (const overlay of [dev, prod]) {
      expect(overlay.images).toEqual([{ name: `${REGISTRY}/shop/shop`, digest: PLACEHOLDER_DIGEST }]);
    }
    expect(PLACEHOLDER_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(configRepoFiles(repoInput(spec)).some((f) => f.path === "overlays/dev/pdb.yaml")).toBe(false);
    const pdb = contentOf(spec, "overlays/prod/pdb.yaml");
    expect(pdb.spec).toEqual({ minAvailable: 1, selector: { matchLabels: { "app.kubernetes.io/name": "shop" } } });
  });
});

describe("two apps stay apart", () => {
  it("no shared project, path, file, namespace or selector", async () => {
    const shop = testApp();
    const cart = testApp({ name: "cart", team: "checkout", environments: ["dev", "staging"] });
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      build(shop, "shop-repos", opts, {}, context);
      build(cart, "cart-repos", opts, { teamGroupId: 99 }, context);
    });
    const projects = ofType(plan, PROJECT).map((p) => `${p.inputs.namespaceId as number}/${p.inputs.path as string}`);
    expect(projects.sort()).toEqual(["4242/shop", "4242/shop-config", "99/cart", "99/cart-config"]);
    expect(new Set(plan.resources.map((r) => r.urn)).size).toBe(plan.resources.length);
    // Each file lands in its own app's project only.
    const projectOf = (file: PlanResource) => ofType(plan, PROJECT).find((p) => file.dependencies.includes(p.urn))!.name;
    for (const file of ofType(plan, FILE)) expect(projectOf(file).split("-")[0]).toBe(file.name.split("-")[0]);

    const shopFiles = configRepoFiles(repoInput(shop));
    const cartFiles = configRepoFiles({
      ...repoInput(cart),
      environments: [ENVIRONMENTS[0]!, { name: "staging", production: false, cluster: "in-cluster" }],
    });
    const namespaces = (files: typeof shopFiles) =>
      files
        .filter((f) => f.path.startsWith("overlays/") && f.path.endsWith("kustomization.yaml"))
        .map((f) => (parse(f.content) as KustomizationDoc).namespace);
    expect(namespaces(shopFiles)).toEqual(["shop-dev", "shop-prod"]);
    expect(namespaces(cartFiles)).toEqual(["cart-dev", "cart-staging"]);
    const deploymentOf = (files: typeof shopFiles) => contentOf<DeploymentDoc>(shop, "base/deployment.yaml", files);
    expect(deploymentOf(shopFiles).spec.selector).not.toEqual(deploymentOf(cartFiles).spec.selector);
    const image = (files: typeof shopFiles) => deploymentOf(files).spec.template.spec.containers[0]!.image;
    expect(image(shopFiles)).toBe(`${REGISTRY}/shop/shop`);
    expect(image(cartFiles)).toBe(`${REGISTRY}/cart/cart`);
  });
});

describe("TeamGroup", () => {
  it("creates one protected private subgroup that apps are placed in", async () => {
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      const team = new TeamGroup("web-team", { team: "web", context }, { providers: opts.providers });
      build(testApp(), "shop-repos", opts, { teamGroupId: team.groupId }, context);
      build(testApp({ name: "basket" }), "basket-repos", opts, { teamGroupId: team.groupId }, context);
    });
    const groups = ofType(plan, "gitlab:index/group:Group");
    expect(groups).toHaveLength(1);
    const group = groups[0]!;
    expect(group.name).toBe("web-team-group");
    expect(group.protect).toBe(true);
    expect(group.inputs).toMatchObject({
      path: "web",
      visibilityLevel: "private",
      defaultBranch: "main",
      requestAccessEnabled: false,
      archiveOnDestroy: true,
      defaultBranchProtectionDefaults: { allowForcePush: false, allowedToPushes: ["no one"], allowedToMerges: ["maintainer"] },
    });
    expect(group.provider).toMatch(/pulumi:providers:gitlab::test-gitlab::/);
    for (const name of ["shop-repos-app", "basket-repos-app", "shop-repos-config"]) {
      expect(dependsTransitively(plan, byName(plan, PROJECT, name).urn, group.urn)).toBe(true);
    }
  });

  it("rejects a team that is not a DNS label and registers nothing", async () => {
    let error: unknown;
    const plan = await planComponent((opts) => {
      const context = testOnboardingContext(opts);
      try {
        new TeamGroup("bad", { team: "Web Team", context });
      } catch (e) {
        error = e;
      }
    });
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect(String((error as Error).message)).toMatch(/team: must be a DNS-1123 label/);
    expect(plan.resources.filter((r) => r.type.startsWith("gitlab:") || r.type.includes("TeamGroup"))).toEqual([]);
  });
});

describe("gitlabId", () => {
  it("parses numeric IDs and passes anything else through as a visible reference", () => {
    expect(gitlabId("123", "x")).toBe(123);
    expect(gitlabId(5, "x")).toBe(5);
    expect(gitlabId(undefined, "delivery/apps")).toBe("delivery/apps");
    expect(gitlabId("web-team-group-id", "x")).toBe("web-team-group-id");
  });
});
