import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import { AppGitOps, type AppGitOpsArgs } from "../../components/onboarding/gitops";
import { automatedSync } from "../../components/onboarding/gitops/application";
import { appProjectSpec, syncWindows } from "../../components/onboarding/gitops/project";
import type { GitOpsTarget } from "../../components/onboarding/gitops/targets";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { testApp, testNames, testOnboardingContext } from "../helpers/onboarding-context";
import { dependsTransitively, inputAt, ofType, one, planComponent } from "../helpers/plan-component";

const PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";
const APPLICATION = "kubernetes:argoproj.io/v1alpha1:Application";
const COMPONENT = "delivery-platform:onboarding:AppGitOps";
const repoUrl = (app: string) => `https://gitlab.example.test/delivery/apps/web/${app}-config.git`;

/** AppOnboarding passes the cluster provider down its parent chain; here the test passes it directly. */
const k8sOpts = (opts: { providers: { kubernetes: k8s.Provider } }): pulumi.ComponentResourceOptions => ({
  providers: { kubernetes: opts.providers.kubernetes },
});

type Overrides = Partial<Omit<AppGitOpsArgs, "spec" | "names" | "context">> & { context?: (ctx: OnboardingContext) => OnboardingContext };

function argsFor(ctx: OnboardingContext, app: Partial<AppSpecInput> = {}, overrides: Overrides = {}): AppGitOpsArgs {
  const spec = testApp(app);
  const { context, ...rest } = overrides;
  return {
    spec,
    names: testNames(spec),
    context: context ? context(ctx) : ctx,
    configRepoUrl: repoUrl(spec.name),
    namespaces: Object.fromEntries(spec.environments.map((env) => [env, `${spec.name}-${env}`])),
    ...rest,
  };
}

async function planGitOps(app: Partial<AppSpecInput> = {}, overrides: Overrides = {}): Promise<PlanDocument> {
  return planComponent((opts) => new AppGitOps("shop-gitops", argsFor(testOnboardingContext(opts), app, overrides), k8sOpts(opts)));
}

const application = (plan: PlanDocument, name: string): PlanResource => {
  const found = ofType(plan, APPLICATION).filter((r) => inputAt(r, "metadata.name") === name);
  if (found.length !== 1) throw new Error(`expected one Application ${name}, found ${found.length}`);
  return found[0]!;
};
const policiesOf = (project: PlanResource, role: string): string[] =>
  (inputAt(project, "spec.roles") as { name: string; policies: string[] }[]).find((r) => r.name === role)!.policies;

const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((resolve) => output.apply(resolve));

describe("AppGitOps", () => {
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = await planGitOps({ environments: ["dev", "staging", "prod"] });
  });

  it("scopes the AppProject to the app's repository, namespaces and clusters", () => {
    const project = one(plan, PROJECT);
    expect(project.inputs.metadata).toMatchObject({
      name: "shop",
      namespace: "argocd",
      finalizers: ["resources-finalizer.argocd.argoproj.io"],
    });
    expect(inputAt(project, "metadata.name")).not.toBe("default");
    expect(inputAt(project, "spec.sourceRepos")).toEqual([repoUrl("shop")]);
    expect(inputAt(project, "spec.destinations")).toEqual([
      { server: "https://kubernetes.default.svc", namespace: "shop-dev" },
      { server: "https://kubernetes.default.svc", namespace: "shop-staging" },
      { name: "prod-cluster", namespace: "shop-prod" },
    ]);
    expect(inputAt(project, "spec.clusterResourceWhitelist")).toEqual([]);
    expect(inputAt(project, "spec.namespaceResourceBlacklist")).toEqual([
      { group: "", kind: "ResourceQuota" },
      { group: "", kind: "LimitRange" },
      { group: "networking.k8s.io", kind: "NetworkPolicy" },
      // Kinds that would route past the exposure guardrails.
      { group: "", kind: "Endpoints" },
      { group: "discovery.k8s.io", kind: "EndpointSlice" },
      { group: "cert-manager.io", kind: "CertificateRequest" },
      { group: "traefik.io", kind: "*" },
      { group: "traefik.containo.us", kind: "*" },
      { group: "gateway.networking.k8s.io", kind: "*" },
      // Argo Rollouts: runs are the controller's; a rolling app syncs no Rollout or AnalysisTemplate either.
      { group: "argoproj.io", kind: "AnalysisRun" },
      { group: "argoproj.io", kind: "Experiment" },
      { group: "argoproj.io", kind: "Rollout" },
      { group: "argoproj.io", kind: "AnalysisTemplate" },
    ]);
    expect(inputAt(project, "spec.syncWindows")).toEqual([]);
  });

  it("allows Rollouts and AnalysisTemplates only to canary and blue-green apps, AnalysisRuns to none", () => {
    for (const strategy of ["rolling", "canary", "blueGreen"] as const) {
      const blacklist = appProjectSpec(testApp({ delivery: { strategy } }), testNames(testApp()), [], "repo").namespaceResourceBlacklist;
      const rollouts = blacklist.filter((entry) => entry.group === "argoproj.io").map((entry) => entry.kind);
      expect(rollouts).toEqual(
        strategy === "rolling" ? ["AnalysisRun", "Experiment", "Rollout", "AnalysisTemplate"] : ["AnalysisRun", "Experiment"],
      );
    }
  });

  it("lets developers sync outside production only and maintainers everywhere", () => {
    const project = one(plan, PROJECT);
    const roles = inputAt(project, "spec.roles") as { name: string; groups: string[] }[];
    expect(roles.map((r) => [r.name, r.groups])).toEqual([
      ["developers", ["web-developers"]],
      ["maintainers", ["web-maintainers"]],
    ]);
    const developers = policiesOf(project, "developers");
    expect(developers).toContain("p, proj:shop:developers, applications, sync, shop/shop-dev, allow");
    expect(developers).toContain("p, proj:shop:developers, applications, sync, shop/shop-staging, allow");
    expect(developers).toContain("p, proj:shop:developers, applications, get, shop/shop-prod, allow");
    expect(developers.filter((p) => p.includes("shop/shop-prod"))).toEqual([
      "p, proj:shop:developers, applications, get, shop/shop-prod, allow",
    ]);
    expect(policiesOf(project, "maintainers")).toContain("p, proj:shop:maintainers, applications, sync, shop/shop-prod, allow");
    // Argo CD rejects project policies whose subject or object is not this project's.
    for (const p of [...developers, ...policiesOf(project, "maintainers")])
      expect(p).toMatch(/^p, proj:shop:(developers|maintainers), \w+, \w+, shop\/shop-[a-z]+, allow$/);
  });

  it("maps access groups from the spec", async () => {
    const custom = await planGitOps({ access: { developers: "idp-shop-devs", maintainers: "idp-shop-ops" } });
    const roles = inputAt(one(custom, PROJECT), "spec.roles") as { name: string; groups: string[] }[];
    expect(roles.map((r) => r.groups)).toEqual([["idp-shop-devs"], ["idp-shop-ops"]]);
  });

  it("deploys each environment's overlay into its namespace, auto-syncing only outside production", () => {
    expect(
      ofType(plan, APPLICATION)
        .map((r) => inputAt(r, "metadata.name") as string)
        .sort(),
    ).toEqual(["shop-dev", "shop-prod", "shop-staging"]);
    const dev = application(plan, "shop-dev");
    expect(dev.inputs.spec).toEqual({
      project: "shop",
      // Non-production deploys from the environment's branch, which only the GitOps writer pushes.
      source: { repoURL: repoUrl("shop"), path: "overlays/dev", targetRevision: "env/dev" },
      destination: { server: "https://kubernetes.default.svc", namespace: "shop-dev" },
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        syncOptions: ["CreateNamespace=false", "PruneLast=true", "ServerSideApply=true"],
        retry: { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } },
      },
    });
    expect(inputAt(dev, "metadata.finalizers")).toEqual(["resources-finalizer.argocd.argoproj.io"]);
    expect(inputAt(application(plan, "shop-staging"), "spec.syncPolicy.automated")).toEqual({ prune: true, selfHeal: true });

    const prod = application(plan, "shop-prod");
    expect(inputAt(prod, "spec.destination")).toEqual({ name: "prod-cluster", namespace: "shop-prod" });
    expect(inputAt(prod, "spec.source.path")).toBe("overlays/prod");
    // Production deploys from main, which changes only through approved merge requests.
    expect(inputAt(prod, "spec.source.targetRevision")).toBe("main");
    expect(inputAt(application(plan, "shop-staging"), "spec.source.targetRevision")).toBe("env/staging");
    expect(inputAt(prod, "spec.syncPolicy.automated")).toBeUndefined();
    expect(inputAt(prod, "spec.syncPolicy.syncOptions")).toContain("CreateNamespace=false");
    // Deleting the production Application must orphan, not delete, the workload.
    expect(inputAt(prod, "metadata.finalizers")).toBeUndefined();
  });

  it("never uses the default project and keeps every destination inside the project's", () => {
    const project = one(plan, PROJECT);
    const allowed = JSON.stringify(inputAt(project, "spec.destinations"));
    for (const app of ofType(plan, APPLICATION)) {
      expect(inputAt(app, "spec.project")).toBe("shop");
      expect(allowed).toContain(JSON.stringify(inputAt(app, "spec.destination")).slice(1, -1));
      expect(inputAt(project, "spec.sourceRepos")).toContain(inputAt(app, "spec.source.repoURL"));
    }
  });

  it("waits for the Argo CD release, and Applications for their project", () => {
    const release = one(plan, "kubernetes:helm.sh/v3:Release", "argocd-release");
    const project = one(plan, PROJECT);
    expect(project.dependencies).toContain(release.urn);
    for (const app of ofType(plan, APPLICATION)) {
      expect(dependsTransitively(plan, app.urn, release.urn)).toBe(true);
      expect(app.dependencies).toContain(project.urn);
    }
    // Independent: no Application waits for another.
    const apps = ofType(plan, APPLICATION);
    for (const a of apps) for (const b of apps) if (a !== b) expect(dependsTransitively(plan, a.urn, b.urn)).toBe(false);
  });

  it("names every child after the component and parents it there, unprotected because it holds no data", () => {
    const component = one(plan, COMPONENT);
    const children = plan.resources.filter((r) => r.parent === component.urn);
    expect(children.map((r) => r.name).sort()).toEqual([
      "shop-gitops-app-dev",
      "shop-gitops-app-prod",
      "shop-gitops-app-staging",
      "shop-gitops-project",
    ]);
    for (const child of children) {
      expect(child.name.startsWith("shop-gitops-")).toBe(true);
      expect(child.protect).toBe(false);
      expect(child.provider).toMatch(/test-cluster/);
    }
  });

  it("produces objects the Argo CD models accept", () => {
    const verdicts = validateKubernetesObjects(plan);
    expect(verdicts.map((v) => v.kind).sort()).toEqual(["AppProject", "Application", "Application", "Application"]);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });

  it("gates automated production syncs with an allow window that matches production only", async () => {
    const windowed = await planGitOps({
      environments: ["dev", "prod"],
      delivery: { production: { sync: "window", schedule: "0 6 * * 1-5", duration: "2h", timeZone: "Europe/Berlin" } },
    });
    expect(inputAt(one(windowed, PROJECT), "spec.syncWindows")).toEqual([
      {
        kind: "allow",
        schedule: "0 6 * * 1-5",
        duration: "2h",
        timeZone: "Europe/Berlin",
        manualSync: true,
        applications: ["shop-prod"],
        description: "Automated production syncs of shop",
      },
    ]);
    expect(inputAt(application(windowed, "shop-prod"), "spec.syncPolicy.automated")).toEqual({ prune: true, selfHeal: true });
    expect(inputAt(application(windowed, "shop-prod"), "metadata.finalizers")).toBeUndefined();
    expect(validateKubernetesObjects(windowed).every((v) => v.status === "valid")).toBe(true);
  });

  it("exposes the project and Application names", async () => {
    let gitops: AppGitOps | undefined;
    await planComponent((opts) => {
      gitops = new AppGitOps("shop-gitops", argsFor(testOnboardingContext(opts)), k8sOpts(opts));
    });
    expect(await valueOf(gitops!.projectName)).toBe("shop");
    expect(Object.keys(gitops!.applicationNames)).toEqual(["dev", "prod"]);
    expect(await valueOf(gitops!.applicationNames.prod!)).toBe("shop-prod");
  });
});

describe("AppGitOps repository credentials", () => {
  it("stores them only in a secret, project-scoped repository Secret", async () => {
    const plan = await planGitOps({}, { repositoryCredentials: { username: "deploy-token", password: pulumi.secret("gldt-very-secret") } });
    const secret = one(plan, "kubernetes:core/v1:Secret");
    expect(secret.name).toBe("shop-gitops-repository");
    expect(secret.inputs.metadata).toMatchObject({
      name: "repo-shop",
      namespace: "argocd",
      labels: { "argocd.argoproj.io/secret-type": "repository" },
    });
    expect(secret.secretPaths).toContain("stringData");
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(JSON.stringify(plan)).not.toContain("gldt-very-secret");
    expect(dependsTransitively(plan, secret.urn, one(plan, "kubernetes:helm.sh/v3:Release", "argocd-release").urn)).toBe(true);
    expect(ofType(plan, "kubernetes:core/v1:ConfigMap")).toEqual([]);
    expect(validateKubernetesObjects(plan).every((v) => v.status === "valid")).toBe(true);
  });

  it("creates no repository Secret without credentials", async () => {
    expect(ofType(await planGitOps(), "kubernetes:core/v1:Secret")).toEqual([]);
  });
});

describe("AppGitOps isolation between apps", () => {
  it("gives two apps disjoint projects, repositories, destinations, Applications and groups", async () => {
    const plan = await planComponent((opts) => {
      const ctx = testOnboardingContext(opts);
      new AppGitOps("shop-gitops", argsFor(ctx, { name: "shop", team: "web" }), k8sOpts(opts));
      new AppGitOps("cart-gitops", argsFor(ctx, { name: "cart", team: "checkout" }), k8sOpts(opts));
    });
    const projects = ofType(plan, PROJECT);
    const [shop, cart] = ["shop", "cart"].map((n) => projects.find((p) => inputAt(p, "metadata.name") === n)!);
    const list = (p: PlanResource, path: string) => (inputAt(p, path) as unknown[]).map((v) => JSON.stringify(v));
    for (const path of ["spec.sourceRepos", "spec.destinations"])
      expect(list(shop!, path).filter((v) => list(cart!, path).includes(v))).toEqual([]);
    const groups = (p: PlanResource) => (inputAt(p, "spec.roles") as { groups: string[] }[]).flatMap((r) => r.groups);
    expect(groups(shop!).filter((g) => groups(cart!).includes(g))).toEqual([]);
    expect(policiesOf(cart!, "developers").every((p) => p.includes("proj:cart:") && p.includes(" cart/cart-"))).toBe(true);
    const apps = ofType(plan, APPLICATION).map(
      (a) => `${inputAt(a, "metadata.name") as string} in ${inputAt(a, "spec.project") as string}`,
    );
    expect(apps.sort()).toEqual(["cart-dev in cart", "cart-prod in cart", "shop-dev in shop", "shop-prod in shop"]);
  });
});

describe("AppGitOps destinations", () => {
  it("deploys only into the app's own namespaces, whatever namespace Output is passed for ordering", async () => {
    const plan = await planGitOps({}, { namespaces: { dev: pulumi.output("shop-dev"), prod: pulumi.output("cart-prod") } });
    expect(JSON.stringify(plan)).not.toContain("cart-prod");
    expect(inputAt(application(plan, "shop-prod"), "spec.destination.namespace")).toBe("shop-prod");
  });
});

describe("GitOps builders", () => {
  const target = (production: boolean): GitOpsTarget => ({
    environment: production ? "prod" : "dev",
    production,
    applicationName: production ? "shop-prod" : "shop-dev",
    destination: { server: "https://kubernetes.default.svc" },
    namespace: production ? "shop-prod" : "shop-dev",
  });

  it("automates production only with a sync window", () => {
    expect(automatedSync(target(true), testApp())).toBeUndefined();
    expect(automatedSync(target(false), testApp())).toEqual({ prune: true, selfHeal: true });
    const windowed = testApp({ delivery: { production: { sync: "window", schedule: "0 6 * * *", duration: "1h" } } });
    expect(automatedSync(target(true), windowed)).toEqual({ prune: true, selfHeal: true });
    expect(syncWindows(windowed, testNames(windowed), [target(true)])[0]).toMatchObject({ timeZone: "UTC", applications: ["shop-prod"] });
  });

  it("opens no window when the app has no production environment", () => {
    const windowed = testApp({
      environments: ["dev"],
      delivery: { production: { sync: "window", schedule: "0 6 * * *", duration: "1h" } },
    });
    expect(syncWindows(windowed, testNames(windowed), [target(false)])).toEqual([]);
  });
});
