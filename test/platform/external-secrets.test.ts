import * as pulumi from "@pulumi/pulumi";
import { ExternalSecrets, type ExternalSecretsArgs } from "../../components/platform/external-secrets/external-secrets";
import { externalSecretsSettings } from "../../components/platform/external-secrets/settings";
import { externalSecretsValues } from "../../components/platform/external-secrets/values";
import { allSecret } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { credentialLookingValues, dependsTransitively, inputAt, ofType, one, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const STORE = "kubernetes:external-secrets.io/v1:ClusterSecretStore";

const args = (overrides: Partial<ExternalSecretsArgs> = {}): ExternalSecretsArgs => ({
  context: testContext("dev"),
  vaultAddress: "http://vault.vault.svc:8200",
  kvMountPath: "secret",
  kubernetesAuthMountPath: "kubernetes",
  role: "external-secrets",
  consumerNamespaces: ["external-secrets", "harbor", "monitoring"],
  ...overrides,
});

const plan = (input: ExternalSecretsArgs) =>
  planComponent((opts) => new ExternalSecrets("eso", input, { providers: { kubernetes: opts.providers.kubernetes } }));

/** Keys whose string values would be credentials if they appeared in Helm values. */
describe("ExternalSecrets", () => {
  it("installs the exactly pinned chart with its CRDs into the external-secrets namespace", async () => {
    const doc = await plan(args());
    const release = one(doc, RELEASE);
    expect(release.inputs).toMatchObject({
      name: "external-secrets",
      chart: "external-secrets",
      version: "2.9.0",
      repositoryOpts: { repo: "https://charts.external-secrets.io" },
      namespace: "external-secrets",
    });
    expect(inputAt(release, "values.installCRDs")).toBe(true);
    expect(inputAt(one(doc, "kubernetes:core/v1:Namespace"), "metadata.labels")).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
    });
  });

  it("exposes the metrics Services of all three Deployments without creating ServiceMonitors", async () => {
    const release = one(await plan(args()), RELEASE);
    for (const prefix of ["values", "values.webhook", "values.certController"])
      expect(inputAt(release, `${prefix}.metrics.service.enabled`)).toBe(true);
    expect(inputAt(release, "values.serviceMonitor.enabled")).toBe(false);
  });

  it("runs controller, webhook and cert-controller highly available in prod, with leader election", async () => {
    const release = one(await plan(args({ context: testContext("prod") })), RELEASE);
    expect(inputAt(release, "values.leaderElect")).toBe(true);
    for (const prefix of ["values", "values.webhook", "values.certController"]) {
      expect(inputAt(release, `${prefix}.replicaCount`)).toBe(2);
      expect(inputAt(release, `${prefix}.podDisruptionBudget`)).toEqual({ enabled: true, minAvailable: 1 });
      expect(inputAt(release, `${prefix}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`)).toEqual([
        expect.objectContaining({ podAffinityTerm: expect.objectContaining({ topologyKey: "kubernetes.io/hostname" }) as unknown }),
      ]);
    }
    expect(
      inputAt(release, "values.certController.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution") as unknown[],
    ).toMatchObject([
      {
        podAffinityTerm: {
          labelSelector: {
            matchLabels: { "app.kubernetes.io/name": "external-secrets-cert-controller", "app.kubernetes.io/instance": "external-secrets" },
          },
        },
      },
    ]);
  });

  it("keeps dev light: one replica each, no leader election, no PDB, small requests", () => {
    const values = externalSecretsValues(testContext("dev"), {});
    expect(values.leaderElect).toBe(false);
    for (const component of [values, values.webhook, values.certController] as Record<string, unknown>[]) {
      expect(component).toMatchObject({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
      expect(component.affinity).toBeUndefined();
      expect(component.resources).toEqual({ requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    }
  });

  it("creates the vault ClusterSecretStore on KV v2 with Kubernetes auth as the operator's service account", async () => {
    const doc = await plan(args({ kvMountPath: "platform-kv", kubernetesAuthMountPath: "kubernetes/platform", role: "eso" }));
    const store = one(doc, STORE);
    expect(inputAt(store, "metadata.name")).toBe("vault");
    // Served to the named namespaces only (without conditions ESO serves every namespace).
    expect(inputAt(store, "spec.conditions")).toEqual([{ namespaces: ["external-secrets", "harbor", "monitoring"] }]);
    expect(inputAt(store, "spec.provider.vault")).toEqual({
      server: "http://vault.vault.svc:8200",
      path: "platform-kv",
      version: "v2",
      auth: {
        kubernetes: {
          mountPath: "kubernetes/platform",
          role: "eso",
          serviceAccountRef: { name: "external-secrets", namespace: "external-secrets", audiences: ["vault"] },
        },
      },
    });
    // The store names the service account the chart creates.
    expect(inputAt(one(doc, RELEASE), "values.serviceAccount")).toEqual({ create: true, name: "external-secrets" });
    expect(dependsTransitively(doc, store.urn, one(doc, RELEASE).urn)).toBe(true);
  });

  it("accepts Outputs from the Vault component and trusts Vault's CA when given", async () => {
    const doc = await plan(
      args({
        vaultAddress: pulumi.output("https://vault.vault.svc:8200"),
        role: pulumi.output("external-secrets"),
        audiences: ["vault", "platform"],
        vaultCaSecret: { name: "platform-ca", namespace: "cert-manager", key: "ca.crt" },
      }),
    );
    const vault = inputAt(one(doc, STORE), "spec.provider.vault") as Record<string, unknown>;
    expect(vault).toMatchObject({
      server: "https://vault.vault.svc:8200",
      caProvider: { type: "Secret", name: "platform-ca", namespace: "cert-manager", key: "ca.crt" },
      auth: { kubernetes: { role: "external-secrets", serviceAccountRef: { audiences: ["vault", "platform"] } } },
    });
  });

  it("every Kubernetes object validates against its schema", async () => {
    const doc = await plan(args({ context: testContext("prod") }));
    const verdicts = validateKubernetesObjects(doc);
    expect(verdicts.map((v) => v.kind).sort()).toEqual(["ClusterSecretStore", "Namespace"]);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
    // The validator reads spec.conditions (ClusterSecretStoreCondition): a name that is no namespace fails it.
    const broken = structuredClone(doc);
    const store = broken.resources.find((r) => r.type === STORE)!;
    (store.inputs.spec as { conditions: { namespaces: string[] }[] }).conditions[0]!.namespaces.push("Not_A_Namespace");
    expect(validateKubernetesObjects(broken).find((v) => v.kind === "ClusterSecretStore")).toMatchObject({
      status: "invalid",
      message: expect.stringContaining("conditions/0/namespaces/3") as unknown,
    });
  });

  it("holds no credentials: Vault access is the service account token, not a stored token", async () => {
    const doc = await plan(args());
    const release = one(doc, RELEASE);
    expect(release.secretPaths).toEqual([]);
    expect(credentialLookingValues(release.inputs.values)).toEqual([]);
    expect(ofType(doc, "kubernetes:core/v1:Secret")).toHaveLength(0);
    const auth = inputAt(one(doc, STORE), "spec.provider.vault.auth") as Record<string, unknown>;
    expect(Object.keys(auth)).toEqual(["kubernetes"]);
    expect(inputAt(one(doc, STORE), "spec.provider.vault.auth.kubernetes.secretRef")).toBeUndefined();
  });

  it("exports the store, the service account the Vault role binds to, and where metrics are", async () => {
    let component: ExternalSecrets | undefined;
    await planComponent((opts) => {
      component = new ExternalSecrets("eso", args(), { providers: { kubernetes: opts.providers.kubernetes } });
    });
    const [storeName, account, accountNamespace] = await new Promise<string[]>((resolve) =>
      pulumi.all([component!.storeName, component!.serviceAccountName, component!.serviceAccountNamespace]).apply(resolve),
    );
    expect([storeName, account, accountNamespace]).toEqual(["vault", "external-secrets", "external-secrets"]);
    expect(component!.metrics.map(({ name, port, selector }) => [name, port, selector["app.kubernetes.io/name"]])).toEqual([
      ["external-secrets", "metrics", "external-secrets"],
      ["external-secrets-webhook", "metrics", "external-secrets-webhook"],
      ["external-secrets-cert-controller", "metrics", "external-secrets-cert-controller"],
    ]);
  });

  describe("rejects invalid input", () => {
    const problems = (input: unknown) => {
      const result = externalSecretsSettings(allSecret).safeParse(input);
      return result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
    };

    it("names the settings field at fault", () => {
      expect(problems({ chartVersion: "v2.11.0" })).toEqual([
        "chartVersion: must be an exact chart version without a 'v' prefix, such as 2.11.0",
      ]);
      expect(problems({ replicas: 6 })).toEqual(["replicas: must be at most 5"]);
      expect(problems({ enabled: "yes" })).toEqual(["enabled: expected boolean, received string"]);
      expect(problems({ replicas: 2 })).toEqual([]);
    });

    it("throws on invalid component args before registering anything", async () => {
      let error: unknown;
      const doc = await planComponent((opts) => {
        try {
          new ExternalSecrets("eso", args({ vaultAddress: "vault:8200", kvMountPath: "/secret/", audiences: [], consumerNamespaces: [] }), {
            providers: { kubernetes: opts.providers.kubernetes },
          });
        } catch (caught) {
          error = caught;
        }
      });
      expect(error).toBeInstanceOf(ComponentArgsError);
      expect((error as ComponentArgsError).problems).toEqual([
        "vaultAddress: must be an http(s) URL such as http://vault.vault.svc:8200",
        "kvMountPath: must be a Vault path such as 'secret' (no leading or trailing '/')",
        "audiences: must list at least one audience",
        "consumerNamespaces: must list at least one namespace: a store without conditions serves every namespace",
      ]);
      expect(doc.resources.map((r) => r.type).filter((type) => !type.startsWith("pulumi:"))).toEqual([]);
    });
  });
});
