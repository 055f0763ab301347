import { parse as parseHcl } from "../../policies/crossguard/hcl-parser";
import * as pulumi from "@pulumi/pulumi";
import type { AppSpec } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { AppSecrets, type AppSecretsArgs } from "../../components/onboarding/secrets";
import { appPolicy, ciPolicy } from "../../components/onboarding/secrets/policies";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { testApp, testNames, testOnboardingContext } from "../helpers/onboarding-context";
import { dependsTransitively, inputAt, one, ofType, planComponent } from "../helpers/plan-component";

const POLICY = "vault:index/policy:Policy";
const K8S_ROLE = "vault:kubernetes/authBackendRole:AuthBackendRole";
const JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";
const KV_SECRET = "vault:kv/secretV2:SecretV2";
const TRANSIT_KEY = "vault:transit/secretBackendKey:SecretBackendKey";
const STORE = "kubernetes:external-secrets.io/v1:SecretStore";
const EXTERNAL_SECRET = "kubernetes:external-secrets.io/v1:ExternalSecret";
const COMPONENT = "delivery-platform:onboarding:AppSecrets";

type ExtraArgs = Partial<Omit<AppSecretsArgs, "spec" | "names" | "context">>;

interface Planned {
  plan: PlanDocument;
  components: AppSecrets[];
  context?: OnboardingContext;
  error?: unknown;
}

const defaultArgs = (spec: AppSpec): Omit<AppSecretsArgs, "spec" | "context"> => ({
  names: testNames(spec),
  namespaces: Object.fromEntries(spec.environments.map((env) => [env, pulumi.output(`${spec.name}-${env}`)])),
  gitlabProject: { project_id: "42" },
  defaultBranch: "main",
});

/** Plans one AppSecrets per app (name = app name) against the test platform. */
async function planSecrets(apps: { spec: AppSpec; extra?: ExtraArgs }[]): Promise<Planned> {
  const result: Partial<Planned> = { components: [] };
  result.plan = await planComponent((opts) => {
    const context = testOnboardingContext(opts);
    result.context = context;
    try {
      for (const { spec, extra } of apps)
        result.components!.push(new AppSecrets(spec.name, { spec, context, ...defaultArgs(spec), ...extra }, opts));
    } catch (error) {
      result.error = error;
    }
  });
  return result as Planned;
}

const resolve = <T>(output: pulumi.Output<T>): Promise<T> => new Promise((done) => output.apply(done));

interface ParsedPolicy {
  path: Record<string, { capabilities: string[] }[]>;
}
const parsePolicy = async (hcl: string) => (await parseHcl("policy.hcl", hcl)) as unknown as ParsedPolicy;
const grants = async (resource: PlanResource) =>
  Object.fromEntries(Object.entries((await parsePolicy(resource.inputs.policy as string)).path).map(([p, [b]]) => [p, b!.capabilities]));

/** Vault ACL matching: a trailing `*` is a prefix glob, anything else is exact. */
const matches = (rule: string, path: string) => (rule.endsWith("*") ? path.startsWith(rule.slice(0, -1)) : rule === path);

const byName = (plan: PlanDocument, type: string, name: string) => one(plan, type, name);

describe("AppSecrets", () => {
  let base: Planned;

  beforeAll(async () => {
    base = await planSecrets([{ spec: testApp() }]);
    expect(base.error).toBeUndefined();
  });

  it("registers Vault objects through the platform's Vault provider, under the component, named after it", () => {
    const component = one(base.plan, COMPONENT);
    const vaultProvider = one(base.plan, "pulumi:providers:vault");
    const vaultResources = base.plan.resources.filter((r) => r.type.startsWith("vault:"));
    expect(vaultResources.map((r) => r.type).sort()).toEqual(
      [POLICY, POLICY, POLICY, POLICY, POLICY, K8S_ROLE, K8S_ROLE, JWT_ROLE, JWT_ROLE, JWT_ROLE, KV_SECRET, KV_SECRET].sort(),
    );
    for (const r of vaultResources) {
      expect(r.provider).toBe(`${vaultProvider.urn}::test-vault-id`);
      expect(r.parent).toBe(component.urn);
    }
    for (const r of base.plan.resources.filter((r) => r.parent === component.urn)) expect(r.name.startsWith("shop-")).toBe(true);
  });

  it("grants each environment read-only access to its own KV folder, and each CI purpose only the CI secret it needs", async () => {
    const dev = byName(base.plan, POLICY, "shop-policy-dev");
    expect(dev.inputs.name).toBe("app.web.shop.dev");
    expect(await grants(dev)).toEqual({
      "secret/data/apps/web/shop/dev/*": ["read"],
      "secret/metadata/apps/web/shop/dev/*": ["read", "list"],
    });
    const prod = byName(base.plan, POLICY, "shop-policy-prod");
    expect(prod.inputs.name).toBe("app.web.shop.prod");
    expect(await grants(prod)).toEqual({
      "secret/data/apps/web/shop/prod/*": ["read"],
      "secret/metadata/apps/web/shop/prod/*": ["read", "list"],
    });
    // The build policy keeps the resource name of the former single CI policy.
    const build = byName(base.plan, POLICY, "shop-policy-ci");
    expect(build.inputs.name).toBe("ci.web.shop.build");
    expect(await grants(build)).toEqual({ "secret/data/apps/web/shop/ci/registry": ["read"] });
    // vault-transit is the default signing, but without a transit mount nothing is granted there.
    const sign = byName(base.plan, POLICY, "shop-policy-ci-sign");
    expect(sign.inputs.name).toBe("ci.web.shop.sign");
    expect(await grants(sign)).toEqual({ "secret/data/apps/web/shop/ci/registry": ["read"] });
    const deploy = byName(base.plan, POLICY, "shop-policy-ci-deploy");
    expect(deploy.inputs.name).toBe("ci.web.shop.deploy");
    // The GitOps token, and the operator's review token for emergency changes (ci-purposes.ts).
    expect(await grants(deploy)).toEqual({
      "secret/data/apps/web/shop/ci/gitops": ["read"],
      "secret/data/apps/web/shop/ci/review": ["read"],
    });
    for (const policy of ofType(base.plan, POLICY)) expect(policy.inputs.policy).not.toContain("sudo");
  });

  it("binds each Kubernetes role to the app's service account in exactly that environment's namespace", () => {
    for (const env of ["dev", "prod"]) {
      const role = byName(base.plan, K8S_ROLE, `shop-kubernetes-role-${env}`);
      expect(role.inputs).toEqual({
        backend: "kubernetes",
        roleName: `app.web.shop.${env}`,
        boundServiceAccountNames: ["shop"],
        boundServiceAccountNamespaces: [`shop-${env}`],
        audience: "vault",
        tokenPolicies: [`app.web.shop.${env}`],
        tokenTtl: 600,
        tokenMaxTtl: 1800,
      });
      expect(role.dependencies).toContain(byName(base.plan, POLICY, `shop-policy-${env}`).urn);
    }
    // dev never waits for prod: environments are independent.
    const devRole = byName(base.plan, K8S_ROLE, "shop-kubernetes-role-dev");
    expect(devRole.dependencies).not.toContain(byName(base.plan, POLICY, "shop-policy-prod").urn);
  });

  it("gives each CI purpose its own role: build from any protected ref of the project, sign and deploy from the default branch only", () => {
    const common = {
      backend: "jwt-gitlab",
      roleType: "jwt",
      boundAudiences: ["https://vault.platform.example.test"],
      boundClaimsType: "string",
      userClaim: "user_email",
      tokenTtl: 600,
      tokenExplicitMaxTtl: 1800,
    };
    const branchOnly = { project_id: "42", ref_protected: "true", ref_type: "branch", ref: "main" };
    for (const [resource, purpose, boundClaims] of [
      // The build role keeps the resource name of the former single CI role.
      ["shop-ci-role", "build", { project_id: "42", ref_protected: "true" }],
      ["shop-ci-role-sign", "sign", branchOnly],
      ["shop-ci-role-deploy", "deploy", branchOnly],
    ] as const) {
      const role = byName(base.plan, JWT_ROLE, resource);
      expect(role.inputs).toEqual({
        ...common,
        roleName: `ci.web.shop.${purpose}`,
        boundClaims,
        tokenPolicies: [`ci.web.shop.${purpose}`],
      });
      const policy = ofType(base.plan, POLICY).find((p) => p.inputs.name === `ci.web.shop.${purpose}`)!;
      expect(role.dependencies).toContain(policy.urn);
    }
  });

  it("creates a protected, empty placeholder per environment whose data Pulumi never reads back or resets", () => {
    for (const env of ["dev", "prod"]) {
      const secret = byName(base.plan, KV_SECRET, `shop-kv-config-${env}`);
      expect(secret.inputs).toMatchObject({ mount: "secret", name: `apps/web/shop/${env}/config`, disableRead: true });
      expect(secret.secretPaths).toEqual(["dataJson"]);
      expect(secret.protect).toBe(true);
      expect(secret.retainOnDelete).toBe(true);
      expect(secret.ignoreChanges).toEqual(["dataJson"]);
    }
  });

  it("creates a namespaced SecretStore per environment that logs in as that environment's role with the app's service account", () => {
    for (const env of ["dev", "prod"]) {
      const store = byName(base.plan, STORE, `shop-secret-store-${env}`);
      expect(store.inputs).toMatchObject({
        apiVersion: "external-secrets.io/v1",
        kind: "SecretStore",
        metadata: { name: "shop-vault", namespace: `shop-${env}` },
        spec: {
          provider: {
            vault: {
              server: "https://vault.platform.example.test",
              path: "secret",
              version: "v2",
              auth: {
                kubernetes: {
                  mountPath: "kubernetes",
                  role: `app.web.shop.${env}`,
                  serviceAccountRef: { name: "shop", audiences: ["vault"] },
                },
              },
            },
          },
        },
      });
      // A namespaced store must not name another namespace's service account.
      expect(inputAt(store, "spec.provider.vault.auth.kubernetes.serviceAccountRef.namespace")).toBeUndefined();
    }
  });

  it("syncs <env>/config into <app>-config hourly", () => {
    for (const env of ["dev", "prod"]) {
      const es = byName(base.plan, EXTERNAL_SECRET, `shop-external-secret-${env}`);
      expect(es.inputs).toMatchObject({
        metadata: { name: "shop-config", namespace: `shop-${env}` },
        spec: {
          refreshInterval: "1h",
          secretStoreRef: { kind: "SecretStore", name: "shop-vault" },
          target: { name: "shop-config", creationPolicy: "Owner" },
          dataFrom: [{ extract: { key: `apps/web/shop/${env}/config` } }],
        },
      });
    }
  });

  it("makes every ESO object wait for the ESO release, and the ExternalSecret for its store and placeholder", () => {
    const release = one(base.plan, "kubernetes:helm.sh/v3:Release", "external-secrets-release");
    for (const env of ["dev", "prod"]) {
      const store = byName(base.plan, STORE, `shop-secret-store-${env}`);
      const es = byName(base.plan, EXTERNAL_SECRET, `shop-external-secret-${env}`);
      expect(store.dependencies).toContain(release.urn);
      expect(es.dependencies).toContain(release.urn);
      expect(dependsTransitively(base.plan, store.urn, byName(base.plan, K8S_ROLE, `shop-kubernetes-role-${env}`).urn)).toBe(true);
      expect(es.dependencies).toEqual(expect.arrayContaining([store.urn, byName(base.plan, KV_SECRET, `shop-kv-config-${env}`).urn]));
    }
    const devStore = byName(base.plan, STORE, "shop-secret-store-dev");
    expect(dependsTransitively(base.plan, devStore.urn, byName(base.plan, K8S_ROLE, "shop-kubernetes-role-prod").urn)).toBe(false);
  });

  it("validates every Kubernetes object against the external-secrets.io models", () => {
    const verdicts = validateKubernetesObjects(base.plan).filter((v) => v.apiVersion.startsWith("external-secrets.io"));
    expect(verdicts.map((v) => v.kind).sort()).toEqual(["ExternalSecret", "ExternalSecret", "SecretStore", "SecretStore"]);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });

  it("holds no secret in Kubernetes objects and creates no Secret or ConfigMap itself", () => {
    const component = one(base.plan, COMPONENT);
    const children = base.plan.resources.filter((r) => r.parent === component.urn);
    expect(children.filter((r) => ["kubernetes:core/v1:Secret", "kubernetes:core/v1:ConfigMap"].includes(r.type))).toEqual([]);
    for (const r of children.filter((r) => r.type.startsWith("kubernetes:"))) expect(r.secretPaths).toEqual([]);
  });

  it("exports paths, policy and role names, and the store name", async () => {
    const [c] = base.components;
    expect(await resolve(pulumi.output(c!.kvPaths))).toEqual({ dev: "secret/apps/web/shop/dev", prod: "secret/apps/web/shop/prod" });
    expect(await resolve(c!.ciKvPath)).toBe("secret/apps/web/shop/ci");
    expect(await resolve(pulumi.output(c!.policies))).toEqual({
      environments: { dev: "app.web.shop.dev", prod: "app.web.shop.prod" },
      ci: { build: "ci.web.shop.build", sign: "ci.web.shop.sign", deploy: "ci.web.shop.deploy" },
    });
    expect(await resolve(pulumi.output(c!.kubernetesRoles))).toEqual({ dev: "app.web.shop.dev", prod: "app.web.shop.prod" });
    expect(await resolve(pulumi.output(c!.ciRoles))).toEqual({
      build: "ci.web.shop.build",
      sign: "ci.web.shop.sign",
      deploy: "ci.web.shop.deploy",
    });
    expect(await resolve(c!.ciAudience)).toBe("https://vault.platform.example.test");
    expect(c!.secretStoreName).toBe("shop-vault");
    expect(c!.configSecretName).toBe("shop-config");
    expect(c!.transitKey).toBeUndefined();
    for (const output of [c!.ciRoles.sign, c!.kvPaths.dev!]) expect(await pulumi.isSecret(output)).toBe(false);
  });

  it("uses the in-cluster Vault address for stores when given", async () => {
    const { plan } = await planSecrets([{ spec: testApp(), extra: { inClusterVaultAddress: "http://vault.vault.svc:8200" } }]);
    for (const store of ofType(plan, STORE)) expect(inputAt(store, "spec.provider.vault.server")).toBe("http://vault.vault.svc:8200");
  });

  describe("transit signing", () => {
    it("creates a protected, non-exportable key and grants its sign and read paths to the sign purpose only", async () => {
      const { plan, components } = await planSecrets([{ spec: testApp(), extra: { transitMountPath: "transit" } }]);
      const key = one(plan, TRANSIT_KEY);
      expect(key.name).toBe("shop-transit-key");
      expect(key.inputs).toEqual({ backend: "transit", name: "shop", type: "ecdsa-p256", exportable: false, deletionAllowed: false });
      expect(key.protect).toBe(true);
      // No registry credentials: the transit sign job signs inside Vault; attach-signature pushes with build's.
      expect(await grants(byName(plan, POLICY, "shop-policy-ci-sign"))).toEqual({
        "transit/sign/shop": ["update"],
        "transit/sign/shop/*": ["update"],
        "transit/keys/shop": ["read"],
      });
      // The build job runs the app's Dockerfile: it must never sign, nor deploy; neither policy waits for the key.
      for (const other of ["shop-policy-ci", "shop-policy-ci-deploy"]) {
        expect(Object.keys(await grants(byName(plan, POLICY, other))).some((p) => p.startsWith("transit/"))).toBe(false);
        expect(byName(plan, POLICY, other).dependencies).not.toContain(key.urn);
      }
      expect(byName(plan, POLICY, "shop-policy-ci-sign").dependencies).toContain(key.urn);
      expect(await resolve(components[0]!.transitKey!)).toEqual({ mountPath: "transit", name: "shop" });
    });

    it("creates no key and grants no transit path for keyless signing", async () => {
      const { plan } = await planSecrets([{ spec: testApp({ pipeline: { signing: "keyless" } }), extra: { transitMountPath: "transit" } }]);
      expect(ofType(plan, TRANSIT_KEY)).toEqual([]);
      const keyless = await grants(byName(plan, POLICY, "shop-policy-ci-sign"));
      expect(Object.keys(keyless).some((p) => p.startsWith("transit/"))).toBe(false);
      // Keyless cosign pushes the signature itself.
      expect(keyless).toEqual({ "secret/data/apps/web/shop/ci/registry": ["read"] });
    });

    it("never lets one app's grant reach another app's key", async () => {
      const shop = (await parsePolicy(ciPolicy("secret", testNames(testApp()), "sign", { mountPath: "transit", name: "shop" }))).path;
      for (const other of ["transit/sign/shop2", "transit/sign/shop-x/sha2-256", "transit/keys/shopping"])
        expect(Object.keys(shop).filter((rule) => matches(rule, other))).toEqual([]);
      expect(Object.keys(shop).filter((rule) => matches(rule, "transit/sign/shop/sha2-256"))).toEqual(["transit/sign/shop/*"]);
    });
  });

  describe("isolation between apps", () => {
    let two: Planned;
    beforeAll(async () => {
      two = await planSecrets([
        { spec: testApp(), extra: { transitMountPath: "transit" } },
        { spec: testApp({ name: "shop2", team: "web" }), extra: { gitlabProject: { project_id: "43" }, transitMountPath: "transit" } },
      ]);
      expect(two.error).toBeUndefined();
    });

    it("gives each app disjoint Vault names, bindings, KV paths and namespaces", () => {
      const distinct = (values: unknown[]) => expect(new Set(values.map((v) => JSON.stringify(v))).size).toBe(values.length);
      distinct(ofType(two.plan, POLICY).map((r) => r.inputs.name));
      distinct(ofType(two.plan, K8S_ROLE).map((r) => r.inputs.roleName));
      distinct(ofType(two.plan, K8S_ROLE).map((r) => r.inputs.boundServiceAccountNamespaces));
      distinct(ofType(two.plan, JWT_ROLE).map((r) => r.inputs.roleName));
      // Sign and deploy of one app bind the same refs; no binding of one app admits the other's project.
      const bindings = (app: string) =>
        new Set(
          ofType(two.plan, JWT_ROLE)
            .filter((r) => r.parent === one(two.plan, COMPONENT, app).urn)
            .map((r) => JSON.stringify(r.inputs.boundClaims)),
        );
      expect([...bindings("shop")].filter((b) => bindings("shop2").has(b))).toEqual([]);
      distinct(ofType(two.plan, KV_SECRET).map((r) => r.inputs.name));
      distinct(ofType(two.plan, TRANSIT_KEY).map((r) => r.inputs.name));
      distinct(ofType(two.plan, STORE).map((r) => inputAt(r, "metadata.namespace")));
      distinct(ofType(two.plan, EXTERNAL_SECRET).map((r) => inputAt(r, "metadata.namespace")));
    });

    it("grants no policy rule that matches a path of the other app", async () => {
      const paths = (app: string) =>
        ["dev", "prod", "ci"].flatMap((folder) => [
          `secret/data/apps/web/${app}/${folder}/config`,
          `secret/metadata/apps/web/${app}/${folder}/`,
          `transit/sign/${app}/sha2-256`,
          `transit/keys/${app}`,
        ]);
      for (const [self, other] of [
        ["shop", "shop2"],
        ["shop2", "shop"],
      ] as const) {
        const policies = ofType(two.plan, POLICY).filter((p) => p.parent === one(two.plan, COMPONENT, self).urn);
        expect(policies).toHaveLength(5);
        for (const policy of policies) {
          const rules = Object.keys(await grants(policy));
          for (const path of paths(other)) expect(rules.filter((rule) => matches(rule, path))).toEqual([]);
        }
      }
    });

    it("keeps names unique where '-' joined names would collide (team a-b/app c vs team a/app b-c)", async () => {
      const a = await parsePolicy(appPolicy("secret", testNames(testApp({ team: "a-b", name: "c", environments: ["dev"] })), "dev"));
      const b = await parsePolicy(appPolicy("secret", testNames(testApp({ team: "a", name: "b-c", environments: ["dev"] })), "dev"));
      expect(Object.keys(a.path).filter((p) => p in b.path)).toEqual([]);
      const { plan, error } = await planSecrets([
        { spec: testApp({ name: "c", team: "a-b", environments: ["dev"] }) },
        { spec: testApp({ name: "b-c", team: "a", environments: ["dev"] }) },
      ]);
      expect(error).toBeUndefined();
      expect(ofType(plan, K8S_ROLE).map((r) => r.inputs.roleName)).toEqual(expect.arrayContaining(["app.a-b.c.dev", "app.a.b-c.dev"]));
    });
  });
});
