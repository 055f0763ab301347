// The exposure guardrails beyond the parity fixtures: what only CrossGuard sees (older API
// versions, Patch types, the plan's namespaces), the Kyverno policies' scope, and the policy CLI
// over the prod plan with an attacker's resources merged in.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_POLICY_VIOLATION, main } from "../../cli/policy";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { acmeIssuerSpec } from "../../components/platform/cert-manager/issuers";
import { serviceProblems } from "../../policies/crossguard/exposure";
import { kyvernoPolicyManifests } from "../../policies/kyverno/manifests";
import { examplePlan } from "../helpers/example-plans";
import { appNamespace, DOMAIN } from "./exposure-fixtures";
import { planResource, violations } from "./harness";

const namespaceResource = (host: string | null = `shop-prod.${DOMAIN}`) =>
  planResource("kubernetes:core/v1:Namespace", "shop-prod-namespace", appNamespace(host));
const inShopProd = (type: string, name: string, spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) =>
  planResource(type, name, { metadata: { name, namespace: "shop-prod", ...metadata }, spec });

describe("CrossGuard", () => {
  test("checks the older Ingress API versions and Patch types too, naming the field and the host", async () => {
    const beta = inShopProd("kubernetes:networking.k8s.io/v1beta1:Ingress", "beta", { backend: { serviceName: "shop", servicePort: 80 } });
    const extensions = inShopProd("kubernetes:extensions/v1beta1:Ingress", "ext", { rules: [{ host: `vault.${DOMAIN}` }] });
    const patch = inShopProd("kubernetes:networking.k8s.io/v1:IngressPatch", "patch", {
      tls: [{ hosts: [`shop-prod.${DOMAIN}`, `argocd.${DOMAIN}`] }],
    });
    const found = await violations("app-ingress-hosts", [namespaceResource(), beta, extensions, patch]);
    expect(found).toEqual([
      "kubernetes:networking.k8s.io/v1beta1:Ingress 'beta' in app namespace 'shop-prod': spec.backend answers for every host the controller serves",
      "kubernetes:extensions/v1beta1:Ingress 'ext' in app namespace 'shop-prod': spec.rules[0].host names host 'vault.example.com', which is not 'shop-prod.example.com' or a subdomain of it",
      "kubernetes:networking.k8s.io/v1:IngressPatch 'patch' in app namespace 'shop-prod': spec.tls[0].hosts[1] names host 'argocd.example.com', which is not 'shop-prod.example.com' or a subdomain of it",
    ]);
  });

  test("checks Service patches and operator objects of any version", async () => {
    const servicePatch = inShopProd("kubernetes:core/v1:ServicePatch", "svc", { type: "NodePort" });
    const staticScrape = inShopProd("kubernetes:operator.victoriametrics.com/v1beta1:VMStaticScrape", "static", {});
    const futureKind = inShopProd("kubernetes:operator.victoriametrics.com/v1:VMFutureScrape", "future", {});
    expect(await violations("app-services-cluster-internal", [namespaceResource(), servicePatch])).toEqual([
      expect.stringContaining('spec.type is "NodePort"'),
    ]);
    expect(await violations("app-metrics-scrapes-own-namespace", [namespaceResource(), staticScrape, futureKind])).toEqual([
      expect.stringContaining("VMStaticScrape is not allowed in an app namespace"),
      // Kyverno matches only the kinds it lists; the plan check refuses any kind not allowed.
      expect.stringContaining("VMFutureScrape is not allowed in an app namespace"),
    ]);
  });

  test("leaves objects outside app namespaces to the platform: its own scrapes select other namespaces by design", async () => {
    const platformScrape = planResource("kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape", "vault-scrape", {
      metadata: { name: "vault", namespace: "monitoring" },
      spec: { namespaceSelector: { matchNames: ["vault"] }, endpoints: [{ port: "http", bearerTokenFile: "/var/run/token" }] },
    });
    const monitoring = planResource("kubernetes:core/v1:Namespace", "monitoring", {
      metadata: { name: "monitoring", labels: { "platform.delivery/service": "monitoring" } },
    });
    expect(await violations("app-metrics-scrapes-own-namespace", [monitoring, platformScrape])).toEqual([]);
  });

  test("fails closed: an app namespace without its host annotation may claim no host", async () => {
    const own = inShopProd("kubernetes:networking.k8s.io/v1:Ingress", "own", { rules: [{ host: `shop-prod.${DOMAIN}` }] });
    expect(await violations("app-ingress-hosts", [namespaceResource(), own])).toEqual([]);
    expect(await violations("app-ingress-hosts", [namespaceResource(null), own])).toEqual([
      "kubernetes:networking.k8s.io/v1:Ingress 'own' in app namespace 'shop-prod': its namespace 'shop-prod' has no valid 'platform.delivery/ingress-host' annotation, so it may claim no host",
      expect.stringContaining("spec.rules[0].host names host 'shop-prod.example.com', which is not '' or a subdomain of it"),
    ]);
  });
});

test("the platform's ACME solver Service, created in the app's namespace, is one the Services guardrail allows", () => {
  const solver = acmeIssuerSpec({ issuer: "acme", server: "https://acme.example", email: "ops@example.com" }, "traefik").acme.solvers[0]!;
  // Unset, cert-manager makes it NodePort (ClusterIssuer CRD, http01.ingress.serviceType).
  const type: string = solver.http01.ingress.serviceType ?? "NodePort";
  expect(serviceProblems({ spec: { type } })).toEqual([]);
});

describe("Kyverno", () => {
  type Policy = { metadata: { name: string }; spec: Record<string, unknown> };
  const policy = (profile: "dev" | "prod", name: string) =>
    (kyvernoPolicyManifests(profile, { registryHost: "harbor.example.com", ownedNamespaces: [] }) as Policy[]).find(
      (m) => m.metadata.name === name,
    )!;

  test.each([
    [
      "app-ingress-hosts",
      [
        ["networking.k8s.io", "ingresses"],
        ["cert-manager.io", "certificates"],
      ],
    ],
    ["app-services-cluster-internal", [["", "services"]]],
    ["app-metrics-scrapes-own-namespace", [["operator.victoriametrics.com", "vmstaticscrapes"]]],
  ])("%s matches its kinds in app namespaces only, audits in dev and denies in prod", (name, kinds) => {
    const { matchConstraints } = policy("prod", name).spec as {
      matchConstraints: { namespaceSelector: unknown; resourceRules: { apiGroups: string[]; resources: string[] }[] };
    };
    expect(matchConstraints.namespaceSelector).toEqual({ matchExpressions: [{ key: "platform.delivery/app", operator: "Exists" }] });
    for (const [group, resource] of kinds)
      expect(matchConstraints.resourceRules.some((r) => r.apiGroups.includes(group!) && r.resources.includes(resource!))).toBe(true);
    // Tenant isolation: denied on every profile, dev platforms included.
    expect(policy("dev", name).spec.validationActions).toEqual(["Deny"]);
    expect(policy("prod", name).spec.validationActions).toEqual(["Deny"]);
  });
});

describe("npm run policy over the prod plan with an app team's exposure merged in", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "exposure-"));
  let plan: PlanDocument;
  beforeAll(async () => {
    plan = structuredClone(await examplePlan("prod"));
  });
  const run = async (resources: PlanResource[], profile: "dev" | "prod") => {
    const file = path.join(dir, `${profile}.json`);
    writeFileSync(file, JSON.stringify({ ...plan, resources: [...plan.resources, ...resources] }));
    const out: string[] = [];
    const code = await main(["--plan", file, "--profile", profile], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
    return { code, stdout: out.join("\n") };
  };
  const inStorefront = (type: string, name: string, spec: Record<string, unknown>) =>
    planResource(type, name, { metadata: { name, namespace: "storefront-prod" }, spec });
  const attack = () => [
    inStorefront("kubernetes:networking.k8s.io/v1:Ingress", "takeover", { rules: [{ host: "vault.platform.example.com" }] }),
    inStorefront("kubernetes:core/v1:Service", "open", { type: "LoadBalancer" }),
    inStorefront("kubernetes:operator.victoriametrics.com/v1beta1:VMServiceScrape", "everything", { namespaceSelector: { any: true } }),
  ];

  test("exit 1 naming each guardrail, in prod and in dev alike", async () => {
    const prod = await run(attack(), "prod");
    expect(prod.code).toBe(EXIT_POLICY_VIOLATION);
    for (const guardrail of ["app-ingress-hosts", "app-services-cluster-internal", "app-metrics-scrapes-own-namespace"])
      expect(prod.stdout).toContain(`[mandatory] ${guardrail}\n`);
    expect(prod.stdout).toContain("spec.rules[0].host names host 'vault.platform.example.com'");
    const dev = await run(attack(), "dev");
    expect(dev.code).toBe(EXIT_POLICY_VIOLATION);
    expect(dev.stdout).toContain("[mandatory] app-ingress-hosts\n");
  });

  test("the app's own host passes", async () => {
    const own = inStorefront("kubernetes:networking.k8s.io/v1:Ingress", "own", {
      rules: [{ host: "storefront-prod.platform.example.com" }],
      tls: [{ hosts: ["storefront-prod.platform.example.com"], secretName: "storefront-tls" }],
    });
    const result = await run([own], "prod");
    expect(result.stdout).toContain("0 policy violations (0 mandatory)");
    expect(result.code).toBe(EXIT_OK);
  });
});
