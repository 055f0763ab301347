import * as pulumi from "@pulumi/pulumi";
import { ArgoCd } from "../../components/platform/argocd/argocd";
import { ARGOCD_CHART } from "../../components/platform/argocd/chart";
import type { ArgoCdArgs } from "../../components/platform/argocd/args";
import { clusterConfigJson } from "../../components/platform/argocd/clusters";
import { destinationFor, IN_CLUSTER_SERVER } from "../../components/platform/argocd/destinations";
import { argocdSettings, type ArgoCdSettings } from "../../components/platform/argocd/settings";
import { argocdValues } from "../../components/platform/argocd/values";
import { allSecret, secretField } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import type { Profile } from "../../components/shared/profiles";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { dependsTransitively, one, ofType, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SECRET = "kubernetes:core/v1:Secret";

// Canary secret values: none may appear in any plan input.
const CANARIES = {
  oidc: "canary-oidc-7f3a",
  token: "canary-token-91bd",
  slack: "canary-slack-2c8e",
  webhook: "Bearer canary-webhook-5d10",
};
const CA_DATA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");

const settings = (raw: Record<string, unknown> = {}): ArgoCdSettings => argocdSettings(allSecret).parse(raw);

const fullSettings = (extra: Record<string, unknown> = {}) =>
  settings({
    oidc: { issuer: "https://idp.example.test/realms/main", clientId: "argocd", clientSecret: CANARIES.oidc },
    clusters: [{ name: "edge", server: "https://edge.example.test:6443", bearerToken: CANARIES.token, caData: CA_DATA }],
    notifications: {
      webhook: { url: "https://hooks.example.test/argocd", authorization: CANARIES.webhook },
      slack: { token: CANARIES.slack, channel: "platform-alerts" },
    },
    ...extra,
  });

/** Walks nested objects; keys may contain dots (`configs.params["server.insecure"]`). */
function at(value: unknown, ...keys: string[]): unknown {
  return keys.reduce<unknown>((v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), value);
}

interface Planned {
  plan: PlanDocument;
  component: ArgoCd;
  adminSecret: Promise<unknown>;
  adminSecretIsSecret: Promise<boolean>;
}

async function plan(profile: Profile, s: ArgoCdSettings): Promise<Planned> {
  let component: ArgoCd | undefined;
  let resolveAdmin: (v: unknown) => void = () => undefined;
  const adminSecret = new Promise<unknown>((resolve) => (resolveAdmin = resolve));
  let adminSecretIsSecret: Promise<boolean> = Promise.resolve(false);
  const doc = await planComponent((opts) => {
    component = new ArgoCd("argocd", { context: testContext(profile), settings: s }, opts);
    component.adminSecret.apply(resolveAdmin);
    adminSecretIsSecret = pulumi.isSecret(component.adminSecret);
  });
  return { plan: doc, component: component!, adminSecret, adminSecretIsSecret };
}

function missing(what: string): never {
  throw new Error(`no ${what} in the plan`);
}

const releaseOf = (p: PlanDocument) => one(p, RELEASE);
const valuesOf = (p: PlanDocument) => releaseOf(p).inputs.values;
const secretNamed = (p: PlanDocument, name: string): PlanResource =>
  ofType(p, SECRET).find((r) => at(r.inputs, "metadata", "name") === name) ?? missing(`Secret ${name}`);

describe("ArgoCd component", () => {
  let dev: Planned;
  let prod: Planned;
  beforeAll(async () => {
    dev = await plan("dev", fullSettings());
    prod = await plan("prod", fullSettings());
  });

  it("installs the exactly pinned argo-cd chart as release 'argocd' in its restricted namespace", async () => {
    expect(ARGOCD_CHART).toMatchObject({ chart: "argo-cd", version: "10.1.1", repository: "https://argoproj.github.io/argo-helm" });
    expect(releaseOf(dev.plan).inputs).toMatchObject({
      chart: "argo-cd",
      version: "10.1.1",
      repositoryOpts: { repo: "https://argoproj.github.io/argo-helm" },
      name: "argocd",
      namespace: "argocd",
      atomic: true,
    });
    const ns = one(dev.plan, "kubernetes:core/v1:Namespace", "argocd-namespace");
    expect(at(ns.inputs, "metadata", "name")).toBe("argocd");
    expect(at(ns.inputs, "metadata", "labels", "pod-security.kubernetes.io/enforce")).toBe("restricted");
    expect(await new Promise((resolve) => dev.component.namespace.apply(resolve))).toBe("argocd");
  });

  it("honours a chart version override and merges value overrides over the profile", async () => {
    const { plan: p } = await plan("dev", fullSettings({ chartVersion: "10.1.3", values: { server: { replicas: 3 } } }));
    expect(releaseOf(p).inputs.version).toBe("10.1.3");
    expect(at(valuesOf(p), "server", "replicas")).toBe(3);
    expect(at(valuesOf(p), "server", "ingress", "tls")).toBe(true);
  });

  it("runs dev light: single replicas, single Redis, no PDBs, small resources", () => {
    const v = valuesOf(dev.plan);
    for (const component of ["server", "repoServer", "applicationSet"]) {
      expect(at(v, component, "replicas")).toBe(1);
      expect(at(v, component, "pdb", "enabled")).toBe(false);
    }
    expect(at(v, "controller", "replicas")).toBe(1);
    expect(at(v, "redis-ha", "enabled")).toBe(false);
    expect(at(v, "controller", "resources", "limits", "memory")).toBe("512Mi");
    expect(at(v, "server", "resources", "requests", "cpu")).toBe("50m");
  });

  it("runs prod HA per the chart README: redis-ha, 2 replicas, PDBs, hard anti-affinity", () => {
    const v = valuesOf(prod.plan);
    for (const component of ["server", "repoServer", "applicationSet"]) {
      expect(at(v, component, "replicas")).toBe(2);
      expect(at(v, component, "pdb")).toEqual({ enabled: true, minAvailable: 1 });
    }
    // More controller replicas would shard clusters, not add availability.
    expect(at(v, "controller", "replicas")).toBe(1);
    expect(at(v, "redis-ha", "enabled")).toBe(true);
    expect(at(v, "redis-ha", "podDisruptionBudget")).toEqual({ maxUnavailable: 1 });
    expect(at(v, "global", "affinity", "podAntiAffinity")).toBe("hard");
    expect(at(v, "redis")).toBeUndefined();
  });

  it("treats staging as highly available too", () => {
    const v = argocdValues(testContext("staging"), settings(), {});
    expect(at(v, "server", "replicas")).toBe(2);
    expect(at(v, "redis-ha", "enabled")).toBe(true);
  });

  it("exposes the server through a TLS ingress at argocd.<domain>, TLS terminating at the ingress", () => {
    for (const { plan: p } of [dev, prod]) {
      const v = valuesOf(p);
      expect(at(v, "server", "ingress")).toEqual({
        enabled: true,
        ingressClassName: "nginx",
        hostname: "argocd.platform.example.test",
        annotations: { "cert-manager.io/cluster-issuer": "platform-issuer" },
        tls: true,
      });
      expect(at(v, "configs", "params", "server.insecure")).toBe(true);
      expect(at(v, "global", "domain")).toBe("argocd.platform.example.test");
    }
    expect(dev.component.url).toBe("https://argocd.platform.example.test");
  });

  it("keeps the chart's CRDs installed and kept on uninstall", () => {
    expect(at(valuesOf(dev.plan), "crds")).toEqual({ install: true, keep: true });
  });

  it("puts no secret into any release's values", () => {
    for (const { plan: p } of [dev, prod]) {
      for (const release of ofType(p, RELEASE)) {
        expect(release.secretPaths).toEqual([]);
        const values = JSON.stringify(release.inputs.values);
        for (const canary of Object.values(CANARIES)) expect(values).not.toContain(canary);
        // Credential-like keys, as JSON or inside embedded YAML, may only hold `$<secret>` references.
        expect(values).not.toMatch(/\b(password|clientSecret|token|bearerToken)"?:\s*"?(?![$"\s\\])/i);
      }
    }
  });

  it("configures OIDC with the client secret referenced from a part-of: argocd Secret, and no Dex", () => {
    const v = valuesOf(prod.plan);
    const oidc = at(v, "configs", "cm", "oidc.config") as string;
    expect(oidc).toContain("issuer: https://idp.example.test/realms/main");
    expect(oidc).toContain("clientID: argocd");
    expect(oidc).toContain("clientSecret: $argocd-oidc:clientSecret");
    expect(oidc).toMatch(/requestedIDTokenClaims:\s+groups:\s+essential: true/);
    expect(at(v, "dex", "enabled")).toBe(false);

    const secret = secretNamed(prod.plan, "argocd-oidc");
    expect(at(secret.inputs, "metadata", "labels", "app.kubernetes.io/part-of")).toBe("argocd");
    expect(at(secret.inputs, "stringData")).toBe("[secret]");
    expect(secret.secretPaths).toContain("stringData");
  });

  it("disables the local admin only in prod with OIDC, and exports the admin secret reference as a secret", async () => {
    expect(at(valuesOf(prod.plan), "configs", "cm", "admin.enabled")).toBe(false);
    expect(at(valuesOf(dev.plan), "configs", "cm", "admin.enabled")).toBe(true);
    expect(await prod.adminSecret).toBeUndefined();
    expect(await dev.adminSecret).toEqual({ name: "argocd-initial-admin-secret", key: "password" });
    expect(await dev.adminSecretIsSecret).toBe(true);

    const noSso = await plan("prod", settings());
    expect(at(valuesOf(noSso.plan), "configs", "cm", "admin.enabled")).toBe(true);
    expect(at(valuesOf(noSso.plan), "configs", "cm", "oidc.config")).toBeUndefined();
    expect(ofType(noSso.plan, SECRET).map((s) => at(s.inputs, "metadata", "name"))).not.toContain("argocd-oidc");
  });

  it("maps admin groups to role:admin with no default role, honouring the groups claim", () => {
    for (const { plan: p } of [dev, prod])
      expect(at(valuesOf(p), "configs", "rbac")).toEqual({
        "policy.default": "",
        "policy.csv": "g, platform-admins, role:admin\n",
        scopes: "[groups]",
      });
    // dev may opt in to the read-only default (a dev cluster holds no production data).
    expect(at(argocdValues(testContext("dev"), settings({ readOnlyDefault: true })), "configs", "rbac", "policy.default")).toBe(
      "role:readonly",
    );

    const custom = argocdValues(
      testContext("dev"),
      settings({
        adminGroups: ["ops", "sre"],
        oidc: { issuer: "https://idp.example.test", clientId: "a", clientSecret: "s", groupsClaim: "roles" },
      }),
      { oidcClientSecretRef: "$argocd-oidc:clientSecret" },
    );
    expect(at(custom, "configs", "rbac")).toEqual({
      "policy.default": "",
      "policy.csv": "g, ops, role:admin\ng, sre, role:admin\n",
      scopes: "[roles]",
    });
  });

  it("registers extra clusters as labelled cluster Secrets with a secret config", () => {
    const secret = secretNamed(dev.plan, "cluster-edge");
    expect(at(secret.inputs, "metadata", "labels", "argocd.argoproj.io/secret-type")).toBe("cluster");
    expect(at(secret.inputs, "metadata", "namespace")).toBe("argocd");
    expect(at(secret.inputs, "metadata", "labels", "app.kubernetes.io/part-of")).toBe("argocd");
    // name, server and the config JSON (with the token) are all under the redacted stringData.
    expect(secret.secretPaths).toContain("stringData");
    expect(dev.component.clusterNames).toEqual(["in-cluster", "edge"]);
  });

  it("builds the cluster config JSON with bearerToken and tlsClientConfig", () => {
    expect(JSON.parse(clusterConfigJson({ insecure: false, caData: CA_DATA }, "t"))).toEqual({
      bearerToken: "t",
      tlsClientConfig: { insecure: false, caData: CA_DATA },
    });
    expect(JSON.parse(clusterConfigJson({ insecure: true }, "t"))).toEqual({ bearerToken: "t", tlsClientConfig: { insecure: true } });
  });

  it("sends notifications on failed syncs and degraded apps, with tokens only in argocd-notifications-secret", () => {
    const n = at(valuesOf(dev.plan), "notifications") as Record<string, unknown>;
    expect(at(n, "enabled")).toBe(true);
    expect(at(n, "secret")).toEqual({ create: false, name: "argocd-notifications-secret" });
    expect(Object.keys(at(n, "triggers") as object).sort()).toEqual(["trigger.on-health-degraded", "trigger.on-sync-failed"]);
    expect(at(n, "triggers", "trigger.on-sync-failed")).toContain("send:\n    - app-sync-failed");
    expect(at(n, "notifiers", "service.slack")).toBe("token: $slack-token\n");
    expect(at(n, "notifiers", "service.webhook.platform")).toContain("value: $webhook-authorization");
    expect(at(n, "subscriptions")).toEqual([
      { recipients: ["platform", "slack:platform-alerts"], triggers: ["on-sync-failed", "on-health-degraded"] },
    ]);

    const secret = secretNamed(dev.plan, "argocd-notifications-secret");
    expect(at(secret.inputs, "stringData")).toBe("[secret]");
    const release = releaseOf(dev.plan);
    expect(dependsTransitively(dev.plan, release.urn, secret.urn)).toBe(true);
    expect(dependsTransitively(prod.plan, releaseOf(prod.plan).urn, secretNamed(prod.plan, "argocd-oidc").urn)).toBe(true);
  });

  it("subscribes nobody when no notification target is configured", () => {
    expect(at(argocdValues(testContext("dev"), settings(), {}), "notifications", "subscriptions")).toEqual([]);
  });

  it("keeps independent objects parallel: cluster Secrets do not wait for the release", () => {
    const release = releaseOf(dev.plan);
    const cluster = secretNamed(dev.plan, "cluster-edge");
    expect(dependsTransitively(dev.plan, cluster.urn, release.urn)).toBe(false);
  });

  it("creates only core objects, so no custom resource can race the CRDs; later CRs get the release to depend on", async () => {
    const kinds = dev.plan.resources.filter((r) => r.custom && r.type.startsWith("kubernetes:") && r.type !== RELEASE).map((r) => r.type);
    expect(new Set(kinds)).toEqual(new Set(["kubernetes:core/v1:Namespace", SECRET]));
    for (const r of dev.plan.resources.filter((x) =>
      (typeof x.inputs.apiVersion === "string" ? x.inputs.apiVersion : "").startsWith("argoproj.io/"),
    )) {
      expect(dependsTransitively(dev.plan, r.urn, releaseOf(dev.plan).urn)).toBe(true);
    }

    expect(await new Promise((resolve) => dev.component.release.urn.apply(resolve))).toBe(releaseOf(dev.plan).urn);
  });

  it("validates every Kubernetes object against its schema", () => {
    for (const { plan: p } of [dev, prod]) {
      const verdicts = validateKubernetesObjects(p);
      expect(verdicts.length).toBeGreaterThan(0);
      expect(verdicts.filter((v) => v.status !== "valid")).toEqual([]);
    }
  });

  it("enables metrics for every Argo CD component without ServiceMonitors and describes the metrics Services", () => {
    const v = valuesOf(dev.plan);
    for (const component of ["controller", "server", "repoServer", "applicationSet", "notifications"]) {
      expect(at(v, component, "metrics")).toEqual({ enabled: true });
    }
    expect(JSON.stringify(v)).not.toContain("serviceMonitor");
    expect(dev.component.metrics).toContainEqual({
      name: "argocd-application-controller",
      namespace: dev.component.namespace,
      selector: {
        "app.kubernetes.io/name": "argocd-metrics",
        "app.kubernetes.io/instance": "argocd",
        "app.kubernetes.io/component": "application-controller",
      },
      port: "http-metrics",
      path: "/metrics",
    });
    expect(dev.component.metrics.map((e) => e.name)).toEqual([
      "argocd-application-controller",
      "argocd-server",
      "argocd-repo-server",
      "argocd-applicationset-controller",
      "argocd-notifications-controller",
    ]);
  });

  it("never leaks a canary secret anywhere in the plan", () => {
    const everything = JSON.stringify([dev.plan, prod.plan]);
    for (const canary of Object.values(CANARIES)) expect(everything).not.toContain(canary);
  });
});

describe("destinationFor", () => {
  it("maps in-cluster to the in-cluster server URL and registered clusters to their name", () => {
    expect(destinationFor("in-cluster")).toEqual({ server: IN_CLUSTER_SERVER });
    expect(IN_CLUSTER_SERVER).toBe("https://kubernetes.default.svc");
    expect(destinationFor("edge", ["in-cluster", "edge"])).toEqual({ name: "edge" });
  });

  it("rejects clusters Argo CD does not know", () => {
    expect(() => destinationFor("mars", ["in-cluster", "edge"])).toThrow(
      /unknown Argo CD cluster 'mars'; registered clusters: in-cluster, edge/,
    );
  });
});

describe("services.argocd settings", () => {
  const problems = (raw: unknown, secret = allSecret): string[] => {
    const result = argocdSettings(secret).safeParse(raw);
    return result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
  };
  const cluster = (extra: Record<string, unknown>) => ({ name: "edge", server: "https://edge.example.test", bearerToken: "t", ...extra });

  it("defaults to admin group platform-admins, no default role, no clusters, no OIDC", () => {
    expect(settings()).toMatchObject({
      enabled: true,
      adminGroups: ["platform-admins"],
      readOnlyDefault: false,
      clusters: [],
      notifications: {},
    });
    expect(settings().oidc).toBeUndefined();
  });

  it.each([
    [{ clusters: [cluster({ name: "Edge_1" })] }, "clusters[0].name: must be a DNS-1123 label"],
    [{ clusters: [cluster({ name: "in-cluster" })] }, "clusters[0].name: 'in-cluster' is the platform's own cluster"],
    [{ clusters: [cluster({ server: "http://edge.example.test" })] }, "clusters[0].server: must be an absolute https URL"],
    [{ clusters: [cluster({ caData: "not base64!" })] }, "clusters[0].caData: must be base64-encoded PEM"],
    [{ clusters: [cluster({ caData: Buffer.from("hello").toString("base64") })] }, "clusters[0].caData: must decode to a PEM certificate"],
    [{ clusters: [cluster({ caData: CA_DATA, insecure: true })] }, "clusters[0].insecure: set either 'caData' or 'insecure: true'"],
    [{ clusters: [cluster({}), cluster({})] }, "clusters: cluster names must be unique"],
    [{ clusters: [cluster({ bearerToken: undefined })] }, "clusters[0].bearerToken: required"],
    [{ oidc: { issuer: "http://idp.example.test", clientId: "a", clientSecret: "s" } }, "oidc.issuer: must be an absolute https URL"],
    [
      { oidc: { issuer: "https://idp.example.test", clientId: "a", clientSecret: "s", requestedScopes: ["email"] } },
      "oidc.requestedScopes: must include 'openid'",
    ],
    [{ adminGroups: ["a", "a"] }, "adminGroups: must not list a group twice"],
    [{ adminGroup: ["a"] }, "adminGroup: unknown key"],
    [
      { notifications: { webhook: { url: "https://user:pw@hooks.example.test" } } },
      "notifications.webhook.url: must not carry credentials",
    ],
    [{ notifications: { slack: { channel: "c" } } }, "notifications.slack.token: required"],
    [{ chartVersion: "^10.1.0" }, "chartVersion: must be an exact chart version"],
  ])("rejects %j with a message naming the field", (raw, expected) => {
    expect(problems(raw).join("\n")).toContain(expected);
  });

  it("rejects secrets typed in plain text into the stack file", () => {
    const plainText = secretField(() => false);
    expect(problems({ clusters: [cluster({})] }, plainText).join("\n")).toContain(
      "clusters[0].bearerToken: must be stored as a secret: run 'pulumi config set --secret --path services.argocd.clusters[<index>].bearerToken <value>'",
    );
  });
});

describe("ArgoCd arguments", () => {
  async function planInvalid(args: unknown): Promise<{ error: unknown; plan: PlanDocument }> {
    let error: unknown;
    const p = await planComponent((opts) => {
      try {
        new ArgoCd("argocd", args as ArgoCdArgs, opts);
      } catch (e) {
        error = e;
      }
    });
    return { error, plan: p };
  }

  it.each([
    [
      {
        context: testContext("dev"),
        settings: { ...fullSettings(), clusters: [{ ...fullSettings().clusters[0]!, bearerToken: "plain" }] },
      },
      "settings.clusters[0].bearerToken: must be a Pulumi secret Output",
    ],
    [{ context: { ...testContext("dev"), profile: "qa" }, settings: settings() }, "context.profile"],
    [
      {
        context: testContext("dev"),
        settings: {
          ...settings(),
          clusters: [{ name: "Bad", server: "https://x.example.test", bearerToken: pulumi.secret("t"), insecure: false }],
        },
      },
      "settings.clusters[0].name: must be a DNS-1123 label",
    ],
    [
      { context: testContext("staging"), settings: settings({ readOnlyDefault: true }) },
      "settings.readOnlyDefault: must be false in staging: role:readonly lets every signed-in user read every app's logs",
    ],
    [{ context: testContext("prod"), settings: settings({ readOnlyDefault: true }) }, "settings.readOnlyDefault: must be false in prod"],
  ])("throws before registering anything (%#)", async (args, expected) => {
    const { error, plan: p } = await planInvalid(args);
    expect(error).toBeInstanceOf(ComponentArgsError);
    expect((error as ComponentArgsError).message).toContain(expected);
    const registered = p.resources.map((r) => r.type).filter((t) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"));
    expect(registered).toEqual([]);
  });
});
