// AppOnboarding is the one public boundary of onboarding: every problem of its args is reported
// there, at once, naming the key, and nothing is registered. Its parts take parsed input.
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { AppOnboarding, type AppOnboardingArgs } from "../../components/onboarding/app-onboarding";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { ComponentArgsError } from "../../components/validation/issues";
import { testOnboardingContext } from "../helpers/onboarding-context";
import { planComponent } from "../helpers/plan-component";

const SHOP: AppSpecInput = { name: "shop", team: "web", environments: ["dev", "prod"] };

interface Attempt {
  name?: string;
  spec?: Partial<AppSpecInput>;
  context?: (context: OnboardingContext) => OnboardingContext;
  args?: Partial<AppOnboardingArgs>;
  /** Pass no provider for `prod-cluster`. */
  withoutClusterProvider?: boolean;
}

async function rejected(attempt: Attempt): Promise<readonly string[]> {
  let error: unknown;
  const plan = await planComponent((opts) => {
    const base = testOnboardingContext(opts);
    const context = attempt.context ? attempt.context(base) : base;
    const prodCluster = new k8s.Provider("prod-cluster", { context: "prod" });
    const spec = { ...SHOP, ...attempt.spec };
    try {
      new AppOnboarding(
        attempt.name ?? spec.name,
        {
          spec,
          context,
          teamGroupId: 7,
          clusterProviders: attempt.withoutClusterProvider ? undefined : { "prod-cluster": prodCluster },
          ...attempt.args,
        },
        opts,
      );
    } catch (caught) {
      error = caught;
    }
  });
  expect(error).toBeInstanceOf(ComponentArgsError);
  expect(plan.resources.filter((r) => r.type.startsWith("delivery-platform:onboarding"))).toEqual([]);
  return (error as ComponentArgsError).problems;
}

describe("AppOnboarding's boundary", () => {
  it.each<[string, Attempt, string | RegExp]>([
    [
      "a component name other than the app's",
      { name: "shop-v2" },
      "spec.name: must be the component's name 'shop-v2' (the app's URNs are named after it)",
    ],
    [
      "an undeclared environment, with the one environment message",
      { spec: { environments: ["dev", "qa"] } },
      "spec.environments[1]: unknown environment 'qa'; declared environments: dev, staging, prod",
    ],
    ["a name Harbor would refuse", { spec: { name: "shop--web" } }, /^spec\.name: must not contain '--'/],
    [
      "a database without the platform's CloudNativePG",
      { spec: { environments: ["dev"], services: { postgres: {} } } },
      "spec.services.postgres: the platform runs no CloudNativePG: enable services.cloudnativePg (context.backingServices.postgres)",
    ],
    [
      "a database in an environment the app does not have",
      { spec: { environments: ["dev"], services: { cache: { environments: ["staging"] } } } },
      /^spec\.services\.cache\.environments\[0\]: 'staging' is not an environment of the app \(dev\)/,
    ],
    [
      "a cache on an environment of another cluster",
      { spec: { services: { cache: {} } } },
      /^spec\.services\.cache: environment 'prod' runs on another cluster than the platform's/,
    ],
    [
      "a reserved word",
      { spec: { name: "shop-preview" } },
      /^spec\.name: must not contain the word 'preview': it is reserved for preview environments/,
    ],
    [
      "an app named like a proxy-cache project",
      { spec: { name: "dockerhub-proxy" } },
      /^spec\.name: app 'dockerhub-proxy' would get names that the platform has: Harbor project 'dockerhub-proxy' \(theirs: proxy cache\)/,
    ],
    [
      "an app named like Argo CD's default project",
      { spec: { name: "default" } },
      /^spec\.name: app 'default' would get names that the platform has: Argo CD project 'default'/,
    ],
    [
      "a namespace of the platform",
      {
        spec: { name: "ingress", environments: ["nginx"] },
        context: (c) => ({ ...c, environments: [...c.environments, { name: "nginx", production: false, cluster: "in-cluster" }] }),
      },
      /^spec\.name: app 'ingress' would get names that the platform has: namespace 'ingress-nginx' \(its: environment nginx\)/,
    ],
    [
      "an environment named like the CI folder",
      {
        spec: { environments: ["ci"] },
        context: (c) => ({ ...c, environments: [...c.environments, { name: "ci", production: false, cluster: "in-cluster" }] }),
      },
      "spec.environments[0]: 'ci' is reserved: it is the Vault folder of the app's CI secrets",
    ],
    [
      "a metrics port named like the traffic port",
      { spec: { service: { metricsPort: "http" } } },
      "spec.service.metricsPort: must not be 'http': that name is the Service's traffic port",
    ],
    [
      "a former name equal to the name",
      { spec: { formerNames: ["shop"] } },
      "spec.formerNames: must not list the app's current name 'shop'",
    ],
    [
      "a remote cluster without its provider",
      { withoutClusterProvider: true },
      "clusterProviders.prod-cluster: environment 'prod' runs on cluster 'prod-cluster': pass a Kubernetes provider for that cluster",
    ],
    [
      "a remote cluster the platform does not describe (its Vault mount and releases)",
      { context: (c) => ({ ...c, clusters: {} }) },
      "context.clusters.prod-cluster: environment 'prod' runs on cluster 'prod-cluster': describe what the platform runs there (its Vault Kubernetes auth mount and releases; WorkloadCluster.onboarding)",
    ],
    [
      "an unregistered Argo CD cluster",
      { context: (c) => ({ ...c, argocd: { ...c.argocd, clusterNames: ["in-cluster"] } }) },
      "context.environments[2].cluster: 'prod-cluster' is not a registered Argo CD cluster (registered: in-cluster)",
    ],
    [
      "a registry host with a scheme",
      { context: (c) => ({ ...c, registry: { ...c.registry, host: "https://harbor.example.test" } }) },
      /^context\.registry\.host: must be a registry host without scheme/,
    ],
    [
      "a foreign Harbor provider",
      { context: (c) => ({ ...c, registry: { ...c.registry, provider: {} as never } }) },
      "context.registry.provider: must be the platform's Harbor provider",
    ],
    [
      "a KV mount with slashes",
      { context: (c) => ({ ...c, vault: { ...c.vault, kvMountPath: "/secret/" } }) },
      /^context\.vault\.kvMountPath: must be a Vault mount path/,
    ],
    [
      "an in-cluster Vault address that is no URL",
      { context: (c) => ({ ...c, vault: { ...c.vault, inClusterAddress: "vault.vault.svc" } }) },
      /^context\.vault\.inClusterAddress: must be an http\(s\) URL/,
    ],
    [
      "an ingress namespace that is not a DNS label",
      { context: (c) => ({ ...c, ingress: { className: "nginx", namespace: "Ingress_Nginx" } }) },
      /^context\.ingress\.namespace: must be a DNS-1123 label/,
    ],
    [
      "an Argo CD release that is not a resource",
      { context: (c) => ({ ...c, argocd: { ...c.argocd, release: "argocd" as unknown as pulumi.Resource } }) },
      /^context\.argocd\.release: must be the Helm release/,
    ],
    ["a team group given by path", { args: { teamGroupId: "web" } }, /^teamGroupId: /],
    [
      "quota rules of the spec",
      { spec: { resources: { quota: { memory: "1Gi" } } } },
      "spec.resources.container.max.memory: must not exceed quota.memory: one container could never start",
    ],
  ])("rejects %s", async (_, attempt, expected) => {
    const problems = await rejected(attempt);
    expect(problems).toContainEqual(typeof expected === "string" ? expected : expect.stringMatching(expected));
  });

  it("reports every problem of one call at once", async () => {
    const problems = await rejected({
      spec: { name: "shop--web", environments: ["qa"] },
      context: (c) => ({ ...c, registry: { ...c.registry, host: "https://harbor" } }),
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "spec.environments[0]: unknown environment 'qa'; declared environments: dev, staging, prod",
        expect.stringMatching(/^spec\.name: must not contain '--'/) as unknown,
        expect.stringMatching(/^context\.registry\.host/) as unknown,
      ]),
    );
  });

  it("rejects a part without the providers it creates with (onboarding-part.ts)", async () => {
    const withoutRegistryProvider = (c: OnboardingContext) => ({ ...c, registry: { ...c.registry, provider: undefined } });
    expect(await rejected({ context: withoutRegistryProvider, args: { part: "foundations" } })).toEqual([
      "context.registry.provider: required for part 'foundations' (the platform's Harbor provider)",
    ]);
    const withoutVault = (c: OnboardingContext) => ({ ...c, vault: { ...c.vault, provider: undefined } });
    expect(await rejected({ context: withoutVault, args: { part: "tenant" } })).toEqual([
      "context.vault.provider: required once the foundations exist (the tenant's scoped Vault token)",
    ]);
    expect(await rejected({ args: { part: "tenant", teamGroupId: undefined } })).toEqual([
      "teamGroupId: required for part 'tenant' (TeamGroup.groupId of the app's team)",
    ]);
    expect(await rejected({ args: { part: "all", awaitingFoundations: true } })).toEqual([
      "awaitingFoundations: only the 'tenant' part waits for foundations (part is 'all')",
    ]);
  });

  it("creates each half with its part: foundations without GitLab projects, the tenant half without Harbor, Vault roles or namespaces", async () => {
    const typesOf = async (part: "foundations" | "tenant") => {
      const plan = await planComponent((opts) => {
        const context = testOnboardingContext(opts);
        new AppOnboarding("shop", { spec: { ...SHOP, environments: ["dev"] }, context, teamGroupId: 7, part }, opts);
      });
      return new Set(plan.resources.filter((r) => r.name.startsWith("shop-")).map((r) => r.type));
    };
    const foundations = await typesOf("foundations");
    for (const type of ["harbor:index/project:Project", "kubernetes:core/v1:Namespace", "vault:jwt/authBackendRole:AuthBackendRole"])
      expect(foundations).toContain(type);
    for (const type of ["gitlab:index/project:Project", "kubernetes:external-secrets.io/v1:SecretStore"])
      expect(foundations).not.toContain(type);
    const tenant = await typesOf("tenant");
    for (const type of ["gitlab:index/project:Project", "kubernetes:external-secrets.io/v1:SecretStore", "vault:kv/secretV2:SecretV2"])
      expect(tenant).toContain(type);
    for (const type of [
      "harbor:index/project:Project",
      "kubernetes:core/v1:Namespace",
      "vault:jwt/authBackendRole:AuthBackendRole",
      "vault:index/policy:Policy",
    ])
      expect(tenant).not.toContain(type);
  });
});
