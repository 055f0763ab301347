// Issue 13, finding 5: `policy.default: role:readonly` let every SSO user read every tenant's
// production logs, past the per-app AppProject roles.
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { planResource } from "../helpers/plan-resource";
import { argocdRbac, can, crossProjectGrants } from "./argocd-rbac";

const ADMINS = ["platform-admins"]; // services.argocd.adminGroups of the example stacks (the default)
const RELEASE = "kubernetes:helm.sh/v3:Release";
const PROJECT = "kubernetes:argoproj.io/v1alpha1:AppProject";

/** The prod plan as it was, cut down to the Argo CD release's RBAC values and one app's project roles. */
const PLAN_AS_IT_WAS: PlanDocument = {
  project: "delivery-platform",
  stack: "prod",
  outputs: {},
  outputSecretPaths: [],
  policies: { violations: [] },
  resources: [
    planResource(RELEASE, "argocd-release", {
      chart: "argo-cd",
      values: {
        configs: { rbac: { "policy.csv": "g, platform-admins, role:admin\n", "policy.default": "role:readonly", scopes: "[groups]" } },
      },
    }),
    planResource(PROJECT, "ledger-gitops-project", {
      metadata: { name: "ledger" },
      spec: {
        roles: [
          {
            name: "developers",
            groups: ["payments-developers"],
            policies: [
              "p, proj:ledger:developers, applications, get, ledger/ledger-staging, allow",
              "p, proj:ledger:developers, applications, sync, ledger/ledger-staging, allow",
              "p, proj:ledger:developers, logs, get, ledger/ledger-staging, allow",
              "p, proj:ledger:developers, applications, get, ledger/ledger-prod, allow",
            ],
          },
        ],
      },
    }),
  ],
};

const release = (plan: PlanDocument): PlanResource => plan.resources.find((r) => r.type === RELEASE && r.inputs.chart === "argo-cd")!;
const rbacValues = (plan: PlanDocument) => (release(plan).inputs.values as { configs: { rbac: Record<string, string> } }).configs.rbac;

describe("Argo CD grants no one but the platform admins applications or logs across projects", () => {
  it("flags the plan as it was: every signed-in user reads every app and its logs, production included", () => {
    expect(crossProjectGrants(argocdRbac(PLAN_AS_IT_WAS), ADMINS)).toEqual([
      "(every signed-in user) → policy.default: role:readonly → built-in: applications, get, */*",
      "(every signed-in user) → policy.default: role:readonly → built-in: logs, get, */*",
    ]);
    const rbac = argocdRbac(PLAN_AS_IT_WAS);
    // The project role withholds production logs from developers; the default role hands them out anyway.
    expect(can(rbac, ["payments-developers"], "logs", "get", "ledger/ledger-prod")).toBe(true);
    expect(can(rbac, [], "logs", "get", "storefront/storefront-prod")).toBe(true);
  });

  it.each(["dev", "prod", "tenant-payments"])("finds no such grant on the %s plan", async (stack) => {
    expect(crossProjectGrants(argocdRbac(await examplePlan(stack)), ADMINS)).toEqual([]);
  });

  it("sets no default role in the prod and dev plans", async () => {
    for (const stack of ["dev", "prod"]) expect(rbacValues(await examplePlan(stack))["policy.default"]).toBe("");
  });

  it("keeps each team's access through its project roles, and nothing beyond it", async () => {
    const rbac = argocdRbac(await examplePlan("prod"));
    const app = (name: string, env: string) => `${name}/${name}-${env}`;
    for (const env of ["dev", "staging", "prod"]) {
      expect(can(rbac, ["payments-developers"], "applications", "get", app("payments-api", env))).toBe(true);
      expect(can(rbac, ["payments-maintainers"], "applications", "sync", app("payments-api", env))).toBe(true);
      expect(can(rbac, ["payments-maintainers"], "logs", "get", app("payments-api", env))).toBe(true);
      // Another team, and a user in no group, see nothing of payments-api.
      expect(can(rbac, ["web-developers", "web-maintainers"], "applications", "get", app("payments-api", env))).toBe(false);
      expect(can(rbac, ["web-developers", "web-maintainers"], "logs", "get", app("payments-api", env))).toBe(false);
      expect(can(rbac, [], "applications", "get", app("storefront", env))).toBe(false);
      expect(can(rbac, ADMINS, "logs", "get", app("storefront", env))).toBe(true);
    }
    for (const env of ["dev", "staging"]) {
      expect(can(rbac, ["payments-developers"], "applications", "sync", app("payments-api", env))).toBe(true);
      expect(can(rbac, ["payments-developers"], "logs", "get", app("payments-api", env))).toBe(true);
    }
    // Production logs may carry customer data: maintainers only (components/onboarding/gitops/rbac.ts).
    expect(can(rbac, ["payments-developers"], "logs", "get", app("payments-api", "prod"))).toBe(false);
    expect(can(rbac, ["payments-developers"], "applications", "sync", app("payments-api", "prod"))).toBe(false);
    // Argo CD lets every project role see its project.
    expect(can(rbac, ["payments-developers"], "projects", "get", "payments-api")).toBe(true);
    expect(can(rbac, ["payments-developers"], "projects", "get", "storefront")).toBe(false);
  });

  it("would flag a default role or a project role reaching into another project on today's plan", async () => {
    const plan = structuredClone(await examplePlan("prod"));
    rbacValues(plan)["policy.default"] = "role:readonly";
    const storefront = plan.resources.find((r) => r.type === PROJECT && (r.inputs.metadata as { name: string }).name === "storefront")!;
    (storefront.inputs.spec as { roles: { policies: string[] }[] }).roles[0]!.policies.push(
      "p, proj:storefront:developers, logs, get, payments-api/payments-api-prod, allow",
    );
    expect(crossProjectGrants(argocdRbac(plan), ADMINS)).toEqual([
      "(every signed-in user) → policy.default: role:readonly → built-in: applications, get, */*",
      "(every signed-in user) → policy.default: role:readonly → built-in: logs, get, */*",
      "web-developers → AppProject storefront role developers: proj:storefront:developers → AppProject storefront role developers: logs, get, payments-api/payments-api-prod",
    ]);
  });
});
