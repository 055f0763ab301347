import * as pulumi from "@pulumi/pulumi";
import { CertManager, PLATFORM_CLUSTER_ISSUER, type CertManagerArgs } from "../../components/platform/cert-manager/cert-manager";
import { certManagerSettings } from "../../components/platform/cert-manager/settings";
import { certManagerValues } from "../../components/platform/cert-manager/values";
import { allSecret } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { credentialLookingValues, dependsTransitively, inputAt, ofType, one, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const CERTIFICATE = "kubernetes:cert-manager.io/v1:Certificate";

const selfSigned = (overrides: Partial<CertManagerArgs> = {}): CertManagerArgs => ({
  context: testContext("dev"),
  tls: { issuer: "self-signed" },
  ...overrides,
});
const acme = (overrides: Partial<CertManagerArgs> = {}): CertManagerArgs => ({
  context: testContext("prod"),
  tls: { issuer: "acme", email: "ops@example.test", server: "https://acme-staging-v02.api.letsencrypt.org/directory" },
  ...overrides,
});

const plan = (args: CertManagerArgs) =>
  planComponent((opts) => new CertManager("cm", args, { providers: { kubernetes: opts.providers.kubernetes, tls: opts.providers.tls } }));

const issuerNamed = (doc: PlanDocument, name: string): PlanResource => {
  const found = ofType(doc, CLUSTER_ISSUER).filter((r) => inputAt(r, "metadata.name") === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};

/** Keys whose string values would be credentials if they appeared in Helm values. */
describe("CertManager", () => {
  it("installs the exactly pinned OCI chart (with its v prefix) into the cert-manager namespace", async () => {
    const doc = await plan(selfSigned());
    const release = one(doc, RELEASE);
    expect(release.inputs).toMatchObject({
      name: "cert-manager",
      chart: "oci://quay.io/jetstack/charts/cert-manager",
      version: "v1.21.2",
      namespace: "cert-manager",
      atomic: true,
    });
    const ns = one(doc, "kubernetes:core/v1:Namespace");
    expect(inputAt(ns, "metadata.name")).toBe("cert-manager");
    expect(inputAt(ns, "metadata.labels")).toMatchObject({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(release.dependencies).toContain(ns.urn);
  });

  it("installs the CRDs (off by default in the chart), keeps them on uninstall and exposes metrics", async () => {
    const release = one(await plan(selfSigned()), RELEASE);
    expect(inputAt(release, "values.crds")).toEqual({ enabled: true, keep: true });
    expect(inputAt(release, "values.prometheus.enabled")).toBe(true);
    // Scrape configs come from the observability component, not from the chart.
    expect(inputAt(release, "values.prometheus.servicemonitor.enabled")).toBe(false);
  });

  it("runs every Deployment highly available in prod, with PDBs and spread across nodes", async () => {
    const release = one(await plan(acme()), RELEASE);
    for (const prefix of ["values", "values.webhook", "values.cainjector"]) {
      expect(inputAt(release, `${prefix}.replicaCount`)).toBe(2);
      expect(inputAt(release, `${prefix}.podDisruptionBudget.enabled`)).toBe(true);
      expect(inputAt(release, `${prefix}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution`)).toEqual([
        expect.objectContaining({ podAffinityTerm: expect.objectContaining({ topologyKey: "kubernetes.io/hostname" }) as unknown }),
      ]);
    }
    expect(inputAt(release, "values.webhook.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution")).toEqual([
      {
        weight: 100,
        podAffinityTerm: {
          topologyKey: "kubernetes.io/hostname",
          labelSelector: {
            matchLabels: {
              "app.kubernetes.io/name": "webhook",
              "app.kubernetes.io/instance": "cert-manager",
              "app.kubernetes.io/component": "webhook",
            },
          },
        },
      },
    ]);
  });

  it("keeps dev light: one replica each, no PDB that would block drains, small requests", () => {
    const values = certManagerValues(testContext("dev"), {});
    for (const component of [values, values.webhook, values.cainjector] as Record<string, unknown>[]) {
      expect(component).toMatchObject({ replicaCount: 1, podDisruptionBudget: { enabled: false } });
      expect(component.affinity).toBeUndefined();
      expect(component.resources).toEqual({ requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } });
    }
  });

  it("applies services.certManager replicas, chartVersion and values overrides", async () => {
    const release = one(
      await plan(selfSigned({ settings: { replicas: 3, chartVersion: "v1.21.1", values: { webhook: { timeoutSeconds: 15 } } } })),
      RELEASE,
    );
    expect(release.inputs.version).toBe("v1.21.1");
    expect(inputAt(release, "values.cainjector.replicaCount")).toBe(3);
    expect(inputAt(release, "values.webhook.timeoutSeconds")).toBe(15);
    expect(inputAt(release, "values.webhook.replicaCount")).toBe(3);
  });

  it("self-signed: bootstraps a platform CA and signs with it through the platform issuer", async () => {
    const doc = await plan(selfSigned());
    const release = one(doc, RELEASE);
    const bootstrap = issuerNamed(doc, "platform-selfsigned");
    expect(inputAt(bootstrap, "spec")).toEqual({ selfSigned: {} });

    const ca = one(doc, CERTIFICATE);
    expect(inputAt(ca, "metadata.namespace")).toBe("cert-manager");
    expect(inputAt(ca, "spec")).toMatchObject({
      isCA: true,
      secretName: "platform-ca",
      privateKey: { rotationPolicy: "Never" },
      issuerRef: { name: "platform-selfsigned", kind: "ClusterIssuer", group: "cert-manager.io" },
    });

    const platform = issuerNamed(doc, PLATFORM_CLUSTER_ISSUER);
    expect(inputAt(platform, "spec")).toEqual({ ca: { secretName: inputAt(ca, "spec.secretName") } });
    expect(dependsTransitively(doc, platform.urn, ca.urn)).toBe(true);
    expect(dependsTransitively(doc, ca.urn, bootstrap.urn)).toBe(true);
    for (const resource of [bootstrap, ca, platform]) expect(dependsTransitively(doc, resource.urn, release.urn)).toBe(true);
  });

  it("acme: one platform issuer answering HTTP-01 through the platform ingress class", async () => {
    const doc = await plan(acme());
    expect(ofType(doc, CERTIFICATE)).toHaveLength(0);
    const issuers = ofType(doc, CLUSTER_ISSUER).filter((r) => inputAt(r, "metadata.name") !== "platform-internal-ca");
    expect(issuers).toHaveLength(1);
    const issuer = issuers[0]!;
    expect(inputAt(issuer, "metadata.name")).toBe("platform-issuer");
    expect(inputAt(issuer, "spec.acme")).toEqual({
      server: "https://acme-staging-v02.api.letsencrypt.org/directory",
      email: "ops@example.test",
      privateKeySecretRef: { name: "platform-issuer-acme-account" },
      // ClusterIP: the solver's Service lands in the app's namespace, where only ClusterIP Services are allowed.
      solvers: [{ http01: { ingress: { ingressClassName: testContext("prod").ingressClassName, serviceType: "ClusterIP" } } }],
    });
    expect(dependsTransitively(doc, issuer.urn, one(doc, RELEASE).urn)).toBe(true);
  });

  it.each([
    ["self-signed", selfSigned()],
    ["acme", acme()],
  ])("every Kubernetes object validates against its schema (%s)", async (_mode, args) => {
    const verdicts = validateKubernetesObjects(await plan(args));
    expect(verdicts.length).toBeGreaterThan(0);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });

  it("holds no credentials but the internal CA's key, as a secret: nothing secret in the values, no Ingress of its own", async () => {
    for (const args of [selfSigned(), acme()]) {
      const doc = await plan(args);
      const release = one(doc, RELEASE);
      expect(release.secretPaths).toEqual([]);
      expect(credentialLookingValues(release.inputs.values)).toEqual([]);
      // The platform CA and ACME account keys are generated in-cluster by cert-manager; the internal CA's key
      // pair is Pulumi's (internal-ca.ts), so its Secret is the only one, and its key is planned as a secret.
      const secrets = ofType(doc, "kubernetes:core/v1:Secret");
      expect(secrets.map((s) => inputAt(s, "metadata.name"))).toEqual(["platform-internal-ca"]);
      expect(secrets[0]!.secretPaths).toEqual(["stringData"]);
      expect(JSON.stringify(secrets[0]!.inputs)).not.toContain("BEGIN PRIVATE KEY");
      expect(ofType(doc, "kubernetes:networking.k8s.io/v1:Ingress")).toHaveLength(0);
    }
  });

  it("creates the internal CA issuer in every mode, from a protected Pulumi key pair, after the CRDs", async () => {
    for (const args of [selfSigned(), acme()]) {
      const doc = await plan(args);
      const issuer = issuerNamed(doc, "platform-internal-ca");
      expect(inputAt(issuer, "spec")).toEqual({ ca: { secretName: "platform-internal-ca" } });
      expect(dependsTransitively(doc, issuer.urn, one(doc, RELEASE).urn)).toBe(true);
      expect(dependsTransitively(doc, issuer.urn, one(doc, "kubernetes:core/v1:Secret").urn)).toBe(true);
      expect(one(doc, "tls:index/privateKey:PrivateKey").protect).toBe(true);
      expect(one(doc, "tls:index/selfSignedCert:SelfSignedCert")).toMatchObject({ protect: true, inputs: { isCaCertificate: true } });
    }
  });

  it("exports the issuer name, the CA to trust and where metrics are", async () => {
    let component: CertManager | undefined;
    await planComponent((opts) => {
      component = new CertManager("cm", selfSigned(), { providers: { kubernetes: opts.providers.kubernetes, tls: opts.providers.tls } });
    });
    expect(PLATFORM_CLUSTER_ISSUER).toBe(testContext("dev").clusterIssuer);
    expect(component!.caSecret?.key).toBe("ca.crt");
    expect(component!.metrics.map(({ name, port, selector }) => [name, port, selector["app.kubernetes.io/component"]])).toEqual([
      ["cert-manager", "http-metrics", "controller"],
      ["cert-manager-cainjector", "http-metrics", "cainjector"],
      ["cert-manager-webhook", "metrics", "webhook"],
    ]);
    const namespaces = await new Promise<string[]>((resolve) => pulumi.all(component!.metrics.map((m) => m.namespace)).apply(resolve));
    expect(new Set(namespaces)).toEqual(new Set(["cert-manager"]));
  });

  describe("rejects invalid input", () => {
    const problems = (input: unknown) => {
      const result = certManagerSettings(allSecret).safeParse(input);
      return result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
    };

    it("names the settings field at fault", () => {
      expect(problems({ chartVersion: "1.21.2" })).toEqual([
        "chartVersion: must be an exact cert-manager chart version with its 'v' prefix, such as v1.21.2",
      ]);
      expect(problems({ replicas: 0 })).toEqual(["replicas: must be at least 1"]);
      expect(problems({ replicas: 1.5 })).toEqual(["replicas: must be a whole number"]);
      expect(problems({ replica: 2 })).toEqual(["replica: unknown key"]);
      expect(problems({ values: { webhook: { replicaCount: 2 } } })).toEqual([]);
    });

    it("throws on invalid component args before registering anything", async () => {
      let error: unknown;
      const doc = await planComponent((opts) => {
        try {
          new CertManager("cm", acme({ tls: { issuer: "acme", email: "not-an-address", server: "http://acme.example.test/directory" } }), {
            providers: { kubernetes: opts.providers.kubernetes },
          });
        } catch (caught) {
          error = caught;
        }
      });
      expect(error).toBeInstanceOf(ComponentArgsError);
      expect((error as ComponentArgsError).problems).toEqual([
        "tls.email: must be an e-mail address",
        "tls.server: must be an https ACME directory URL",
      ]);
      // Only the stack and the test provider are registered: the component and its children never were.
      expect(doc.resources.map((r) => r.type).filter((type) => !type.startsWith("pulumi:"))).toEqual([]);
    });
  });
});
