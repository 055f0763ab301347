import * as pulumi from "@pulumi/pulumi";
import { Kyverno, type KyvernoArgs } from "../../components/platform/kyverno/kyverno";
import { kyvernoSettings } from "../../components/platform/kyverno/settings";
import { kyvernoValues } from "../../components/platform/kyverno/values";
import { allSecret } from "../../components/platform/service-settings";
import { ComponentArgsError, describeIssue } from "../../components/validation/issues";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { credentialLookingValues, dependsTransitively, inputAt, ofType, one, planComponent, testContext } from "../helpers/plan-component";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const VALIDATING_POLICY = "kubernetes:policies.kyverno.io/v1:ValidatingPolicy";
const POLICY_EXCEPTION = "kubernetes:policies.kyverno.io/v1:PolicyException";

/** A sample guardrail, only to show the wiring; the policy catalog lives elsewhere. */
const requireAppLabel = (actions = ["Deny"]) => ({
  apiVersion: "policies.kyverno.io/v1",
  kind: "ValidatingPolicy",
  metadata: { name: "require-app-name-label" },
  spec: {
    validationActions: actions,
    matchConstraints: {
      resourceRules: [{ apiGroups: ["apps"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["deployments"] }],
    },
    validations: [
      {
        expression: "has(object.metadata.labels) && 'app.kubernetes.io/name' in object.metadata.labels",
        message: "Deployments must carry the app.kubernetes.io/name label.",
      },
    ],
  },
});

const systemException = {
  apiVersion: "policies.kyverno.io/v1",
  kind: "PolicyException",
  metadata: { name: "system-namespaces", namespace: "kyverno" },
  spec: {
    policyRefs: [{ name: "require-app-name-label", kind: "ValidatingPolicy" }],
    matchConditions: [{ name: "kube-system", expression: "object.metadata.namespace == 'kube-system'" }],
  },
};

const args = (overrides: Partial<KyvernoArgs> = {}): KyvernoArgs => ({ context: testContext("dev"), ...overrides });
const plan = (input: KyvernoArgs) =>
  planComponent((opts) => new Kyverno("kyverno", input, { providers: { kubernetes: opts.providers.kubernetes } }));

/** Keys whose string values would be credentials if they appeared in Helm values. */
const CONTROLLERS = ["backgroundController", "cleanupController", "reportsController"];

describe("Kyverno", () => {
  it("installs the exactly pinned chart with its CRDs and metrics Services", async () => {
    const doc = await plan(args());
    const release = one(doc, RELEASE);
    expect(release.inputs).toMatchObject({
      name: "kyverno",
      chart: "kyverno",
      version: "3.9.1",
      repositoryOpts: { repo: "https://kyverno.github.io/kyverno/" },
      namespace: "kyverno",
    });
    expect(inputAt(release, "values.crds.install")).toBe(true);
    for (const controller of ["admissionController", ...CONTROLLERS]) {
      expect(inputAt(release, `values.${controller}.metricsService.create`)).toBe(true);
      expect(inputAt(release, `values.${controller}.serviceMonitor.enabled`)).toBe(false);
    }
    expect(inputAt(one(doc, "kubernetes:core/v1:Namespace"), "metadata.labels")).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
    });
  });

  it("runs 3 admission controllers and 2 of each other controller in prod, with PDBs", async () => {
    const release = one(await plan(args({ context: testContext("prod") })), RELEASE);
    expect(inputAt(release, "values.admissionController.replicas")).toBe(3);
    expect(inputAt(release, "values.admissionController.podDisruptionBudget.enabled")).toBe(true);
    expect(inputAt(release, "values.admissionController.container.resources.limits.memory")).toBe("1Gi");
    for (const controller of CONTROLLERS) {
      expect(inputAt(release, `values.${controller}.replicas`)).toBe(2);
      expect(inputAt(release, `values.${controller}.podDisruptionBudget.enabled`)).toBe(true);
    }
  });

  it("keeps dev light: one replica per controller, no PDBs, the chart's small resources", () => {
    const values = kyvernoValues(testContext("dev"), "kyverno") as Record<string, Record<string, unknown>>;
    expect(values.admissionController).toMatchObject({
      replicas: 1,
      podDisruptionBudget: { enabled: false },
      container: { resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "384Mi" } } },
    });
    for (const controller of CONTROLLERS)
      expect(values[controller]).toMatchObject({
        replicas: 1,
        podDisruptionBudget: { enabled: false },
        resources: { limits: { memory: "128Mi" } },
      });
  });

  it("honours PolicyExceptions only in its own namespace", async () => {
    const release = one(await plan(args()), RELEASE);
    expect(inputAt(release, "values.features.policyExceptions")).toEqual({ enabled: true, namespace: "kyverno" });
  });

  it("creates each policy and exception once the release (and its CRDs) is installed", async () => {
    const doc = await plan(args({ policies: [requireAppLabel(), systemException] }));
    const release = one(doc, RELEASE);
    const policy = one(doc, VALIDATING_POLICY);
    const exception = one(doc, POLICY_EXCEPTION);
    expect(policy.name).toBe("kyverno-validatingpolicy/require-app-name-label");
    expect(inputAt(policy, "spec.validationActions")).toEqual(["Deny"]);
    expect(inputAt(exception, "metadata.namespace")).toBe("kyverno");
    for (const resource of [policy, exception]) expect(dependsTransitively(doc, resource.urn, release.urn)).toBe(true);
    // Independent policies do not wait for one another.
    expect(dependsTransitively(doc, exception.urn, policy.urn)).toBe(false);
  });

  it("passes Outputs inside a policy spec through", async () => {
    const dynamic = { ...requireAppLabel(), spec: pulumi.output(requireAppLabel(["Audit"]).spec) };
    const policy = one(await plan(args({ policies: [dynamic] })), VALIDATING_POLICY);
    expect(inputAt(policy, "spec.validationActions")).toEqual(["Audit"]);
  });

  it("every Kubernetes object validates against its schema (including the sample policy and exception)", async () => {
    const verdicts = validateKubernetesObjects(await plan(args({ policies: [requireAppLabel(), systemException] })));
    expect(verdicts.map((v) => v.kind).sort()).toEqual(["Namespace", "PolicyException", "ValidatingPolicy"]);
    for (const verdict of verdicts) expect(verdict).toMatchObject({ status: "valid" });
  });

  it("holds no credentials in the release values", async () => {
    const doc = await plan(args({ context: testContext("prod") }));
    const release = one(doc, RELEASE);
    expect(release.secretPaths).toEqual([]);
    expect(credentialLookingValues(release.inputs.values)).toEqual([]);
    expect(ofType(doc, "kubernetes:core/v1:Secret")).toHaveLength(0);
  });

  it("exports each controller's metrics endpoint", async () => {
    let component: Kyverno | undefined;
    await planComponent((opts) => {
      component = new Kyverno("kyverno", args({ context: testContext("staging") }), {
        providers: { kubernetes: opts.providers.kubernetes },
      });
    });
    expect(component!.metrics.map(({ name, port }) => [name, port])).toEqual(
      ["admission-controller", ...CONTROLLERS.map((c) => c.replace("Controller", "-controller"))].map((c) => [
        `kyverno-${c}`,
        "metrics-port",
      ]),
    );
  });

  describe("rejects invalid input", () => {
    const problems = (input: unknown) => {
      const result = kyvernoSettings(allSecret).safeParse(input);
      return result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, () => undefined));
    };

    it("names the settings field at fault", () => {
      // Deny follows the guardrail's level in the environment's tier (policies/enforcement/levels.ts), never this setting.
      expect(problems({ validationActions: ["Deny"] })).toEqual([
        "validationActions: must not include 'Deny': a guardrail denies where it is mandatory in the environment's tier, for CrossGuard and Kyverno alike; to block in an environment set its `environments[].enforcement` to prod",
      ]);
      expect(problems({ validationActions: ["Audit", "Audit"] })).toEqual(["validationActions: must not list an action twice"]);
      expect(problems({ validationActions: [] })).toEqual(["validationActions: must list at least one action"]);
      expect(problems({ validationActions: ["Enforce"] })[0]).toMatch(/^validationActions\[0\]: /);
      expect(problems({ chartVersion: "3.9" })).toEqual([
        "chartVersion: must be an exact chart version without a 'v' prefix, such as 3.9.1",
      ]);
      expect(problems({ validationActions: ["Audit", "Warn"] })).toEqual([]);
    });

    const rejected = async (policies: KyvernoArgs["policies"]) => {
      let error: unknown;
      const doc = await planComponent((opts) => {
        try {
          new Kyverno("kyverno", args({ policies }), { providers: { kubernetes: opts.providers.kubernetes } });
        } catch (caught) {
          error = caught;
        }
      });
      expect(error).toBeInstanceOf(ComponentArgsError);
      expect(doc.resources.map((r) => r.type).filter((type) => !type.startsWith("pulumi:"))).toEqual([]);
      return (error as ComponentArgsError).problems;
    };

    it("throws on a legacy or unknown policy kind before registering anything", async () => {
      expect(await rejected([{ ...requireAppLabel(), apiVersion: "kyverno.io/v1", kind: "ClusterPolicy" }])).toEqual([
        "policies[0].apiVersion: must be 'policies.kyverno.io/v1'",
        expect.stringMatching(/^policies\[0\]\.kind: must be one of ValidatingPolicy, .* \(legacy kyverno\.io kinds are deprecated\)$/),
      ]);
    });

    it("throws on misplaced namespaces and duplicates before registering anything", async () => {
      expect(
        await rejected([
          { ...systemException, metadata: { name: "elsewhere", namespace: "team-a" } },
          { ...requireAppLabel(), metadata: { name: "require-app-name-label", namespace: "kyverno" } },
          { ...systemException, metadata: { name: "no-namespace" } },
          requireAppLabel(),
          requireAppLabel(),
        ]),
      ).toEqual([
        "policies[0].metadata.namespace: Kyverno only honours PolicyExceptions in 'kyverno'",
        "policies[1].metadata.namespace: ValidatingPolicy is cluster-scoped; remove the namespace",
        "policies[2].metadata.namespace: PolicyException is namespaced; set metadata.namespace",
        "policies[4].metadata.name: duplicate ValidatingPolicy 'require-app-name-label'",
      ]);
    });

    it("requires plain manifests, since kind and name name the Pulumi resource", async () => {
      expect(await rejected([pulumi.output(requireAppLabel())])).toEqual([
        "policies[0]: must be a plain manifest object (its kind and metadata.name name the Pulumi resource, so they cannot be Outputs)",
      ]);
    });
  });
});
