// A Rollout cannot route around the workload and image guardrails: its own pod template is read by
// the pod guardrails (CrossGuard) and refused by rollouts-reference-deployment (both points), and
// the pods it creates in production still need the app pipeline's signature (Kyverno).
import { testApp, testNames } from "../helpers/onboarding-context";
import { appImageValidatingPolicy } from "../../policies/kyverno/app-image-policy";
import { celRules } from "../../policies/kyverno/cel-rules";
import { configRepoFiles } from "../../components/onboarding/repositories/config-repo-files";
import { parse } from "yaml";
import { evaluateCel, planResource, violations } from "./harness";
import { goodPod, REGISTRY } from "./pods";

const ROLLOUT_TYPE = "kubernetes:argoproj.io/v1alpha1:Rollout";

const privilegedTemplate = () => {
  const pod = goodPod();
  pod.spec.containers[0]!.securityContext = { privileged: true, allowPrivilegeEscalation: true };
  return { metadata: { labels: pod.metadata.labels }, spec: pod.spec };
};
const rollout = (spec: Record<string, unknown>) => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Rollout",
  metadata: { name: "shop", namespace: "shop-prod" },
  spec: { replicas: 2, selector: { matchLabels: { "app.kubernetes.io/name": "shop" } }, strategy: { canary: {} }, ...spec },
});

describe("Rollouts and the workload guardrails", () => {
  it("CrossGuard flags a Rollout with an inline privileged template, by the pod guardrails and by rollouts-reference-deployment", async () => {
    const resource = planResource(ROLLOUT_TYPE, "shop-rollout", rollout({ template: privilegedTemplate() }));
    expect(await violations("no-privileged-containers", resource)).toEqual([expect.stringContaining("privileged")]);
    expect(await violations("no-privilege-escalation", resource)).not.toEqual([]);
    expect(await violations("rollouts-reference-deployment", resource)).toEqual([
      expect.stringContaining("carries its own pod template"),
      expect.stringContaining("has no spec.workloadRef"),
    ]);
  });

  it("Kyverno refuses the same Rollout at admission, and admits the platform's own (workloadRef)", () => {
    const rule = celRules({ registryHost: REGISTRY, requireDigest: true, requiredLabels: [] })["rollouts-reference-deployment"]!;
    expect(rule).toMatchObject({ resource: "app-namespaced", kinds: [{ apiGroups: ["argoproj.io"], resources: ["rollouts"] }] });
    const spec = testApp({ delivery: { strategy: "canary" } });
    const rendered = configRepoFiles({
      spec,
      names: testNames(spec),
      environments: [{ name: "prod", production: true, cluster: "in-cluster" }],
      metricsQueryUrl: "http://vmselect-vm.monitoring.svc:8481/select/0/prometheus",
    }).find((file) => file.path === "overlays/prod/rollout.yaml")!;
    const verdicts = evaluateCel([
      { rule, object: rollout({ template: privilegedTemplate() }) },
      { rule, object: rollout({ workloadRef: { apiVersion: "apps/v1", kind: "StatefulSet", name: "shop" } }) },
      { rule, object: parse(rendered.content) },
    ]);
    expect(verdicts.map((v) => v.allowed)).toEqual([false, false, true]);
  });

  it("pods a Rollout creates in production still need the pipeline's signature: the image policy matches pods, not controllers", () => {
    const policy = appImageValidatingPolicy({
      name: "verify-images-shop",
      app: "shop",
      imageGlob: `${REGISTRY}/shop/*`,
      namespaces: ["shop-prod"],
      validationActions: ["Deny"],
      identity: {
        mode: "keyless",
        issuer: "https://gitlab.example.com",
        subject: "https://gitlab.example.com/web/shop//.gitlab-ci.yml@refs/heads/main",
      },
    }) as { spec: { matchConstraints: { resourceRules: unknown }; validationConfigurations: unknown; validationActions: unknown } };
    // Rollout -> ReplicaSet -> Pod: whatever creates the pod, admission checks the pod itself.
    expect(policy.spec.matchConstraints.resourceRules).toEqual([
      { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["pods"] },
    ]);
    expect(policy.spec.validationConfigurations).toMatchObject({ required: true });
    expect(policy.spec.validationActions).toEqual(["Deny"]);
  });
});
