// Issue 16: per-environment enforcement, one rule for Kyverno and CrossGuard. Each finding has a
// fixture cut from the plan as it was (enforcement-fixtures/, at 62f8d07), which the check flags,
// and today's plan, which passes it.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { examplePlan } from "../helpers/example-plans";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";
import { admissionActionMismatches, ownedNamespacesUnchecked, unownedNamespacesChecked, type PlanCut } from "./enforcement-checks";
import { goodPod } from "./fixtures";
import { planResource } from "./harness";

const before = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, "enforcement-fixtures", `${name}.json`), "utf8")) as PlanCut & {
    configured?: Record<string, unknown>;
  };

const kyvernoPolicies = (plan: PlanCut, guardrail: string) =>
  plan.resources
    .filter((r) => r.type === "kubernetes:policies.kyverno.io/v1:ValidatingPolicy")
    .map((r) => ({ metadata: r.inputs.metadata as { name: string }, spec: r.inputs.spec as Record<string, unknown> }))
    .filter((p) => p.metadata.name.split(".")[0] === guardrail);

let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  prod = await examplePlan("prod");
  dev = await examplePlan("dev");
});

describe("finding: Kyverno followed the stack profile, not the environment", () => {
  test("the plan as it was: the prod stack denied in its dev and staging namespaces too", () => {
    const problems = admissionActionMismatches(before("prod-before"));
    expect(problems).toContain("payments-api-dev (dev, tier dev): run-as-non-root expects [Audit], got run-as-non-root [Deny]");
    expect(problems).toContain(
      "storefront-staging (staging, tier staging): probes-required expects [Audit, Warn], got probes-required [Deny]",
    );
    expect(problems).toContain(
      "payments-api-dev (dev, tier dev): image-signature-verified expects [Audit], got verify-images-payments-api [Deny]",
    );
  });

  test("the prod plan: every app namespace gets its environment's actions, visible per environment", () => {
    expect(admissionActionMismatches(prod)).toEqual([]);
    const byName = Object.fromEntries(
      kyvernoPolicies(prod, "run-as-non-root").map((p) => [
        p.metadata.name,
        { actions: p.spec.validationActions, selector: (p.spec.matchConstraints as { namespaceSelector: unknown }).namespaceSelector },
      ]),
    );
    const env = (operator: string, values: string[]) => ({
      matchExpressions: [
        { key: "platform.delivery/app", operator: "Exists" },
        { key: "platform.delivery/environment", operator, values },
      ],
    });
    expect(byName).toEqual({
      // The base policy keeps its name (and URN): prod, and any namespace of an undeclared environment.
      "run-as-non-root": { actions: ["Deny"], selector: env("NotIn", ["dev", "staging"]) },
      "run-as-non-root.audit": { actions: ["Audit"], selector: env("In", ["dev"]) },
      "run-as-non-root.audit-warn": { actions: ["Audit", "Warn"], selector: env("In", ["staging"]) },
    });
  });

  test("CrossGuard gives a dev namespace of the prod stack the level Kyverno does: advisory there, mandatory in prod", async () => {
    const plan = structuredClone(prod);
    const privileged = (namespace: string) => {
      const pod = goodPod();
      pod.metadata.namespace = namespace;
      pod.spec.containers[0]!.securityContext = { allowPrivilegeEscalation: false, privileged: true };
      return planResource("kubernetes:core/v1:Pod", `privileged-${namespace}`, pod);
    };
    plan.resources.push(privileged("payments-api-dev"), privileged("payments-api-staging"), privileged("payments-api-prod"));
    const levels = (await evaluatePlanPolicies(plan))
      .filter((v) => v.policy === "no-privileged-containers")
      .map((v) => [v.urn.split("::").pop(), v.enforcementLevel]);
    expect(levels).toEqual([
      ["privileged-payments-api-dev", "advisory"],
      ["privileged-payments-api-staging", "advisory"],
      ["privileged-payments-api-prod", "mandatory"],
    ]);
    // `--profile` evaluates every namespace at that profile's levels.
    const asProd = (await evaluatePlanPolicies(plan, "prod")).filter((v) => v.policy === "no-privileged-containers");
    expect(asProd.map((v) => v.enforcementLevel)).toEqual(["mandatory", "mandatory", "mandatory"]);
  });
});

describe("finding: services.kyverno.validationActions changed nothing", () => {
  test("the plan as it was: [Warn] configured, the policies still only audited", () => {
    const fixture = before("dev-warn-before");
    const configured = fixture.configured!["services.kyverno.validationActions"] as ["Warn"];
    expect(admissionActionMismatches(fixture, configured)).toContain(
      "payments-api-dev (dev, tier dev): no-privileged-containers expects [Warn], got no-privileged-containers [Audit]",
    );
  });

  test("today: the configured actions reach every advisory policy; mandatory ones still deny", async () => {
    const config = devConfig();
    config["delivery-platform:services"] = { kyverno: { validationActions: ["Warn"] }, velero: { storage: { kind: "in-cluster" } } };
    const json = path.join(mkdtempSync(path.join(tmpdir(), "warn-")), "plan.json");
    const run = await runPlanCli(["--stack", "warn", "--stacks-dir", writeStacks({ warn: { config } }), "--json", json]);
    expect(run.exitCode).toBe(0);
    const plan = JSON.parse(readFileSync(json, "utf8")) as PlanDocument;
    expect(admissionActionMismatches(plan, ["Warn"])).toEqual([]);
    expect(kyvernoPolicies(plan, "no-privileged-containers").map((p) => p.spec.validationActions)).toEqual([["Warn"]]);
    expect(kyvernoPolicies(plan, "app-ingress-hosts").map((p) => p.spec.validationActions)).toEqual([["Deny"]]);
  });
});

describe("finding: staging's Audit+Warn never reached the policies", () => {
  test("the plan as it was: the dev stack's staging namespace only audited", () => {
    expect(admissionActionMismatches(before("dev-before"))).toContain(
      "payments-api-staging (staging, tier staging): workload-labels expects [Audit, Warn], got workload-labels [Audit]",
    );
  });

  test("the dev plan: staging audits and warns, dev audits", () => {
    expect(admissionActionMismatches(dev)).toEqual([]);
    expect(kyvernoPolicies(dev, "workload-labels").map((p) => [p.metadata.name, p.spec.validationActions])).toEqual([
      ["workload-labels", ["Audit"]],
      ["workload-labels.audit-warn", ["Audit", "Warn"]],
    ]);
  });
});

describe("finding: namespace-labels denied updates to namespaces the platform does not own", () => {
  // The ingress controller's namespace, Kubernetes' own and one another team created.
  const unowned = (plan: PlanCut) => [
    (plan.outputs.onboarding as { ingress: { namespace: string } }).ingress.namespace,
    "kube-system",
    "team-sandbox",
  ];

  test("the plan as it was: it checked the ingress controller's namespace and any other team's", () => {
    const fixture = before("prod-before");
    expect(unownedNamespacesChecked(fixture, unowned(fixture))).toEqual([
      "namespace-labels checks namespace 'ingress-nginx', which the platform does not own",
      "namespace-labels checks namespace 'team-sandbox', which the platform does not own",
    ]);
  });

  test("the prod plan: only namespaces the platform owns are checked, each of them by one policy", () => {
    expect(unownedNamespacesChecked(prod, unowned(prod))).toEqual([]);
    expect(ownedNamespacesUnchecked(prod)).toEqual([]);
    // Tenant apps' namespaces are the platform's too (the ownership registry), before the tenant stack creates them.
    const owned = kyvernoPolicies(prod, "namespace-labels").flatMap((p) =>
      (p.spec.matchConditions as { expression: string }[]).map((c) => c.expression),
    );
    expect(owned.join(" ")).toContain("'invoicing-prod'");
  });
});
