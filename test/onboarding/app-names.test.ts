import fc from "fast-check";
import { appNameClaims, nameCollisions, platformClaims, reservedWordIn } from "../../components/onboarding/app-name-collisions";
import { PLATFORM_HOST_LABELS } from "../../components/platform/service-catalog";
import { appNames, RESERVED_NAME_WORDS, type AppIdentity } from "../../components/onboarding/app-names";
import { appCollisionProblems, appNameProblems, type StackNaming } from "../../components/onboarding/app-rules";
import { appSpecSchema, type AppSpec } from "../../components/onboarding/app-spec";

const PLATFORM = { gitlabParentGroup: "delivery/apps", registryHost: "harbor.example.test", domain: "example.test" };

describe("appNames", () => {
  it("derives every physical name of an app from one identity", () => {
    const names = appNames({ name: "shop", team: "web", formerNames: [], environments: ["dev", "prod"] }, PLATFORM);
    expect(names).toMatchObject({
      app: "shop",
      stable: "shop",
      kubernetes: {
        namespaces: { dev: "shop-dev", prod: "shop-prod" },
        serviceAccount: "shop",
        imagePullSecret: "shop-registry",
        configSecret: "shop-config",
        secretStore: "shop-vault",
        imagePolicy: "verify-images-shop",
      },
      registry: { project: "shop", repository: "harbor.example.test/shop/shop" },
      gitlab: {
        teamGroupPath: "delivery/apps/web",
        projectPath: "delivery/apps/web/shop",
        configRepoPath: "delivery/apps/web/shop-config",
        writerToken: "shop-gitops-writer",
      },
      vault: {
        environmentPaths: { dev: "apps/web/shop/dev", prod: "apps/web/shop/prod" },
        configSecretPaths: { dev: "apps/web/shop/dev/config", prod: "apps/web/shop/prod/config" },
        ciPath: "apps/web/shop/ci",
        ciSecretPaths: { registry: "apps/web/shop/ci/registry", gitops: "apps/web/shop/ci/gitops" },
        environmentAccess: { dev: "app.web.shop.dev", prod: "app.web.shop.prod" },
        ciAccess: { build: "ci.web.shop.build", sign: "ci.web.shop.sign", deploy: "ci.web.shop.deploy" },
        transitKey: "shop",
      },
      argocd: { project: "shop", applications: { dev: "shop-dev", prod: "shop-prod" }, repositorySecret: "repo-shop" },
      velero: { schedule: "app-shop", drillNamespaces: { dev: "shop-drill-dev", prod: "shop-drill-prod" } },
      ci: { resourceGroups: { dev: "gitops-shop-dev", prod: "gitops-shop-prod" } },
      ingress: { hosts: { dev: "shop-dev.example.test", prod: "shop-prod.example.test" } },
    });
  });

  it("keeps every physical name on the original name through renames; only the Pulumi identity follows", () => {
    const original = appNames({ name: "shop", team: "web", formerNames: [], environments: ["dev"] }, PLATFORM);
    const renamed = appNames({ name: "storefront", team: "web", formerNames: ["shop", "webshop"], environments: ["dev"] }, PLATFORM);
    expect(renamed.app).toBe("storefront");
    expect(renamed.pulumiNames).toEqual(["storefront", "shop", "webshop"]);
    const { app: _a, pulumiNames: _p, ...physicalOriginal } = original;
    const { app: _b, pulumiNames: _q, ...physicalRenamed } = renamed;
    expect(physicalRenamed).toEqual(physicalOriginal);
  });
});

describe("collisions", () => {
  const spec = (name: string, environments: string[], extra: Partial<AppSpec> = {}): AppSpec =>
    appSpecSchema.parse({ name, team: "web", environments, ...extra });
  const naming = (envs: string[]): StackNaming => ({
    ...PLATFORM,
    environments: envs.map((name) => ({ name, cluster: "in-cluster" })),
    platformNamespaces: ["argocd", "vault", "kube-system"],
    platformHarborProjects: ["dockerhub-proxy"],
  });

  it("rejects app shop with environment eu-dev beside app shop-eu with environment dev, naming both", () => {
    const problems = appCollisionProblems([spec("shop", ["eu-dev"]), spec("shop-eu", ["dev"])], naming(["dev", "eu-dev"]));
    expect(problems).toEqual([
      {
        index: 1,
        problem: {
          path: ["name"],
          message:
            "app 'shop-eu' would get names that app 'shop' has: namespace 'shop-eu-dev' (theirs: environment eu-dev; its: environment dev), " +
            "Argo CD application 'shop-eu-dev' (theirs: environment eu-dev; its: environment dev), " +
            "hostname 'shop-eu-dev.example.test' (theirs: environment eu-dev; its: environment dev); " +
            "rename the new app or its environment (a deployed app's names cannot change)",
        },
      },
    ]);
  });

  it("reserves former names: a new app cannot take a renamed app's old name", () => {
    const problems = appCollisionProblems([spec("storefront", ["dev"], { formerNames: ["shop"] }), spec("shop", ["dev"])], naming(["dev"]));
    expect(problems.map((p) => p.problem.message)).toEqual([
      expect.stringMatching(
        /^app 'shop' would get names that app 'storefront' has: pulumi name 'shop' \(theirs: former name\), namespace 'shop-dev'.* and 19 more;/,
      ),
    ]);
  });

  it("keeps apps off the platform's names: namespaces, proxy caches and Argo CD's default project", () => {
    const messages = appCollisionProblems(
      [spec("kube", ["system"]), spec("dockerhub-proxy", ["dev"]), spec("default", ["dev"])],
      naming(["dev", "system"]),
    ).map((p) => p.problem.message);
    expect(messages).toEqual([
      expect.stringMatching(/^app 'kube' would get names that the platform has: namespace 'kube-system' \(its: environment system\);/),
      expect.stringMatching(
        /^app 'dockerhub-proxy' would get names that the platform has: Harbor project 'dockerhub-proxy' \(theirs: proxy cache\);/,
      ),
      expect.stringMatching(/^app 'default' would get names that the platform has: Argo CD project 'default';/),
    ]);
  });

  it("does not mistake the same namespace on two clusters for a collision, but the Argo CD name and the host still collide", () => {
    const envs: StackNaming["environments"] = [
      { name: "dev", cluster: "in-cluster" },
      { name: "eu-dev", cluster: "eu" },
    ];
    const problems = appCollisionProblems([spec("shop", ["eu-dev"]), spec("shop-eu", ["dev"])], { ...naming([]), environments: envs });
    expect(problems.map((p) => p.problem.message)).toEqual([
      expect.stringMatching(/has: Argo CD application 'shop-eu-dev' \(.*, hostname 'shop-eu-dev\.example\.test' \(/),
    ]);
  });

  it("keeps app hosts off the platform's hosts", () => {
    const platform = platformClaims({
      namespaces: [],
      harborProjects: [],
      argocdProjects: [],
      hosts: ["shop-dev.example.test"],
      clusters: [],
    });
    const app = { label: "app 'shop'", claims: appNameClaims(appNames(spec("shop", ["dev"]), PLATFORM), () => "in-cluster") };
    expect(nameCollisions([platform, app])).toEqual([
      {
        kind: "hostname",
        value: "shop-dev.example.test",
        first: { owner: "the platform", detail: "platform service" },
        second: { owner: "app 'shop'", detail: "environment dev" },
      },
    ]);
    // The real platform hosts are single labels without '-', which `<app>-<environment>` never is.
    for (const label of PLATFORM_HOST_LABELS) expect(label).toMatch(/^[a-z0-9]+$/);
  });

  it("rejects reserved words in app and environment names", () => {
    for (const word of Object.keys(RESERVED_NAME_WORDS)) {
      expect(appSpecSchema.safeParse({ name: `shop-${word}`, team: "web", environments: ["dev"] }).success).toBe(false);
      expect(appSpecSchema.safeParse({ name: "shop", team: "web", environments: [`${word}-1`] }).success).toBe(false);
      expect(reservedWordIn(`a-${word}-b`)).toBe(word);
    }
    // A reserved word inside another word is not a word of the name.
    expect(appSpecSchema.safeParse({ name: "previewer", team: "web", environments: ["drills"] }).success).toBe(true);
  });
});

/**
 * Property: whenever the collision check accepts a stack, no two distinct (app, environment) pairs
 * map to one namespace, Vault path or role, Argo CD application or Harbor repository; and it
 * rejects only stacks where an independently computed physical name really is shared. Names are
 * drawn from a tiny alphabet so that `a-b` + `c` vs `a` + `b-c` coincidences are frequent.
 */
describe("collision check (property)", () => {
  const word = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("a", "b") }, { weight: 1, arbitrary: fc.constantFrom("ci", "preview") });
  const label = fc
    .array(word, { minLength: 1, maxLength: 3 })
    .map((words) => words.join("-"))
    .filter((name) => name.length <= 20);
  const identity = fc.record({
    name: label,
    team: fc.constantFrom("t", "t-a"),
    formerNames: fc.uniqueArray(label, { maxLength: 2 }),
    environments: fc.uniqueArray(fc.oneof(label, fc.constantFrom("1", "11", "1-1")), { minLength: 1, maxLength: 3 }),
  });
  const stack = fc.uniqueArray(identity, { minLength: 1, maxLength: 4, selector: (app) => app.name });

  /** Apps the schema and the per-app rules accept, as the stack config would pass them on. */
  const accepted = (apps: AppIdentity[]): AppSpec[] =>
    apps.flatMap((app) => {
      const parsed = appSpecSchema.safeParse(app);
      return parsed.success && appNameProblems(parsed.data).length === 0 ? [parsed.data] : [];
    });
  const check = (specs: AppSpec[]) =>
    appCollisionProblems(specs, {
      ...PLATFORM,
      environments: [...new Set(specs.flatMap((s) => s.environments))].map((name) => ({ name, cluster: "in-cluster" })),
      platformNamespaces: [],
      platformHarborProjects: [],
    });

  /** Every physical name of each app, read from its AppNames, by category: the oracle. */
  function sharedNames(specs: AppSpec[]): string[] {
    const owner = new Map<string, string>();
    const shared: string[] = [];
    for (const spec of specs) {
      const n = appNames(spec, PLATFORM);
      const entries: [string, string][] = [
        ...spec.environments.flatMap((env): [string, string][] => [
          ["namespace", n.kubernetes.namespaces[env]!],
          ["argocd application", n.argocd.applications[env]!],
          ["vault path", n.vault.environmentPaths[env]!],
          ["vault role", n.vault.environmentAccess[env]!],
          ["hostname", n.ingress.hosts[env]!],
        ]),
        ["vault path", n.vault.ciPath],
        ...Object.values(n.vault.ciAccess).map((role): [string, string] => ["vault role", role]),
        ["harbor repository", n.registry.repository],
        ["gitlab project", n.gitlab.projectPath],
        ["gitlab project", n.gitlab.configRepoPath],
        ["transit key", n.vault.transitKey],
        ...n.pulumiNames.map((name): [string, string] => ["pulumi name", name]),
      ];
      for (const [category, value] of entries) {
        const key = `${category}:${value}`;
        const first = owner.get(key);
        if (first !== undefined && first !== spec.name) shared.push(key);
        else owner.set(key, spec.name);
      }
    }
    return shared;
  }

  it("accepts exactly the stacks in which no physical name is shared", () => {
    fc.assert(
      fc.property(stack, (apps) => {
        const specs = accepted(apps);
        const perPair = (kind: string) => sharedNames(specs).some((key) => key.startsWith(kind));
        const rejected = check(specs).length > 0;
        // Soundness for the four kinds the issue names, then agreement with the full oracle.
        if (!rejected && ["namespace", "vault", "argocd", "harbor"].some(perPair)) return false;
        return rejected === sharedNames(specs).length > 0;
      }),
      { numRuns: 1000 },
    );
  });

  it("never gives an app a namespace that is another app's preview namespace", () => {
    fc.assert(
      fc.property(stack, fc.constantFrom(1, 11), (apps, iid) => {
        const specs = accepted(apps);
        return specs.every((a) =>
          specs.every((b) =>
            Object.values(appNames(b, PLATFORM).kubernetes.namespaces).every(
              (ns) => ns !== `${appNames(a, PLATFORM).stable}-preview-${iid}`,
            ),
          ),
        );
      }),
      { numRuns: 300 },
    );
  });
});
