import type { PlanResource } from "../../plan/plan-document";
import { GUARDRAILS } from "../../policies/catalog";
import { runResourcePolicy } from "../../plan/policy-evaluation";
import { planResource, policyNamed, violations } from "./harness";

const release = (name: string, inputs: Record<string, unknown>, extra: Partial<PlanResource> = {}) =>
  planResource(
    "kubernetes:helm.sh/v3:Release",
    name,
    { chart: "argo-cd", version: "10.1.2", repositoryOpts: { repo: "https://argoproj.github.io/argo-helm" }, values: {}, ...inputs },
    extra,
  );
const namespace = (name: string, labels: Record<string, string>) =>
  planResource("kubernetes:core/v1:Namespace", `${name}-ns`, { metadata: { name, labels } });
const appLabels = (env: string) => ({
  "pod-security.kubernetes.io/enforce": "restricted",
  "platform.delivery/app": "shop",
  "platform.delivery/team": "web",
  "platform.delivery/environment": env,
});
const inNs = (type: string, name: string, ns: string, spec: Record<string, unknown> = {}) =>
  planResource(type, name, { metadata: { name, namespace: ns }, spec });
const DENY_ALL = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };
const harborProject = (name: string, inputs: Record<string, unknown>, extra: Partial<PlanResource> = {}) =>
  planResource("harbor:index/project:Project", name, { name, public: false, ...inputs }, extra);
const gitlabProject = planResource(
  "gitlab:index/project:Project",
  "shop",
  { name: "shop", visibilityLevel: "private", defaultBranch: "main" },
  { protect: true },
);
const attached = (type: string, name: string, inputs: Record<string, unknown>) =>
  planResource(type, name, { project: "[unknown]", ...inputs }, { dependencies: [gitlabProject.urn] });
const app = (name: string, spec: Record<string, unknown>, labels: Record<string, string> = {}) =>
  planResource("kubernetes:argoproj.io/v1alpha1:Application", name, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name, labels },
    spec,
  });
const appProject = (name: string, spec: Record<string, unknown> = {}) =>
  planResource("kubernetes:argoproj.io/v1alpha1:AppProject", name, {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "AppProject",
    metadata: { name },
    spec,
  });
const schedule = (namespaces: string[], ttl: string) =>
  planResource("kubernetes:velero.io/v1:Schedule", `s-${namespaces.join("-")}-${ttl}`, {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    spec: { template: { includedNamespaces: namespaces, ttl } },
  });
const veleroRelease = release("velero", { chart: "velero", repositoryOpts: { repo: "https://vmware-tanzu.github.io/helm-charts" } });

interface Case {
  title: string;
  resources: PlanResource | PlanResource[];
  /** Substrings of the expected messages; empty = no violation. */
  expect: string[];
  config?: Record<string, unknown>;
}

const CASES: Record<string, Case[]> = {
  "app-namespace-isolation": [
    {
      title: "isolated app namespace",
      resources: [
        namespace("shop-dev", appLabels("dev")),
        inNs("kubernetes:networking.k8s.io/v1:NetworkPolicy", "deny", "shop-dev", DENY_ALL),
        inNs("kubernetes:core/v1:ResourceQuota", "q", "shop-dev"),
        inNs("kubernetes:core/v1:LimitRange", "l", "shop-dev"),
      ],
      expect: [],
    },
    {
      title: "policy that allows all ingress, no quota",
      resources: [
        namespace("shop-dev", appLabels("dev")),
        inNs("kubernetes:networking.k8s.io/v1:NetworkPolicy", "allow", "shop-dev", { ...DENY_ALL, ingress: [{}] }),
        inNs("kubernetes:core/v1:LimitRange", "l", "shop-dev"),
      ],
      expect: [
        "app namespace 'shop-dev' has no a default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules), a ResourceQuota",
      ],
    },
  ],
  "helm-chart-pinned": [
    { title: "exact", resources: release("a", { version: "v1.21.2" }), expect: [] },
    { title: "range", resources: release("a", { version: "^10.1.0" }), expect: ["is not pinned to an exact version"] },
    { title: "missing", resources: release("a", { version: undefined }), expect: ["(version: null)"] },
  ],
  "helm-repository-allowed": [
    { title: "catalog https repo", resources: release("a", {}), expect: [] },
    {
      title: "catalog OCI path",
      resources: release("a", { chart: "oci://quay.io/jetstack/charts/cert-manager", repositoryOpts: undefined }),
      expect: [],
    },
    {
      title: "unknown repo",
      resources: release("a", { repositoryOpts: { repo: "https://charts.example.org" } }),
      expect: ["comes from 'https://charts.example.org'"],
    },
  ],
  "harbor-project-private-scanned": [
    { title: "private, default scanning", resources: harborProject("shop", {}), expect: [] },
    {
      title: "public, no scan",
      resources: harborProject("shop", { public: true, vulnerabilityScanning: false }),
      expect: ["is public", "does not scan on push"],
    },
  ],
  "harbor-deployment-security": [
    { title: "high", resources: harborProject("shop", { deploymentSecurity: "high" }), expect: [] },
    {
      title: "critical only",
      resources: harborProject("shop", { deploymentSecurity: "critical" }),
      expect: ['deploymentSecurity "critical"'],
    },
    { title: "app project without prevention", resources: harborProject("shop", {}), expect: ["deploymentSecurity null"] },
    {
      title: "proxy cache scans without blocking (exempt)",
      resources: [
        planResource("harbor:index/registry:Registry", "hub", {}),
        harborProject(
          "hub-proxy",
          { vulnerabilityScanning: true },
          { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::hub"] },
        ),
      ],
      expect: [],
    },
  ],
  "harbor-cosign-enforced": [
    { title: "cosign", resources: harborProject("shop", { enableContentTrustCosign: true }), expect: [] },
    {
      title: "proxy cache exempt",
      resources: [
        planResource("harbor:index/registry:Registry", "hub", {}),
        harborProject("hub-proxy", {}, { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::hub"] }),
      ],
      expect: [],
    },
    { title: "no cosign", resources: harborProject("shop", {}), expect: ["does not enforce cosign signatures"] },
  ],
  "no-secrets-in-helm-values": [
    {
      title: "secret references",
      resources: release("a", {
        values: {
          existingSecretAdminPassword: "admin",
          grafana: { admin: { existingSecret: "g", passwordKey: "pw" } },
          env: [{ secretName: "s", secretKey: "token" }],
          // Chart keys that take a Secret's name.
          alertmanager: { spec: { configSecret: "alertmanager-config" } },
          grafana2: { envFromSecret: "grafana-database" },
        },
      }),
      expect: [],
    },
    {
      title: "a secret under a key merely containing 'secret'",
      resources: release("a", { values: { clientSecret: "s3cr3t" } }),
      expect: ["at values.clientSecret"],
    },
    { title: "literal password", resources: release("a", { values: { db: { password: "hunter22" } } }), expect: ["at values.db.password"] },
    { title: "secret Output", resources: release("a", { values: { auth: { token: "[secret]" } } }), expect: ["at values.auth.token"] },
    {
      title: "private key anywhere",
      resources: release("a", { values: { tls: { cert: "-----BEGIN RSA PRIVATE KEY-----\nabc" } } }),
      expect: ["at values.tls.cert"],
    },
  ],
  "no-secrets-in-configmaps": [
    {
      title: "plain config",
      resources: planResource("kubernetes:core/v1:ConfigMap", "c", { metadata: { name: "c" }, data: { LOG_LEVEL: "info" } }),
      expect: [],
    },
    {
      title: "API token",
      resources: planResource("kubernetes:core/v1:ConfigMap", "c", { metadata: { name: "c" }, data: { API_TOKEN: "abc" } }),
      expect: ["at data.API_TOKEN"],
    },
  ],
  "vault-policy-least-privilege": [
    {
      title: "own app path",
      resources: planResource("vault:index/policy:Policy", "p", {
        name: "shop-prod",
        policy:
          'path "secret/data/apps/web/shop/prod/*" {\n  capabilities = ["read"]\n}\npath "secret/metadata/apps/web/shop/prod/*" {\n  capabilities = ["read", "list"]\n}\n',
      }),
      expect: [],
    },
    {
      title: "sudo, broad wildcard and two apps",
      resources: planResource("vault:index/policy:Policy", "p", {
        name: "bad",
        policy:
          'path "sys/*" { capabilities = ["sudo"] }\npath "secret/data/apps/web/shop/prod/*" { capabilities = ["read"] }\npath "secret/data/apps/web/cart/prod/*" { capabilities = ["read"] }\n',
      }),
      expect: ["grants sudo on 'sys/*'", "wildcard on the broad path 'sys/*'", "several apps (web/cart, web/shop)"],
    },
    {
      title: "unparsable",
      resources: planResource("vault:index/policy:Policy", "p", { name: "broken", policy: 'path "a" { capabilities = ["read" }' }),
      expect: ["does not parse"],
    },
    {
      title: "exempted",
      resources: planResource("vault:index/policy:Policy", "p", { name: "bad", policy: 'path "*" { capabilities = ["sudo"] }' }),
      expect: [],
      config: { exemptPolicies: ["bad"] },
    },
  ],
  "vault-kubernetes-role-bound": [
    {
      title: "bound",
      resources: planResource("vault:kubernetes/authBackendRole:AuthBackendRole", "r", {
        roleName: "shop",
        boundServiceAccountNames: ["shop"],
        boundServiceAccountNamespaces: ["shop-prod"],
      }),
      expect: [],
    },
    {
      title: "wildcards",
      resources: planResource("vault:kubernetes/authBackendRole:AuthBackendRole", "r", {
        roleName: "shop",
        boundServiceAccountNames: ["*"],
        boundServiceAccountNamespaces: ["*"],
      }),
      expect: ["service account names", "explicit namespaces"],
    },
  ],
  "vault-jwt-role-bound-claims": [
    {
      title: "bound",
      resources: planResource("vault:jwt/authBackendRole:AuthBackendRole", "r", {
        roleName: "ci",
        roleType: "jwt",
        boundAudiences: ["https://vault"],
        boundClaims: { project_id: "42", ref_protected: "true" },
      }),
      expect: [],
    },
    {
      title: "unbound",
      resources: planResource("vault:jwt/authBackendRole:AuthBackendRole", "r", { roleName: "ci", roleType: "jwt" }),
      expect: ["no boundAudiences", "claim 'project_id'"],
    },
  ],
  "harbor-robot-least-privilege": [
    {
      title: "project robot",
      resources: planResource("harbor:index/robotAccount:RobotAccount", "r", {
        name: "push",
        level: "project",
        duration: 90,
        permissions: [{ kind: "project", namespace: "shop", accesses: [] }],
      }),
      expect: [],
    },
    {
      title: "system robot forever",
      resources: planResource("harbor:index/robotAccount:RobotAccount", "r", {
        name: "all",
        level: "system",
        duration: -1,
        permissions: [{ kind: "project", namespace: "*", accesses: [] }],
      }),
      expect: ["not project-level", "beyond one project", "must expire"],
    },
  ],
  "gitlab-secret-variables-masked": [
    {
      title: "non-secret",
      resources: planResource("gitlab:index/projectVariable:ProjectVariable", "v", { key: "REGISTRY_HOST", value: "[secret]" }),
      expect: [],
    },
    {
      title: "masked token",
      resources: planResource("gitlab:index/projectVariable:ProjectVariable", "v", {
        key: "DEPLOY_TOKEN",
        value: "[secret]",
        masked: true,
        protected: true,
      }),
      expect: [],
    },
    {
      title: "plain token",
      resources: planResource("gitlab:index/projectVariable:ProjectVariable", "v", { key: "DEPLOY_TOKEN", value: "[secret]" }),
      expect: ["not masked", "not protected"],
    },
  ],
  "gitlab-project-private": [
    { title: "private", resources: gitlabProject, expect: [] },
    {
      title: "internal",
      resources: planResource("gitlab:index/project:Project", "p", { name: "p", visibilityLevel: "internal" }),
      expect: ['"internal"'],
    },
  ],
  "gitlab-default-branch-protected": [
    {
      title: "protected main",
      resources: [
        gitlabProject,
        attached("gitlab:index/branchProtection:BranchProtection", "bp", {
          branch: "main",
          allowForcePush: false,
          pushAccessLevel: "maintainer",
        }),
      ],
      expect: [],
    },
    { title: "none", resources: [gitlabProject], expect: ["no BranchProtection for its default branch 'main'"] },
    {
      title: "force push",
      resources: [
        gitlabProject,
        attached("gitlab:index/branchProtection:BranchProtection", "bp", {
          branch: "main",
          allowForcePush: true,
          pushAccessLevel: "developer",
        }),
      ],
      expect: ["force push is allowed", "developers can push"],
    },
  ],
  "gitlab-merge-approvals": [
    {
      title: "one approval, author excluded",
      resources: [
        gitlabProject,
        attached("gitlab:index/projectApprovalRule:ProjectApprovalRule", "ar", { approvalsRequired: 1 }),
        attached("gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", "mr", { mergeRequestsAuthorApproval: false }),
      ],
      expect: [],
    },
    { title: "none", resources: [gitlabProject], expect: ["no approval rule", "does not prevent authors"] },
  ],
  "argocd-no-default-project": [
    { title: "own project", resources: app("shop-dev", { project: "shop" }), expect: [] },
    {
      title: "default",
      resources: [app("shop-dev", { project: "default" }), appProject("default")],
      expect: ['uses the project "default"', "AppProject 'default'"],
    },
  ],
  "argocd-sources-pinned": [
    {
      title: "branch and exact chart",
      resources: app("a", {
        project: "a",
        sources: [
          { repoURL: "https://git/x", targetRevision: "main" },
          { repoURL: "https://charts", chart: "x", targetRevision: "1.2.3" },
        ],
      }),
      expect: [],
    },
    {
      title: "HEAD and range",
      resources: app("a", {
        project: "a",
        sources: [
          { repoURL: "https://git/x", targetRevision: "HEAD" },
          { repoURL: "https://charts", chart: "x", targetRevision: "1.*" },
        ],
      }),
      expect: ["follows 'HEAD'", "chart 'x' is not pinned"],
    },
  ],
  "argocd-prod-sync-guarded": [
    {
      title: "prune inside sync windows",
      resources: [
        app("shop-prod", { project: "shop", syncPolicy: { automated: { prune: true } } }, { "platform.delivery/environment": "prod" }),
        appProject("shop", { syncWindows: [{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h" }] }),
      ],
      expect: [],
    },
    {
      title: "non-prod prune",
      resources: [
        app("shop-dev", { project: "shop", syncPolicy: { automated: { prune: true } } }, { "platform.delivery/environment": "dev" }),
        appProject("shop"),
      ],
      expect: [],
    },
    {
      title: "prod prune without windows (environment from the destination namespace)",
      resources: [
        namespace("shop-prod", appLabels("prod")),
        app("shop-prod", { project: "shop", destination: { namespace: "shop-prod" }, syncPolicy: { automated: { prune: true } } }),
        appProject("shop"),
      ],
      expect: ["production Application 'shop-prod' prunes automatically"],
    },
  ],
  "stateful-resources-protected": [
    { title: "protected", resources: [harborProject("shop", {}, { protect: true }), gitlabProject], expect: [] },
    {
      title: "unprotected volume",
      resources: planResource("kubernetes:core/v1:PersistentVolumeClaim", "data", {}),
      expect: ["'data' holds data but is not protected"],
    },
  ],
  "crd-release-dependency": [
    {
      title: "transitive dependency",
      resources: [
        veleroRelease,
        planResource("kubernetes:core/v1:Namespace", "ns", {}, { dependencies: [veleroRelease.urn] }),
        planResource(
          "kubernetes:velero.io/v1:Schedule",
          "s",
          { apiVersion: "velero.io/v1" },
          { dependencies: ["urn:pulumi:test::delivery-platform::kubernetes:core/v1:Namespace::ns"] },
        ),
      ],
      expect: [],
    },
    {
      title: "racing the CRD",
      resources: [veleroRelease, planResource("kubernetes:velero.io/v1:Schedule", "s", { apiVersion: "velero.io/v1" })],
      expect: ["does not depend on the 'velero' release"],
    },
  ],
  "prod-namespaces-backed-up": [
    {
      title: "covered for 30 days",
      resources: [namespace("shop-prod", appLabels("prod")), schedule(["shop-prod"], "720h0m0s")],
      expect: [],
    },
    { title: "dev namespace need not be", resources: [namespace("shop-dev", appLabels("dev"))], expect: [] },
    {
      title: "not covered",
      resources: [namespace("shop-prod", appLabels("prod")), schedule(["other"], "720h")],
      expect: ["is in no Velero schedule"],
    },
    {
      title: "short retention",
      resources: [namespace("shop-prod", appLabels("prod")), schedule(["shop-prod"], "72h")],
      expect: ["less than 720h"],
    },
  ],
};

test("every CrossGuard-only guardrail has passing and failing fixtures", () => {
  const crossGuardOnly = GUARDRAILS.filter((g) => g.implementations.includes("crossguard") && !g.implementations.includes("kyverno")).map(
    (g) => g.id,
  );
  expect(Object.keys(CASES).sort()).toEqual(crossGuardOnly.sort());
  for (const [id, cases] of Object.entries(CASES)) {
    expect({ id, passing: cases.some((c) => c.expect.length === 0), failing: cases.some((c) => c.expect.length > 0) }).toEqual({
      id,
      passing: true,
      failing: true,
    });
  }
});

describe.each(Object.entries(CASES))("%s", (id, cases) => {
  test.each(cases.map((c) => [c.title, c] as const))("%s", async (_title, c) => {
    const messages = await violations(id, c.resources, c.config);
    expect(messages).toHaveLength(c.expect.length);
    c.expect.forEach((fragment, index) => expect(messages[index]).toContain(fragment));
  });
});

test("a value unknown at plan time makes the policy advisory, as in a preview", async () => {
  const found = await runResourcePolicy(policyNamed("helm-chart-pinned"), release("a", { version: "[unknown]" }));
  expect(found.map((f) => f.previewOnly)).toEqual([true]);
  expect(found[0]?.message).toContain("can't run policy 'helm-chart-pinned' during preview");
});
