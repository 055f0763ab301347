// A program planned as `pulumi preview` runs it (Pulumi mocks in preview mode): outputs nobody computed
// yet are unknown, and so are the inputs built from them. Each guardrail fails closed in prod on the
// unknown inputs it needs, naming them, is the analyzer's advisory elsewhere, and ignores unknown
// inputs it does not read.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { PlanDocument, PolicyViolation } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { planProgram } from "../../plan/run-offline-plan";
import { UNKNOWN_PLACEHOLDER } from "../../plan/wire-values";
import { appNamespace } from "./exposure-fixtures";
import { goodPod, REGISTRY } from "./pods";

let plan: PlanDocument;
beforeAll(async () => {
  ({ plan } = await planProgram(
    "preview",
    () => {
      const cluster = new k8s.Provider("cluster", { context: "test" });
      const randomProvider = new random.Provider("random");
      // A RandomString's `result` is computed by the provider: unknown until it is created.
      const tag = new random.RandomString("tag", { length: 8, special: false }, { provider: randomProvider });
      const namespace = appNamespace();
      new k8s.core.v1.Namespace("shop-prod", { metadata: namespace.metadata }, { provider: cluster });
      const pod = goodPod();
      const container = { ...pod.spec.containers[0]!, image: pulumi.interpolate`${REGISTRY}/shop/shop:${tag.result}` };
      new k8s.apps.v1.Deployment(
        "shop",
        {
          metadata: { name: "shop", namespace: "shop-prod" },
          spec: {
            selector: { matchLabels: pod.metadata.labels },
            template: {
              metadata: { labels: pod.metadata.labels },
              // The env value is unknown too, but no guardrail reads it.
              spec: {
                ...pod.spec,
                containers: [{ ...container, env: [{ name: "TAG", value: tag.result }] }],
              } as unknown as k8s.types.input.core.v1.PodSpec,
            },
          },
        },
        { provider: cluster },
      );
      return { registryHost: REGISTRY };
    },
    {},
    { preview: true },
  ));
});

const IMAGE = "spec.template.spec.containers[0].image";
const deployment = () => plan.resources.find((r) => r.type === "kubernetes:apps/v1:Deployment")!;
const on = (found: PolicyViolation[], policy: string) => found.filter((v) => v.policy === policy && v.urn === deployment().urn);

test("the preview leaves the image unknown in the plan", () => {
  const containers = (
    deployment().inputs as { spec: { template: { spec: { containers: { image: unknown; env: { value: unknown }[] }[] } } } }
  ).spec.template.spec.containers;
  expect(containers[0]!.image).toBe(UNKNOWN_PLACEHOLDER);
  expect(containers[0]!.env[0]!.value).toBe(UNKNOWN_PLACEHOLDER);
});

test("prod: the rules that need the image fail closed, naming it", async () => {
  const found = await evaluatePlanPolicies(plan, "prod");
  for (const policy of ["image-tag-pinned", "images-from-platform-registry", "app-images-own-project"])
    expect(on(found, policy).map((v) => [v.enforcementLevel, v.message])).toEqual([
      [
        "mandatory",
        `kubernetes:apps/v1:Deployment 'shop': ${IMAGE} is unknown at preview time, and this guardrail cannot pass what it cannot read (fail closed)`,
      ],
    ]);
});

test("prod: rules that do not read the unknown inputs pass the pod", async () => {
  const found = await evaluatePlanPolicies(plan, "prod");
  for (const policy of [
    "no-privileged-containers",
    "capabilities-restricted",
    "seccomp-apparmor-confined",
    "no-host-namespaces",
    "run-as-non-root",
  ])
    expect({ policy, found: on(found, policy) }).toEqual({ policy, found: [] });
});

test("dev: the same unknown image is the analyzer's advisory, as in a preview without this handling", async () => {
  const found = await evaluatePlanPolicies(plan, "dev");
  for (const policy of ["image-tag-pinned", "images-from-platform-registry", "app-images-own-project"]) {
    // A stack rule's advisory names the stack, as the analyzer reports it (it has no resource of its own).
    const violations = policy === "app-images-own-project" ? found.filter((v) => v.policy === policy) : on(found, policy);
    expect(violations.map((v) => v.enforcementLevel)).toEqual(["advisory"]);
    expect(violations[0]!.message).toContain(`can't run policy '${policy}' during preview`);
    expect(violations[0]!.message).toContain(`value at .${IMAGE} can't be known during preview`);
  }
});
