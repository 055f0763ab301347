import { GUARDRAILS } from "../../policies/catalog";
import { celRules } from "../../policies/kyverno/cel-rules";
import { policyPackConfig } from "../../policies/pack";
import { evaluateCel, planResource, violations } from "./harness";
import { PARITY_FIXTURES, REGISTRY, type Fixture } from "./fixtures";

const BOTH_POINTS = GUARDRAILS.filter((g) => g.implementations.includes("crossguard") && g.implementations.includes("kyverno")).map(
  (g) => g.id,
);
type KubernetesObject = { apiVersion: string; kind: string; metadata: { name: string } };
/** The object as the plan records it: `kubernetes:<group>/<version>:<Kind>` (`core/v1` for the core group). */
const asPlanResource = (object: KubernetesObject) =>
  planResource(
    `kubernetes:${object.apiVersion.includes("/") ? object.apiVersion : `core/${object.apiVersion}`}:${object.kind}`,
    `${object.kind.toLowerCase()}-${object.metadata.name}`,
    object,
  );
const expected = (fixture: Fixture, profile: "dev" | "prod") =>
  typeof fixture.allowed === "boolean" ? fixture.allowed : fixture.allowed[profile];

test("every guardrail enforced at both points has passing and failing fixtures", () => {
  expect(Object.keys(PARITY_FIXTURES).sort()).toEqual([...BOTH_POINTS].sort());
  for (const id of BOTH_POINTS) {
    for (const profile of ["dev", "prod"] as const) {
      const outcomes = PARITY_FIXTURES[id]!.map((f) => expected(f, profile));
      expect({ id, profile, passes: outcomes.includes(true), fails: outcomes.includes(false) }).toEqual({
        id,
        profile,
        passes: true,
        fails: true,
      });
    }
  }
});

describe.each(["dev", "prod"] as const)("CrossGuard and Kyverno agree (%s)", (profile) => {
  const config = policyPackConfig(profile, { registryHost: REGISTRY });
  const rules = celRules({ registryHost: REGISTRY, requireDigest: profile === "prod", requiredLabels: ["app.kubernetes.io/name"] });
  const cases = BOTH_POINTS.flatMap((id) => PARITY_FIXTURES[id]!.map((fixture) => ({ id, fixture })));
  let verdicts: ReturnType<typeof evaluateCel>;
  beforeAll(() => {
    verdicts = evaluateCel(
      cases.map(({ id, fixture }) => ({ rule: rules[id]!, object: fixture.object, namespaceObject: fixture.namespace ?? null })),
    );
  });

  test.each(cases.map((c, index) => [c.id, c.fixture.title, index] as const))("%s: %s", async (id, _title, index) => {
    const { fixture } = cases[index]!;
    const object = fixture.object as KubernetesObject;
    const { enforcementLevel: _level, ...policyConfig } = config[id]!;
    // In the plan, the namespace is a resource beside the object.
    const resources = [fixture.namespace, object].filter((o): o is KubernetesObject => o !== undefined).map(asPlanResource);
    const crossGuard = await violations(id, resources, policyConfig);
    const kyverno = verdicts[index]!;
    expect(kyverno.error).toBeUndefined();
    expect({ crossGuard: crossGuard.length === 0, kyverno: kyverno.allowed }).toEqual({
      crossGuard: expected(fixture, profile),
      kyverno: expected(fixture, profile),
    });
  });
});

test("CrossGuard checks the pod template of controllers the way Kyverno's autogen does", async () => {
  const pod = PARITY_FIXTURES["no-privilege-escalation"]![1]!.object as { metadata: unknown; spec: unknown };
  const deployment = planResource("kubernetes:apps/v1:Deployment", "shop", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "shop" },
    spec: { template: { metadata: pod.metadata, spec: pod.spec } },
  });
  const cronJob = planResource("kubernetes:batch/v1:CronJob", "nightly", {
    spec: { jobTemplate: { spec: { template: { metadata: pod.metadata, spec: pod.spec } } } },
  });
  expect(await violations("no-privilege-escalation", deployment)).toEqual(["container 'app' does not set allowPrivilegeEscalation: false"]);
  expect(await violations("no-privilege-escalation", cronJob)).toHaveLength(1);
});
