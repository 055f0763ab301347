// The guardrails accept the platform's grants to a tenant stack by name and shape
// (components/onboarding/tenant-access.ts) and tenant apps' CI roles bound by project_path; as an
// attacker: each grant bent just past that shape, on the prod plan, is a mandatory violation.
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { examplePlan } from "../helpers/example-plans";

type Inputs = Record<string, unknown>;
const find = (plan: PlanDocument, test: (r: PlanResource) => boolean) => {
  const found = plan.resources.find(test);
  if (found === undefined) throw new Error("fixture resource not in the plan");
  return found;
};
const metadata = (r: PlanResource) => r.inputs.metadata as { name?: string; namespace?: string; labels?: Record<string, string> };
const tenantBinding = (plan: PlanDocument, namespace: string) =>
  find(
    plan,
    (r) => r.type.endsWith(":RoleBinding") && metadata(r).name === "tenant-stack-tenant-payments" && metadata(r).namespace === namespace,
  );
const jwtRole = (plan: PlanDocument, name: string) =>
  find(plan, (r) => r.type === "vault:jwt/authBackendRole:AuthBackendRole" && r.inputs.roleName === name);

let violations: { policy: string; message: string }[];
beforeAll(async () => {
  const plan = structuredClone(await examplePlan("prod"));
  // 1. Another stack's binding label on the tenant's service account.
  const relabelled = tenantBinding(plan, "invoicing-prod");
  metadata(relabelled).labels = { ...metadata(relabelled).labels, "platform.delivery/tenant-stack": "tenant-other" };
  // 2. The tenant's binding widened to the built-in admin role.
  (tenantBinding(plan, "fraud-scoring-prod").inputs as Inputs).roleRef = {
    apiGroup: "rbac.authorization.k8s.io",
    kind: "ClusterRole",
    name: "admin",
  };
  // 3. The tenant's Vault policy reaching the push robot's secret next to its GitOps token.
  const policy = find(plan, (r) => r.type === "vault:index/policy:Policy" && r.inputs.name === "tenant-stack-tenant-payments");
  policy.inputs.policy = `${policy.inputs.policy as string}path "secret/data/apps/billing/invoicing/ci/registry" {\n  capabilities = ["read"]\n}\n`;
  // 4. A CI role bound to every project of a group.
  const build = jwtRole(plan, "ci.billing.invoicing.build");
  build.inputs.boundClaims = { ...(build.inputs.boundClaims as Inputs), project_path: "delivery/apps/payments/*" };
  // 5. A CI role bound to another app's project path.
  const deploy = jwtRole(plan, "ci.billing.invoicing.deploy");
  deploy.inputs.boundClaims = { ...(deploy.inputs.boundClaims as Inputs), project_path: "delivery/apps/payments/fraud/fraud-scoring" };
  violations = (await evaluatePlanPolicies(plan)).filter((v) => v.enforcementLevel === "mandatory");
});

/** The mandatory violations of one policy whose message contains the text. */
const matching = (policy: string, text: string) =>
  violations.filter((v) => v.policy === policy && v.message.includes(text)).map((v) => v.message);

describe("the platform's grants to a tenant stack, bent by an attacker", () => {
  it("refuses the tenant's service account under another stack's binding label", () => {
    expect(
      matching(
        "rbac-least-privilege",
        "in namespace 'invoicing-prod': subjects[0] names service account 'tenant-stacks/tenant-payments' of another namespace",
      ),
    ).toHaveLength(1);
  });

  it("refuses a tenant binding to ClusterRole admin", () => {
    expect(matching("rbac-least-privilege", "'fraud-scoring-prod': roleRef names ClusterRole 'admin'")).toHaveLength(1);
  });

  it("refuses a tenant Vault policy beyond the GitOps writer secrets", () => {
    expect(
      matching(
        "vault-policy-least-privilege",
        "'tenant-stack-tenant-payments' of no app grants 'secret/data/apps/billing/invoicing/ci/registry'",
      ),
    ).toHaveLength(1);
    // Its GitOps writer paths stay accepted.
    expect(violations.filter((v) => v.message.includes("ci/gitops"))).toEqual([]);
  });

  it("refuses a project_path that is a glob, or another app's project", () => {
    expect(
      matching(
        "vault-jwt-role-bound-claims",
        "JWT role 'ci.billing.invoicing.build' must bind exactly one literal project_path (delivery/apps/payments/*)",
      ),
    ).toHaveLength(1);
    expect(
      matching(
        "vault-jwt-role-bound-claims",
        "JWT role 'ci.billing.invoicing.deploy' of invoicing admits project_path delivery/apps/payments/fraud/fraud-scoring, which is not its app project's path",
      ),
    ).toHaveLength(1);
  });
});
