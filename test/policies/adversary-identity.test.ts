// An attacker's resources merged into the prod example plan, one per class: each must make
// `npm run policy -- --profile prod` exit 1 naming the guardrail that catches it, while the clean
// plans (and benign resources of the same classes) stay at 0 mandatory violations.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { EXIT_OK, EXIT_POLICY_VIOLATION, main } from "../../cli/policy";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { evaluatePlanPolicies, planPolicyConfig, runResourcePolicy, runStackPolicy } from "../../plan/policy-evaluation";
import { examplePlan } from "../helpers/example-plans";
import { planResource, policyNamed } from "./harness";
import { policyText } from "./identity-fixtures";

let plan: PlanDocument;
const dir = mkdtempSync(path.join(tmpdir(), "adversary-"));
beforeAll(async () => {
  plan = await examplePlan("prod");
});

const named = (name: string) => {
  const found = plan.resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no resource '${name}' in the prod plan`);
  return found;
};
/** The GitLab project ID the plan's resources reference the project with. */
const projectId = (protection: string) => named(protection).inputs.project as string;

/** The prod plan with `resources` merged in: one with a planned URN replaces that resource. */
function merged(resources: PlanResource[]): PlanResource[] {
  const replacing = new Map(resources.map((r) => [r.urn, r]));
  const urns = new Set(plan.resources.map((r) => r.urn));
  return [...plan.resources.map((r) => replacing.get(r.urn) ?? r), ...resources.filter((r) => !urns.has(r.urn))];
}

async function policyRun(resources: PlanResource[], name: string) {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...plan, resources: merged(resources) }));
  const out: string[] = [];
  const code = await main(["--plan", file, "--profile", "prod"], { stdout: (t) => out.push(t), stderr: (t) => out.push(t) });
  return { code, stdout: out.join("\n") };
}

/** What one guardrail reports over the merged plan, with the prod profile's config (faster than the whole pack per attack). */
async function guardrailFindings(guardrail: string, resources: PlanResource[]) {
  const policy = policyNamed(guardrail);
  const { enforcementLevel, ...config } = planPolicyConfig(plan, "prod")[guardrail]!;
  expect(enforcementLevel).toBe("mandatory");
  const all = merged(resources);
  if ("validateStack" in policy) return runStackPolicy(policy, all, config);
  return (await Promise.all(all.filter((r) => r.custom).map((r) => runResourcePolicy(policy, r, config)))).flat();
}

const policy = (name: string, grants: Record<string, string[]>, resource = `attack-${name}`) =>
  planResource("vault:index/policy:Policy", resource, { name, policy: policyText(grants) });
const kubernetesRole = (name: string, inputs: Record<string, unknown>) =>
  planResource("vault:kubernetes/authBackendRole:AuthBackendRole", `attack-k8s-${name}`, {
    backend: "kubernetes",
    audience: "vault",
    roleName: name,
    boundServiceAccountNames: ["storefront"],
    boundServiceAccountNamespaces: ["storefront-prod"],
    tokenPolicies: ["app.web.storefront.prod"],
    ...inputs,
  });
const jwtRole = (name: string, inputs: Record<string, unknown>) =>
  planResource("vault:jwt/authBackendRole:AuthBackendRole", `attack-jwt-${name}`, {
    backend: "jwt-gitlab",
    roleType: "jwt",
    roleName: name,
    boundAudiences: ["https://vault.platform.example.com"],
    boundClaimsType: "string",
    tokenPolicies: [name],
    ...inputs,
  });
const robot = (name: string, permissions: unknown[], inputs: Record<string, unknown> = {}) =>
  planResource(
    "harbor:index/robotAccount:RobotAccount",
    `attack-robot-${name}`,
    { name, level: "project", duration: 90, permissions, ...inputs },
    { dependencies: [named("storefront-registry-project").urn] },
  );
const access = (resource: string, action: string) => ({ resource, action, effect: "allow" });
const attachedTo = (project: string, type: string, name: string, inputs: Record<string, unknown>) =>
  planResource(type, name, { project: projectId(`${project}-main`), ...inputs }, { dependencies: [named(project).urn] });
const configMap = (data: Record<string, string>) =>
  planResource("kubernetes:core/v1:ConfigMap", "attack-settings", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "settings", namespace: "storefront-prod" },
    data,
  });
/** storefront's production Application set to sync by itself, its project given these windows. */
const productionApp = (syncWindows: unknown[]) => {
  const project = structuredClone(named("storefront-gitops-project"));
  (project.inputs.spec as Record<string, unknown>).syncWindows = syncWindows;
  const application = structuredClone(named("storefront-gitops-app-prod"));
  (application.inputs.spec as Record<string, unknown>).syncPolicy = { automated: { prune: true, selfHeal: true } };
  return [project, application];
};

const ATTACKS: [string, string, () => PlanResource[]][] = [
  // Vault policies: what a grant reaches, not whether it has one.
  [
    "every app's secrets at the allowed depth",
    "vault-policy-least-privilege",
    () => [policy("reporting", { "secret/data/apps/*": ["read"] })],
  ],
  [
    "+ segments across teams and apps",
    "vault-policy-least-privilege",
    () => [policy("app.web.storefront.prod", { "secret/data/+/+/+/prod/*": ["read"] })],
  ],
  [
    "another app's KV folder",
    "vault-policy-least-privilege",
    () => [policy("app.web.storefront.prod", { "secret/data/apps/payments/ledger/prod/*": ["read"] })],
  ],
  [
    "another app's transit key export",
    "vault-policy-least-privilege",
    () => [policy("ci.web.storefront.sign", { "transit/export/signing-key/ledger": ["read"] })],
  ],
  [
    "its own transit key made exportable",
    "vault-policy-least-privilege",
    () => [policy("ci.web.storefront.sign", { "transit/keys/storefront/config": ["update"] })],
  ],
  [
    "build reading the deploy token",
    "vault-policy-least-privilege",
    () => [policy("ci.web.storefront.build", { "secret/data/apps/web/storefront/ci/*": ["read"] })],
  ],
  [
    "rewriting its own policy",
    "vault-policy-no-escalation",
    () => [policy("app.web.storefront.prod", { "sys/policies/acl/app.web.storefront.prod": ["update"] })],
  ],
  [
    "rewriting auth roles",
    "vault-policy-no-escalation",
    () => [policy("app.web.storefront.prod", { "auth/kubernetes/role/*": ["create", "update"] })],
  ],
  ["minting tokens", "vault-policy-no-escalation", () => [policy("app.web.storefront.prod", { "auth/token/create": ["update"] })]],
  [
    "editing identity groups",
    "vault-policy-no-escalation",
    () => [policy("app.web.storefront.prod", { "identity/group/*": ["create", "update"] })],
  ],
  [
    "enabling auth methods",
    "vault-policy-no-escalation",
    () => [policy("app.web.storefront.prod", { "sys/auth/*": ["create", "update"] })],
  ],
  // Vault roles: whom a role admits and what it hands out.
  [
    "a role for every namespace",
    "vault-kubernetes-role-bound",
    () => [kubernetesRole("app.web.storefront.prod", { boundServiceAccountNamespaces: ["*"] })],
  ],
  [
    "a match-all namespace selector",
    "vault-kubernetes-role-bound",
    () => [kubernetesRole("app.web.storefront.prod", { boundServiceAccountNamespaces: [], boundServiceAccountNamespaceSelector: "{}" })],
  ],
  [
    "a role bound to another app's namespace",
    "vault-kubernetes-role-bound",
    () => [kubernetesRole("app.web.storefront.prod", { boundServiceAccountNamespaces: ["ledger-prod"] })],
  ],
  [
    "a role handing out platform-admin",
    "vault-kubernetes-role-bound",
    () => [kubernetesRole("app.web.storefront.prod", { tokenPolicies: ["platform-admin"] })],
  ],
  [
    "a platform policy for an app's pods",
    "vault-kubernetes-role-bound",
    () => [kubernetesRole("eso-helper", { tokenPolicies: ["external-secrets"] })],
  ],
  [
    "platform-admin through the old policies field",
    "vault-jwt-role-bound-claims",
    () => [
      jwtRole("ci.web.storefront.build", {
        boundClaims: { project_id: projectId("storefront-repos-app-main"), ref_protected: "true" },
        policies: ["platform-admin"],
      }),
    ],
  ],
  [
    "any project through a glob",
    "vault-jwt-role-bound-claims",
    () => [jwtRole("ci.web.storefront.build", { boundClaimsType: "glob", boundClaims: { project_id: "*", ref_protected: "true" } })],
  ],
  [
    "signing from any protected ref",
    "vault-jwt-role-bound-claims",
    () => [
      jwtRole("ci.web.storefront.sign", { boundClaims: { project_id: projectId("storefront-repos-app-main"), ref_protected: "true" } }),
    ],
  ],
  [
    "deploying from merge requests",
    "vault-jwt-role-bound-claims",
    () => [jwtRole("ci.web.storefront.deploy", { boundClaims: { project_id: projectId("storefront-repos-app-main") } })],
  ],
  [
    "another app's project and policy",
    "vault-jwt-role-bound-claims",
    () => [
      jwtRole("ci.web.storefront.deploy", {
        boundClaims: { project_id: projectId("ledger-repos-app-main"), ref_protected: "true", ref_type: "branch", ref: "main" },
        tokenPolicies: ["ci.payments.ledger.deploy"],
      }),
    ],
  ],
  // Harbor robots.
  [
    "a robot that deletes",
    "harbor-robot-least-privilege",
    () => [robot("cleanup", [{ kind: "project", namespace: "storefront", access: [access("repository", "delete")] }])],
  ],
  [
    "a robot that creates robots",
    "harbor-robot-least-privilege",
    () => [robot("minter", [{ kind: "project", namespace: "storefront", access: [access("robot", "create")] }])],
  ],
  [
    "a robot on every resource",
    "harbor-robot-least-privilege",
    () => [robot("all", [{ kind: "project", namespace: "storefront", access: [access("*", "*")] }])],
  ],
  [
    "a robot on another app's project",
    "harbor-robot-least-privilege",
    () => [robot("peek", [{ kind: "project", namespace: "ledger", access: [access("repository", "pull")] }])],
  ],
  [
    "a system-level robot",
    "harbor-robot-least-privilege",
    () => [robot("sys", [{ kind: "system", namespace: "/", access: [access("repository", "pull")] }], { level: "system" })],
  ],
  // Argo CD.
  [
    "the default project in all but name",
    "argocd-app-project-scoped",
    () => [
      planResource("kubernetes:argoproj.io/v1alpha1:AppProject", "attack-open-project", {
        metadata: { name: "storefront-tools" },
        spec: {
          destinations: [{ server: "*", namespace: "*" }],
          sourceRepos: ["*"],
          clusterResourceWhitelist: [{ group: "*", kind: "*" }],
        },
      }),
    ],
  ],
  [
    "a sync window that matches no Application",
    "argocd-prod-sync-guarded",
    () => productionApp([{ kind: "allow", schedule: "0 22 * * 6", duration: "1h", applications: ["nothing-matches-*"] }]),
  ],
  [
    "an allow window open all the time",
    "argocd-prod-sync-guarded",
    () => productionApp([{ kind: "allow", schedule: "* * * * *", duration: "1m", applications: ["*"] }]),
  ],
  // Supply chain.
  [
    "an exemption from cosign by depending on a Registry",
    "harbor-cosign-enforced",
    () => [
      planResource(
        "harbor:index/project:Project",
        "attack-cache",
        { name: "storefront-cache", public: false, deploymentSecurity: "high", registryId: 1 },
        { dependencies: [named("harbor-system-ghcr-proxy-upstream").urn] },
      ),
    ],
  ],
  // Secrets in plain text.
  [
    "a password in a properties file",
    "no-secrets-in-configmaps",
    () => [configMap({ "application.properties": "spring.datasource.password=hunter22\n" })],
  ],
  ["a credentialed URL", "no-secrets-in-configmaps", () => [configMap({ DATABASE_URL: "postgres://shop:hunter22@db:5432/shop" })]],
  [
    "a literal password beside an empty existingSecret",
    "no-secrets-in-helm-values",
    () => [
      planResource("kubernetes:helm.sh/v3:Release", "attack-release", {
        chart: "oci://registry-1.docker.io/bitnamicharts/postgresql",
        version: "16.0.0",
        values: { auth: { existingSecret: "", password: "hunter22" } },
      }),
    ],
  ],
  [
    "an unmasked KUBECONFIG",
    "gitlab-secret-variables-masked",
    () => [
      attachedTo("storefront-repos-app", "gitlab:index/projectVariable:ProjectVariable", "attack-kubeconfig", {
        key: "KUBECONFIG",
        value: "[secret]",
        protected: true,
      }),
    ],
  ],
  [
    "an unprotected group VAULT_TOKEN",
    "gitlab-secret-variables-masked",
    () => [
      planResource("gitlab:index/groupVariable:GroupVariable", "attack-vault-token", {
        group: "42",
        key: "VAULT_TOKEN",
        value: "[secret]",
        masked: true,
      }),
    ],
  ],
  // GitLab.
  [
    "maintainers pushing the default branch",
    "gitlab-default-branch-protected",
    () => [
      attachedTo("storefront-repos-app", "gitlab:index/branchProtection:BranchProtection", "attack-main", {
        branch: "m*",
        pushAccessLevel: "maintainer",
      }),
    ],
  ],
  [
    "a whole group force-pushing the config repository",
    "gitlab-default-branch-protected",
    () => [
      attachedTo("storefront-repos-config", "gitlab:index/branchProtection:BranchProtection", "attack-env", {
        branch: "env/*",
        pushAccessLevel: "no one",
        allowForcePush: true,
        allowedToPushes: [{ groupId: 3684523 }],
      }),
    ],
  ],
  [
    "approvals kept after a push",
    "gitlab-merge-approvals",
    () => [
      attachedTo("storefront-repos-config", "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", "attack-approvals", {
        mergeRequestsAuthorApproval: false,
        mergeRequestsDisableCommittersApproval: false,
        resetApprovalsOnPush: false,
        disableOverridingApproversPerMergeRequest: false,
      }),
    ],
  ],
];

describe("the prod plan with an attacker's resource merged in", () => {
  test.each(ATTACKS)("%s: %s reports it (mandatory in prod)", async (_title, guardrail, resources) => {
    expect(await guardrailFindings(guardrail, [])).toEqual([]);
    expect((await guardrailFindings(guardrail, resources())).length).toBeGreaterThan(0);
  });

  test("npm run policy -- --profile prod exits 1 naming every one of them", async () => {
    const result = await policyRun(
      ATTACKS.flatMap(([, , resources]) => resources()),
      "all-attacks",
    );
    expect(result.code).toBe(EXIT_POLICY_VIOLATION);
    for (const guardrail of new Set(ATTACKS.map(([, id]) => id))) expect(result.stdout).toContain(`[mandatory] ${guardrail}\n`);
  });

  test("benign resources of the same classes pass", async () => {
    const result = await policyRun(
      [
        policy(
          "app.web.storefront.prod",
          { "secret/data/apps/web/storefront/prod/*": ["read"], "auth/token/lookup-self": ["read"] },
          "benign-policy",
        ),
        robot("reader", [{ kind: "project", namespace: "storefront", access: [access("repository", "pull")] }]),
        configMap({ LOG_LEVEL: "info", "application.properties": "spring.datasource.password-file=/run/secrets/db\n" }),
        ...productionApp([{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h", applications: ["storefront-prod"] }]),
      ],
      "benign",
    );
    expect(result.stdout).toContain("0 policy violations (0 mandatory)");
    expect(result.code).toBe(EXIT_OK);
  });
});

test("the clean tenant plan has no mandatory violation at its profile", async () => {
  const tenant = await examplePlan("tenant-payments");
  expect((await evaluatePlanPolicies(tenant)).filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
});
