// Issue 14: a policy exception is one record in the stack config; the plan derives the CrossGuard
// waiver and the Kyverno PolicyException from it, enforces its expiry at plan time and (through a
// match condition on Kyverno's time.now()) at admission, and lists it in the plan and the evidence.
import { TEST_PROVENANCE } from "../compliance/fixtures";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildEvidenceReport } from "../../compliance/report";
import { renderMarkdown } from "../../compliance/render-markdown";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { evaluatePlanPolicies, planPolicyConfig, resourceValidationArgs } from "../../plan/policy-evaluation";
import { GUARDRAILS } from "../../policies/catalog";
import { SCOPE_CONFIG_KEY } from "../../policies/enforcement/policy-scope";
import { guardrailPolicies } from "../../policies/pack";
import { enginePackConfig, packPolicies, SCOPE_REPORT_POLICY } from "../../policies/scoped-policies";
import { configSchema } from "../../stacks/config/schema";
import { examplePlan } from "../helpers/example-plans";
import { validateKubernetesObjects } from "../helpers/kubernetes-schema";
import { devConfig, runPlanCli, writeStacks, type CliRun } from "../helpers/temp-stacks";
import { goodPod } from "./fixtures";
import { evaluateConditions, planResource } from "./harness";

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const P = "delivery-platform:";

const record = (overrides: Record<string, unknown> = {}) => ({
  id: "legacy-batch-root",
  guardrail: "run-as-non-root",
  scope: { apps: ["beta"], environments: ["dev"] },
  reason: "Vendor batch image runs as root until v5; its namespace is isolated.",
  owner: "team-two-lead",
  ticket: "OPS-123",
  expires: inDays(30),
  ...overrides,
});

/** The dev test stack (apps alpha: dev; beta: dev, staging) with these exceptions, planned once per call. */
async function planWith(exceptions: unknown[]): Promise<{ run: CliRun; plan?: PlanDocument }> {
  const config = devConfig();
  config[`${P}exceptions`] = exceptions;
  const json = path.join(mkdtempSync(path.join(tmpdir(), "exceptions-")), "plan.json");
  const run = await runPlanCli(["--stack", "exc", "--stacks-dir", writeStacks({ exc: { config } }), "--json", json]);
  return { run, plan: run.exitCode === 0 ? (JSON.parse(readFileSync(json, "utf8")) as PlanDocument) : undefined };
}

const ofKind = (plan: PlanDocument, kind: string) => plan.resources.filter((r) => r.type === `kubernetes:policies.kyverno.io/v1:${kind}`);
const specOf = (r: PlanResource) => r.inputs.spec as Record<string, unknown> & { policyRefs: { kind: string; name: string }[] };

describe("the record is validated at the stack config boundary", () => {
  const prodBase = {
    environment: "prod",
    domain: "platform.example.test",
    cluster: { context: "kind-test" },
    gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
    apps: [{ name: "beta", team: "two", environments: ["dev", "prod"] }],
    environments: [{ name: "dev" }, { name: "prod", production: true }],
  };
  const problems = (base: Record<string, unknown>, exceptions: unknown[]) => {
    const result = configSchema(new Set()).safeParse({ ...base, exceptions });
    return result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).filter((p) => p.startsWith("exceptions"));
  };

  test.each([
    ["expired", { expires: inDays(-1) }, `exceptions.0.expires: expired on ${inDays(-1)}: an expired exception is an error in prod`],
    ["too far ahead for prod (90 days)", { expires: inDays(91) }, "exceptions.0.expires: more than 90 days ahead (the prod maximum)"],
    [
      "for an unknown guardrail",
      { guardrail: "run-as-nonroot" },
      "exceptions.0.guardrail: unknown guardrail 'run-as-nonroot'; did you mean 'run-as-non-root'?",
    ],
    ["without an owner", { owner: "" }, "exceptions.0.owner: required: who answers for the exception"],
    ["without a ticket", { ticket: undefined }, "exceptions.0.ticket: "],
    [
      "for a guardrail never acceptable to break",
      { guardrail: "no-secrets-in-helm-values" },
      "exceptions.0.guardrail: 'no-secrets-in-helm-values' is mandatory on every profile",
    ],
    [
      "for an app this stack does not have",
      { scope: { apps: ["gamma"] } },
      "exceptions.0.scope.apps.0: 'gamma' is not an app of this stack",
    ],
    [
      "for a namespace the platform does not own",
      { scope: { namespaces: ["ingress-nginx"] } },
      "exceptions.0.scope.namespaces.0: 'ingress-nginx' is not a namespace this platform owns",
    ],
    [
      "with two scopes",
      { scope: { stack: true, namespaces: ["beta-dev"] } },
      "exceptions.0.scope: set exactly one of stack, apps, namespaces or resource (got stack, namespaces)",
    ],
  ])("prod refuses an exception %s, naming the key", (_title, change, message) => {
    expect(problems(prodBase, [record(change)]).join("\n")).toContain(message);
  });

  test("a record within the rules passes; dev allows 180 days and takes an expired record (reported, not applied)", () => {
    expect(problems(prodBase, [record({ expires: inDays(89) })])).toEqual([]);
    const devBase = { ...prodBase, environment: "dev", environments: [{ name: "dev" }, { name: "prod" }] };
    expect(problems(devBase, [record({ expires: inDays(170) })])).toEqual([]);
    expect(problems(devBase, [record({ expires: inDays(-3) })])).toEqual([]);
    expect(problems(devBase, [record({ expires: inDays(181) })]).join()).toContain("more than 180 days ahead (the dev maximum)");
  });

  test("the plan exits 2 and registers nothing on a bad record", async () => {
    const { run } = await planWith([record({ guardrail: "nope" }), record({ id: "second", owner: "" })]);
    expect(run.exitCode).toBe(2);
    expect(run.resourcesRegistered).toBe(0);
    expect(run.stderr).toContain("exceptions[0].guardrail: unknown guardrail 'nope'");
    expect(run.stderr).toContain("exceptions[1].owner: required: who answers for the exception");
  });
});

describe("one record: the PolicyException, the waiver, the plan's listing", () => {
  let run: CliRun;
  let plan: PlanDocument;
  const records = [
    record(),
    record({ id: "unsigned-beta", guardrail: "image-signature-verified", scope: { apps: ["beta"] }, ticket: "OPS-124" }),
    record({ id: "cosign-later", guardrail: "harbor-cosign-enforced", scope: { apps: ["beta"] }, ticket: "OPS-125" }),
    record({ id: "stale", guardrail: "probes-required", scope: { namespaces: ["alpha-dev"] }, ticket: "OPS-100", expires: inDays(-2) }),
  ];
  beforeAll(async () => {
    const planned = await planWith(records);
    run = planned.run;
    plan = planned.plan!;
  });

  test("a Kyverno guardrail's record becomes a PolicyException in the Kyverno namespace, carrying the record", () => {
    const exception = ofKind(plan, "PolicyException").find((r) => (r.inputs.metadata as { name: string }).name === "legacy-batch-root")!;
    expect(exception.inputs.metadata).toMatchObject({
      namespace: "kyverno",
      annotations: { "platform.delivery/exception-owner": "team-two-lead", "platform.delivery/exception-ticket": "OPS-123" },
    });
    expect(specOf(exception)).toMatchObject({
      expiresAt: `${records[0]!.expires}T23:59:59Z`,
      properties: { guardrail: "run-as-non-root", owner: "team-two-lead", ticket: "OPS-123", expires: records[0]!.expires },
      matchConditions: [
        { name: "in-scope-namespaces", expression: expect.stringContaining("in ['beta-dev']") as unknown },
        { name: "not-expired", expression: `time.now() <= timestamp('${records[0]!.expires}T23:59:59Z')` },
      ],
    });
    // Every per-environment variant of the guardrail's policy, the conditions narrow them to the scope.
    expect(specOf(exception).policyRefs).toEqual([
      { kind: "ValidatingPolicy", name: "run-as-non-root" },
      { kind: "ValidatingPolicy", name: "run-as-non-root.audit-warn" },
    ]);
    // The signature exception names the app's own image policy (there is no platform-wide one).
    const unsigned = ofKind(plan, "PolicyException").find((r) => (r.inputs.metadata as { name: string }).name === "unsigned-beta")!;
    expect(specOf(unsigned).policyRefs).toEqual([
      { kind: "ImageValidatingPolicy", name: "verify-images-beta" },
      { kind: "ImageValidatingPolicy", name: "verify-images-beta.audit-warn" },
    ]);
  });

  test("the PolicyExceptions and the per-environment policies validate against the Kyverno models", () => {
    const verdicts = validateKubernetesObjects(plan).filter((v) => v.apiVersion === "policies.kyverno.io/v1");
    expect(verdicts.filter((v) => v.kind === "PolicyException")).toHaveLength(2);
    expect(verdicts.filter((v) => v.status !== "valid")).toEqual([]);
  });

  test("every generated exception's policy reference resolves to a policy in the plan", () => {
    const planned = new Set(
      [...ofKind(plan, "ValidatingPolicy"), ...ofKind(plan, "ImageValidatingPolicy")].map(
        (r) => `${r.inputs.kind as string}/${(r.inputs.metadata as { name: string }).name}`,
      ),
    );
    const refs = ofKind(plan, "PolicyException").flatMap((r) => specOf(r).policyRefs.map((ref) => `${ref.kind}/${ref.name}`));
    expect(refs.length).toBeGreaterThanOrEqual(4);
    expect(refs.filter((ref) => !planned.has(ref))).toEqual([]);
  });

  test("expired and CrossGuard-only records get no PolicyException; the plan lists every record with its status", () => {
    expect(
      ofKind(plan, "PolicyException")
        .map((r) => (r.inputs.metadata as { name: string }).name)
        .sort(),
    ).toEqual(["legacy-batch-root", "unsigned-beta"]);
    const listed = (
      plan.outputs.guardrails as { exceptions: { id: string; status: string; owner: string; ticket: string; expires: string }[] }
    ).exceptions;
    expect(listed.map(({ id, status, owner, ticket, expires }) => ({ id, status, owner, ticket, expires }))).toEqual(
      records.map((r) => ({
        id: r.id,
        status: r.id === "stale" ? "expired" : "open",
        owner: r.owner,
        ticket: r.ticket,
        expires: r.expires,
      })),
    );
    expect(run.stdout).toContain("Policy exceptions (3 open, 1 expired):");
    expect(run.stdout).toMatch(
      /open {5}legacy-batch-root: run-as-non-root for apps beta \(dev\); owner team-two-lead, ticket OPS-123, expires \d{4}-/,
    );
    expect(run.stderr).toContain(
      `warning: exception 'stale' (probes-required, owner team-two-lead, ticket OPS-100) expired on ${inDays(-2)}: it applies nowhere`,
    );
  });

  test("the CrossGuard waiver reports the waived violation as advisory, with the record, in its scope only", () => {
    const cosign = plan.policies.violations.filter((v) => v.policy === "harbor-cosign-enforced");
    expect(cosign.map((v) => [v.urn.split("::").pop(), v.waiver?.id])).toEqual([
      ["alpha-registry-project", undefined],
      ["beta-registry-project", "cosign-later"],
    ]);
    expect(cosign[1]!.waiver).toEqual({
      id: "cosign-later",
      owner: "team-two-lead",
      ticket: "OPS-125",
      expires: records[2]!.expires,
      reason: records[2]!.reason,
      scope: "apps beta",
    });
  });

  test("the evidence report lists open and expired exceptions with owner, ticket and expiry", () => {
    const report = buildEvidenceReport({
      plan,
      catalog: GUARDRAILS,
      violations: plan.policies.violations,
      generatedAt: new Date(),
      provenance: TEST_PROVENANCE,
    });
    expect(report.policyExceptions.map((e) => [e.id, e.status, e.owner, e.ticket, e.expires, e.waivedViolations])).toEqual([
      ["legacy-batch-root", "open", "team-two-lead", "OPS-123", records[0]!.expires, 0],
      ["unsigned-beta", "open", "team-two-lead", "OPS-124", records[1]!.expires, 0],
      ["cosign-later", "open", "team-two-lead", "OPS-125", records[2]!.expires, 1],
      ["stale", "expired", "team-two-lead", "OPS-100", records[3]!.expires, 0],
    ]);
    // Judged when the report is made: past the expiry, an open record of the plan shows as expired.
    const later = buildEvidenceReport({
      plan,
      catalog: GUARDRAILS,
      violations: [],
      generatedAt: new Date(Date.now() + 40 * DAY),
      provenance: TEST_PROVENANCE,
    });
    expect(later.policyExceptions.map((e) => e.status)).toEqual(["expired", "expired", "expired", "expired"]);
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("## Policy exceptions");
    expect(markdown).toContain("| `cosign-later` | **open** | `harbor-cosign-enforced` | apps beta | team-two-lead | OPS-125 |");
  });

  test("at admission the exception holds through its expiry day and stops matching after it, without a redeploy", () => {
    const exception = ofKind(plan, "PolicyException").find((r) => (r.inputs.metadata as { name: string }).name === "legacy-batch-root")!;
    const conditions = specOf(exception).matchConditions as { name: string; expression: string }[];
    const end = new Date(`${records[0]!.expires}T23:59:59Z`);
    const pod = (namespace: string) => ({ ...goodPod(), metadata: { name: "batch", namespace } });
    const verdicts = evaluateConditions([
      { conditions, object: pod("beta-dev"), now: new Date(end.getTime() - DAY) },
      { conditions, object: pod("beta-dev"), now: end },
      { conditions, object: pod("beta-dev"), now: new Date(end.getTime() + 1000) },
      { conditions, object: pod("beta-staging"), now: new Date(end.getTime() - DAY) },
      // The namespace-labels policy admits Namespace objects: their own name is the scope.
      { conditions, object: { kind: "Namespace", metadata: { name: "beta-dev" } }, now: new Date(end.getTime() - DAY) },
    ]);
    expect(verdicts).toEqual([{ matched: true }, { matched: true }, { matched: false }, { matched: false }, { matched: true }]);
  });
});

describe("waivers over a prod plan: mandatory outside the scope, advisory with the record inside", () => {
  let plan: PlanDocument;
  const privileged = (namespace: string, name: string) => {
    const pod = goodPod();
    pod.metadata.namespace = namespace;
    pod.spec.containers[0]!.securityContext = { allowPrivilegeEscalation: false, privileged: true };
    return planResource("kubernetes:core/v1:Pod", name, pod);
  };
  beforeAll(async () => {
    plan = structuredClone(await examplePlan("prod"));
    plan.resources.push(privileged("payments-api-prod", "waived-pod"), privileged("storefront-prod", "other-pod"));
    (plan.outputs.guardrails as Record<string, unknown>).exceptions = [
      {
        ...record({ id: "vendor-agent", guardrail: "no-privileged-containers", scope: { namespaces: ["payments-api-prod"] } }),
        scopeText: "namespaces payments-api-prod",
        status: "open",
        namespaces: ["payments-api-prod"],
      },
    ];
  });

  test("offline: the waived violation is advisory and names the record; the other stays mandatory", async () => {
    const found = (await evaluatePlanPolicies(plan)).filter((v) => v.policy === "no-privileged-containers");
    expect(found.map((v) => [v.urn.split("::").pop(), v.enforcementLevel, v.waiver?.id])).toEqual([
      ["waived-pod", "advisory", "vendor-agent"],
      ["other-pod", "mandatory", undefined],
    ]);
    // Past its expiry the record waives nothing, even in a plan written before.
    const later = (await evaluatePlanPolicies(plan, undefined, new Date(Date.now() + 40 * DAY))).filter(
      (v) => v.policy === "no-privileged-containers",
    );
    expect(later.map((v) => v.enforcementLevel)).toEqual(["mandatory", "mandatory"]);
  });

  test("with the Pulumi CLI: the pack config carries the waiver, the policy leaves the waived violation to guardrail-scope", async () => {
    const config = enginePackConfig(planPolicyConfig(plan));
    expect(config["no-privileged-containers"]).toMatchObject({
      enforcementLevel: "mandatory",
      [SCOPE_CONFIG_KEY]: { waivers: [{ id: "vendor-agent", match: { namespaces: ["payments-api-prod"] } }] },
    });
    const policies = packPolicies(guardrailPolicies());
    const privilegedPolicy = policies.find((p) => p.name === "no-privileged-containers")!;
    const scopeReport = policies.find((p) => p.name === SCOPE_REPORT_POLICY)!;
    const reported: string[] = [];
    const report = (policy: string) => (message: string) => reported.push(`${policy}: ${message}`);
    for (const resource of plan.resources.filter((r) => r.name.endsWith("-pod"))) {
      const { enforcementLevel: _level, ...properties } = config["no-privileged-containers"]!;
      const args = resourceValidationArgs(resource, properties);
      await (privilegedPolicy as { validateResource: (a: unknown, r: unknown) => Promise<void> }).validateResource(
        args,
        report("no-privileged-containers"),
      );
    }
    await (scopeReport as { validateStack: (a: unknown, r: unknown) => Promise<void> }).validateStack(
      { resources: [], getConfig: () => ({}) },
      report(SCOPE_REPORT_POLICY),
    );
    // The other pod's violation is reported by the policy itself (mandatory); the waived one by guardrail-scope, with the record.
    expect(reported).toEqual([
      expect.stringMatching(/^no-privileged-containers: /),
      expect.stringMatching(
        /^guardrail-scope: no-privileged-containers: .*\[waived by exception 'vendor-agent' \(owner team-two-lead, ticket OPS-123, expires /,
      ),
    ]);
  });
});
