import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import type { OnboardingContext } from "../../components/onboarding/onboarding-context";
import { AppTenancy } from "../../components/onboarding/tenancy";
import { networkPolicies } from "../../components/onboarding/tenancy/network-policies";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { testApp, testNames, testOnboardingContext } from "../helpers/onboarding-context";
import { inputAt, one, ofType, planComponent } from "../helpers/plan-component";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const QUOTA = "kubernetes:core/v1:ResourceQuota";
const LIMITS = "kubernetes:core/v1:LimitRange";
const POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const SECRET = "kubernetes:core/v1:Secret";
const ACCOUNT = "kubernetes:core/v1:ServiceAccount";
const BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding";
const TOKEN = "delivery-platform:onboarding:AppTenancy";

/** A pull robot credential that must never appear in the plan. */
const ROBOT_AUTH = Buffer.from("robot$shop+pull:s3cr3t-robot-value").toString("base64");
const DOCKER_CONFIG = JSON.stringify({ auths: { "harbor.platform.example.test": { auth: ROBOT_AUTH } } });

interface Tenant {
  spec?: Partial<AppSpecInput>;
  name?: string;
  dockerConfigJson?: pulumi.Input<string>;
}

interface Planned {
  plan: PlanDocument;
  components: AppTenancy[];
  /** Resolved outputs of the first component. */
  outputs: Promise<{ namespaces: Record<string, string>; namespacesSecret: boolean }>;
}

/** Plans tenants in one stack; `prod` runs on `prod-cluster`, reached through its own provider. */
async function plan(tenants: Tenant[] = [{}], adjust: (context: OnboardingContext) => OnboardingContext = (c) => c): Promise<Planned> {
  const components: AppTenancy[] = [];
  let outputs!: Planned["outputs"];
  const doc = await planComponent((opts) => {
    const context = adjust(testOnboardingContext(opts));
    const prodCluster = new k8s.Provider("prod-cluster", { context: "prod" });
    for (const tenant of tenants) {
      const spec = testApp(tenant.spec);
      components.push(
        new AppTenancy(
          tenant.name ?? spec.name,
          {
            spec,
            names: testNames(spec),
            context,
            dockerConfigJson: tenant.dockerConfigJson ?? DOCKER_CONFIG,
            providers: { "prod-cluster": prodCluster },
          },
          opts,
        ),
      );
    }
    const namespaces = pulumi.all(components[0]!.namespaces);
    outputs = new Promise((resolve) =>
      namespaces.apply(async (resolved) => resolve({ namespaces: resolved, namespacesSecret: await pulumi.isSecret(namespaces) })),
    );
  });
  return { plan: doc, components, outputs };
}

const namespaceOf = (r: PlanResource): unknown => inputAt(r, "metadata.namespace");
const inNamespace = (doc: PlanDocument, type: string, ns: string) => ofType(doc, type).filter((r) => namespaceOf(r) === ns);
const objectNamed = (doc: PlanDocument, type: string, ns: string, name: string): PlanResource => {
  const found = inNamespace(doc, type, ns).filter((r) => inputAt(r, "metadata.name") === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${ns}/${name}, found ${found.length}`);
  return found[0]!;
};
const providerUrn = (doc: PlanDocument, name: string) => one(doc, "pulumi:providers:kubernetes", name).urn;

describe("AppTenancy", () => {
  let shop: Planned;
  beforeAll(async () => {
    shop = await plan([{ spec: { environments: ["dev", "staging", "prod"] } }]);
  });

  it("creates one restricted, labelled namespace per environment", () => {
    const namespaces = ofType(shop.plan, NAMESPACE).filter((r) => r.parent?.includes(TOKEN));
    expect(namespaces.map((r) => inputAt(r, "metadata.name")).sort()).toEqual(["shop-dev", "shop-prod", "shop-staging"]);
    expect(inputAt(one(shop.plan, NAMESPACE, "shop-staging-namespace"), "metadata.labels")).toEqual({
      "app.kubernetes.io/managed-by": "pulumi",
      "app.kubernetes.io/part-of": "shop",
      "platform.delivery/app": "shop",
      "platform.delivery/team": "web",
      "platform.delivery/environment": "staging",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
  });

  it("annotates each namespace with the one host its Ingresses may claim, its own environment's", () => {
    const hosts = ["dev", "staging", "prod"].map((env) =>
      inputAt(one(shop.plan, NAMESPACE, `shop-${env}-namespace`), "metadata.annotations[platform.delivery/ingress-host]"),
    );
    expect(hosts).toEqual(["shop-dev.platform.example.test", "shop-staging.platform.example.test", "shop-prod.platform.example.test"]);
  });

  it("uses the inherited provider in-cluster and the cluster's own provider elsewhere", () => {
    const byEnv = { dev: "test-cluster", staging: "test-cluster", prod: "prod-cluster" } as const;
    for (const [env, provider] of Object.entries(byEnv)) {
      const objects = [
        one(shop.plan, NAMESPACE, `shop-${env}-namespace`),
        ...shop.plan.resources.filter((r) => namespaceOf(r) === `shop-${env}`),
      ];
      expect(objects).toHaveLength(1 + 1 + 1 + 5 + 1 + 1 + 2);
      for (const object of objects) expect(object.provider).toBe(`${providerUrn(shop.plan, provider)}::${provider}-id`);
    }
  });

  it("protects production namespaces only, and nothing else", () => {
    const protectedNames = shop.plan.resources.filter((r) => r.protect).map((r) => r.name);
    expect(protectedNames).toEqual(["shop-prod-namespace"]);
  });

  it("names every child after the component, so renames can alias them", () => {
    const children = shop.plan.resources.filter((r) => r.parent?.includes(TOKEN));
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(child.name.startsWith("shop-")).toBe(true);
  });

  it("puts the spec's quota and container limits on each namespace", async () => {
    const custom = await plan([
      {
        spec: {
          environments: ["dev"],
          resources: {
            quota: { cpu: "8", memory: "16Gi", pods: 50, storage: "100Gi" },
            container: {
              defaultRequest: { cpu: "50m", memory: "64Mi" },
              defaultLimit: { cpu: "1", memory: "1Gi" },
              max: { cpu: "4", memory: "4Gi" },
            },
          },
        },
      },
    ]);
    expect(inputAt(one(custom.plan, QUOTA), "spec.hard")).toEqual({
      "requests.cpu": "8",
      "limits.cpu": "8",
      "requests.memory": "16Gi",
      "limits.memory": "16Gi",
      pods: "50",
      "requests.storage": "100Gi",
      "services.loadbalancers": "0",
      "services.nodeports": "0",
    });
    expect(inputAt(one(custom.plan, LIMITS), "spec.limits")).toEqual([
      {
        type: "Container",
        defaultRequest: { cpu: "50m", memory: "64Mi" },
        default: { cpu: "1", memory: "1Gi" },
        max: { cpu: "4", memory: "4Gi" },
      },
    ]);
    // Defaults from the app spec when the team sets nothing.
    expect(inputAt(objectNamed(shop.plan, QUOTA, "shop-prod", "tenant-quota"), "spec.hard")).toMatchObject({
      "limits.cpu": "4",
      pods: "30",
    });
  });

  describe("network policies", () => {
    const policies = (doc: PlanDocument, ns: string) =>
      Object.fromEntries(inNamespace(doc, POLICY, ns).map((r) => [inputAt(r, "metadata.name") as string, inputAt(r, "spec")]));

    it("deny all traffic by default in both directions", () => {
      expect(policies(shop.plan, "shop-dev")["tenant-default-deny"]).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    });

    it("allow DNS to kube-dns only, on UDP and TCP 53", () => {
      expect(policies(shop.plan, "shop-dev")["tenant-allow-dns"]).toEqual({
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      });
    });

    it("admit the ingress controller on the service port and the scraper on the metrics port", async () => {
      const custom = await plan([{ spec: { environments: ["dev"], service: { port: 9000, metricsPort: "metrics" } } }]);
      const dev = policies(custom.plan, "shop-dev");
      expect(dev["tenant-allow-ingress-controller"]).toEqual({
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
            ports: [{ protocol: "TCP", port: 9000 }],
          },
        ],
      });
      expect(dev["tenant-allow-monitoring"]).toEqual({
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } }],
            ports: [{ protocol: "TCP", port: "metrics" }],
          },
        ],
      });
    });

    it("allow traffic between the namespace's own pods", () => {
      expect(policies(shop.plan, "shop-dev")["tenant-allow-same-namespace"]).toEqual({
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [{ to: [{ podSelector: {} }] }],
      });
    });

    it("open nothing for monitoring when the platform has none", async () => {
      const bare = await plan([{ spec: { environments: ["dev"] } }], ({ monitoring: _, ...rest }) => rest);
      expect(Object.keys(policies(bare.plan, "shop-dev")).sort()).toEqual([
        "tenant-allow-dns",
        "tenant-allow-ingress-controller",
        "tenant-allow-same-namespace",
        "tenant-default-deny",
      ]);
    });

    it("never allow everything: every peer is selected by namespace name or is namespace-local", () => {
      type Peer = Record<string, unknown>;
      type Rules = { ingress?: { from?: Peer[] }[]; egress?: { to?: Peer[] }[] };
      const peers = networkPolicies({ ingressNamespace: "ingress", servicePort: 80, monitoringNamespace: "mon", metricsPort: "m" }).flatMap(
        (p) => {
          const spec = p.spec as Rules;
          return [...(spec.ingress ?? []).flatMap((rule) => rule.from ?? []), ...(spec.egress ?? []).flatMap((rule) => rule.to ?? [])];
        },
      );
      expect(peers.length).toBeGreaterThan(0);
      for (const peer of peers) {
        expect(peer.ipBlock).toBeUndefined();
        if (peer.namespaceSelector !== undefined)
          expect(Object.keys((peer.namespaceSelector as { matchLabels: object }).matchLabels)).toEqual(["kubernetes.io/metadata.name"]);
        else expect(peer.podSelector).toEqual(expect.any(Object));
      }
    });
  });

  it("gives each namespace the app's service account, pulling with the registry Secret and mounting no token", () => {
    for (const ns of ["shop-dev", "shop-prod"]) {
      const account = objectNamed(shop.plan, ACCOUNT, ns, "shop");
      expect(account.inputs.automountServiceAccountToken).toBe(false);
      expect(account.inputs.imagePullSecrets).toEqual([{ name: "shop-registry" }]);
      const secret = objectNamed(shop.plan, SECRET, ns, "shop-registry");
      expect(secret.inputs.type).toBe("kubernetes.io/dockerconfigjson");
      expect(account.dependencies).toContain(secret.urn);
    }
    expect(shop.components[0]!.serviceAccountName).toBe("shop");
    expect(shop.components[0]!.imagePullSecretName).toBe("shop-registry");
  });

  it("keeps the pull credential secret even when it arrives as a plain string", () => {
    const secrets = ofType(shop.plan, SECRET).filter((r) => r.parent?.includes(TOKEN));
    expect(secrets).toHaveLength(3);
    for (const secret of secrets) {
      expect(secret.secretPaths).toEqual(["stringData"]);
      expect(secret.inputs.stringData).toBe("[secret]");
    }
    const text = JSON.stringify(shop.plan);
    expect(text).not.toContain(ROBOT_AUTH);
    expect(text).not.toContain("s3cr3t-robot-value");
  });

  describe("RBAC", () => {
    const bindings = (doc: PlanDocument, ns: string) =>
      inNamespace(doc, BINDING, ns)
        .map((r) => ({ role: inputAt(r, "roleRef"), subjects: r.inputs.subjects }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const group = (name: string) => [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name }];
    const clusterRole = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name });

    it("lets developers edit outside production and only view in production; maintainers edit everywhere", () => {
      for (const ns of ["shop-dev", "shop-staging"])
        expect(bindings(shop.plan, ns)).toEqual([
          { role: clusterRole("edit"), subjects: group("web-developers") },
          { role: clusterRole("edit"), subjects: group("web-maintainers") },
        ]);
      expect(bindings(shop.plan, "shop-prod")).toEqual([
        { role: clusterRole("edit"), subjects: group("web-maintainers") },
        { role: clusterRole("view"), subjects: group("web-developers") },
      ]);
      expect(ofType(shop.plan, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")).toEqual([]);
    });

    it("binds the groups the spec names", async () => {
      const custom = await plan([
        { spec: { environments: ["prod"], access: { developers: "oidc:shop-devs", maintainers: "oidc:shop-ops" } } },
      ]);
      expect(bindings(custom.plan, "shop-prod")).toEqual([
        { role: clusterRole("edit"), subjects: group("oidc:shop-ops") },
        { role: clusterRole("view"), subjects: group("oidc:shop-devs") },
      ]);
    });
  });

  it("waits only for the namespace: the objects inside it deploy in parallel", () => {
    const children = shop.plan.resources.filter((r) => r.parent?.includes(TOKEN) && r.type !== NAMESPACE);
    for (const child of children) {
      const ns = one(shop.plan, NAMESPACE, `shop-${(namespaceOf(child) as string).slice("shop-".length)}-namespace`);
      const expected =
        child.type === ACCOUNT ? [ns.urn, objectNamed(shop.plan, SECRET, namespaceOf(child) as string, "shop-registry").urn] : [ns.urn];
      expect(child.dependencies.sort()).toEqual(expected.sort());
    }
  });

  it("produces only valid Kubernetes objects", () => {
    const verdicts = validateKubernetesObjects(shop.plan).filter((v) => v.urn.includes(TOKEN));
    expect(verdicts).toHaveLength(3 * 12);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });

  it("outputs the namespaces, service account and labels", async () => {
    const { namespaces, namespacesSecret } = await shop.outputs;
    expect(namespaces).toEqual({ dev: "shop-dev", staging: "shop-staging", prod: "shop-prod" });
    expect(namespacesSecret).toBe(false);
    expect(shop.components[0]!.labels).toEqual({
      "platform.delivery/team": "web",
      "platform.delivery/app": "shop",
      "app.kubernetes.io/part-of": "shop",
    });
  });

  it("keeps two apps apart: namespaces, objects, groups and network peers do not overlap", async () => {
    const both = await plan([
      { spec: { name: "shop", team: "web", environments: ["dev", "prod"] } },
      { spec: { name: "ledger", team: "payments", environments: ["dev", "prod"] } },
    ]);
    const children = (app: string) => both.plan.resources.filter((r) => r.parent?.endsWith(`${TOKEN}::${app}`));
    const namespacesOf = (app: string) =>
      new Set(children(app).map((r) => (r.type === NAMESPACE ? inputAt(r, "metadata.name") : namespaceOf(r))));
    expect([...namespacesOf("shop")].sort()).toEqual(["shop-dev", "shop-prod"]);
    expect([...namespacesOf("ledger")].sort()).toEqual(["ledger-dev", "ledger-prod"]);

    const groupsOf = (app: string) =>
      children(app).flatMap((r) => (r.type === BINDING ? (r.inputs.subjects as { name: string }[]).map((s) => s.name) : []));
    expect(new Set(groupsOf("shop"))).toEqual(new Set(["web-developers", "web-maintainers"]));
    expect(new Set(groupsOf("ledger"))).toEqual(new Set(["payments-developers", "payments-maintainers"]));

    const selectedNamespaces = both.plan.resources
      .filter((r) => r.type === POLICY)
      .flatMap((r) => [...JSON.stringify(r.inputs.spec).matchAll(/"kubernetes\.io\/metadata\.name":"([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(selectedNamespaces)).toEqual(new Set(["kube-system", "ingress-nginx", "monitoring"]));

    const accounts = ofType(both.plan, ACCOUNT).map((r) => `${namespaceOf(r) as string}/${inputAt(r, "metadata.name") as string}`);
    expect(accounts.sort()).toEqual(["ledger-dev/ledger", "ledger-prod/ledger", "shop-dev/shop", "shop-prod/shop"]);
  });
});
