import type { PlanResource } from "../../plan/plan-document";
import { GUARDRAILS } from "../../policies/catalog";
import { runResourcePolicy } from "../../plan/policy-evaluation";
import { ADVERSARY_CASES, type AdversaryCase } from "./adversary-cases";
import { planResource, policyNamed, violations } from "./harness";
import { EXPOSURE_BYPASS_KINDS } from "../../components/onboarding/gitops/exposure-kinds";
import { TENANCY_OWNED_KINDS } from "../../components/onboarding/gitops/project";
import { SHOP, shopProdPolicy, shopProdRole, shopSignRole, vaultPolicy, WORLD } from "./identity-fixtures";

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
    metadata: { name: `s-${namespaces.join("-")}`, namespace: "velero" },
    spec: { schedule: "0 2 * * *", template: { includedNamespaces: namespaces, ttl } },
  });
const veleroRelease = release("velero", { chart: "velero", repositoryOpts: { repo: "https://vmware-tanzu.github.io/helm-charts" } });

type Case = AdversaryCase;

const BASE_CASES: Record<string, Case[]> = {
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
      title: "the platform's proxy cache scans without blocking (exempt)",
      resources: [
        planResource("harbor:index/registry:Registry", "hub", { endpointUrl: "https://hub.docker.com" }),
        harborProject(
          "dockerhub-proxy",
          { registryId: 1, vulnerabilityScanning: true },
          { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::hub"] },
        ),
      ],
      expect: [],
    },
    {
      title: "a project that merely depends on a Registry is not exempt",
      resources: [
        planResource("harbor:index/registry:Registry", "hub", {}),
        harborProject(
          "hub-proxy",
          { vulnerabilityScanning: true },
          { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::hub"] },
        ),
      ],
      expect: ["deploymentSecurity null"],
    },
  ],
  "harbor-cosign-enforced": [
    { title: "cosign", resources: harborProject("shop", { enableContentTrustCosign: true }), expect: [] },
    {
      title: "proxy cache exempt",
      resources: [
        planResource("harbor:index/registry:Registry", "hub", { endpointUrl: "https://hub.docker.com" }),
        harborProject(
          "dockerhub-proxy",
          { registryId: 1 },
          { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::hub"] },
        ),
      ],
      expect: [],
    },
    {
      title: "an app's project claiming to be a proxy cache",
      resources: [
        ...WORLD,
        planResource("harbor:index/registry:Registry", "evil", { endpointUrl: "https://registry.evil.example" }),
        harborProject(
          "shop",
          { registryId: 1 },
          { dependencies: ["urn:pulumi:test::delivery-platform::harbor:index/registry:Registry::evil"] },
        ),
      ],
      expect: ["is no exempt proxy cache: it is shop's app project"],
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
  "vault-policy-least-privilege": [
    { title: "own environment's folder", resources: [...WORLD, shopProdPolicy()], expect: [] },
    {
      title: "sudo, broad wildcard and every app's folders",
      resources: [...WORLD, vaultPolicy("bad", { "sys/*": ["sudo"], "secret/data/apps/*": ["read"] })],
      expect: ["reaches the paths of cart, shop", "grants sudo on 'sys/*'", "wildcard on the broad path 'sys/*'"],
    },
    {
      title: "unparsable",
      resources: planResource("vault:index/policy:Policy", "p", { name: "broken", policy: 'path "a" { capabilities = ["read" }' }),
      expect: ["does not parse"],
    },
    {
      title: "exempted",
      resources: vaultPolicy("bad", { "*": ["sudo"] }),
      expect: [],
      config: { exemptPolicies: ["bad"] },
    },
  ],
  "vault-policy-no-escalation": [
    { title: "reads its own folder", resources: [...WORLD, shopProdPolicy()], expect: [] },
    {
      title: "rewrites its own policy",
      resources: [
        ...WORLD,
        vaultPolicy(SHOP.vault.environmentAccess.prod!, { [`sys/policies/acl/${SHOP.vault.environmentAccess.prod!}`]: ["update"] }),
      ],
      expect: ["rewrites ACL policies"],
    },
  ],
  "vault-kubernetes-role-bound": [
    { title: "bound", resources: [...WORLD, shopProdRole()], expect: [] },
    {
      title: "wildcards",
      resources: [...WORLD, shopProdRole({ boundServiceAccountNames: ["*"], boundServiceAccountNamespaces: ["*"] })],
      expect: ["service account names", "explicit namespaces", "admits namespace '*'"],
    },
  ],
  "vault-jwt-role-bound-claims": [
    { title: "bound", resources: [...WORLD, shopSignRole()], expect: [] },
    {
      title: "unbound",
      resources: [...WORLD, shopSignRole({ boundAudiences: undefined, boundClaims: {} })],
      expect: [
        "no boundAudiences",
        "claim 'project_id'",
        "admits a merge request pipeline",
        "admits a fork merge request pipeline",
        "admits a unprotected branch pipeline",
        "admits a protected branch pipeline: sign must admit the default branch only",
        "admits a tag pipeline: sign must admit the default branch only",
      ],
    },
  ],
  "harbor-robot-least-privilege": [
    {
      title: "project robot",
      resources: [
        harborProject("shop", {}),
        planResource(
          "harbor:index/robotAccount:RobotAccount",
          "r",
          {
            name: "push",
            level: "project",
            duration: 90,
            permissions: [{ kind: "project", namespace: "shop", accesses: [{ resource: "repository", action: "push", effect: "allow" }] }],
          },
          { dependencies: [harborProject("shop", {}).urn] },
        ),
      ],
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
          pushAccessLevel: "no one",
        }),
      ],
      expect: [],
    },
    {
      title: "maintainers and a whole group push main through a wildcard protection",
      resources: [
        gitlabProject,
        attached("gitlab:index/branchProtection:BranchProtection", "bp", { branch: "main", pushAccessLevel: "no one" }),
        attached("gitlab:index/branchProtection:BranchProtection", "wild", {
          branch: "*",
          pushAccessLevel: "maintainer",
          allowedToPushes: [{ groupId: 42 }],
        }),
      ],
      expect: ["maintainers can push directly to '*'", "every member of group 42 can push directly to '*'"],
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
        attached("gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", "mr", {
          mergeRequestsAuthorApproval: false,
          mergeRequestsDisableCommittersApproval: true,
          resetApprovalsOnPush: true,
          disableOverridingApproversPerMergeRequest: true,
        }),
      ],
      expect: [],
    },
    {
      title: "approvals that any committer, a stale approval or a per-request override satisfies",
      resources: [
        gitlabProject,
        attached("gitlab:index/projectApprovalRule:ProjectApprovalRule", "ar", { approvalsRequired: 1 }),
        attached("gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals", "mr", {
          mergeRequestsAuthorApproval: false,
          mergeRequestsDisableCommittersApproval: false,
          resetApprovalsOnPush: false,
          disableOverridingApproversPerMergeRequest: false,
        }),
      ],
      expect: ["committers can approve", "approvals are kept when new commits are pushed", "each merge request can override its approvers"],
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
  "argocd-app-project-scoped": [
    {
      title: "the project onboarding writes",
      resources: [
        ...WORLD,
        planResource("kubernetes:argoproj.io/v1alpha1:AppProject", "shop-project", {
          metadata: { name: SHOP.argocd.project },
          spec: {
            destinations: [{ server: "https://kubernetes.default.svc", namespace: SHOP.kubernetes.namespaces.prod }],
            sourceRepos: [`https://gitlab.example.com/${SHOP.gitlab.configRepoPath}.git`],
            clusterResourceWhitelist: [],
            namespaceResourceBlacklist: [...TENANCY_OWNED_KINDS, ...EXPOSURE_BYPASS_KINDS].map(({ group, kind }) => ({ group, kind })),
          },
        }),
      ],
      expect: [],
    },
    {
      title: "the default project in all but name",
      resources: [
        ...WORLD,
        planResource("kubernetes:argoproj.io/v1alpha1:AppProject", "shop-project", {
          metadata: { name: SHOP.argocd.project },
          spec: {
            destinations: [{ server: "*", namespace: "*" }],
            sourceRepos: ["*"],
            clusterResourceWhitelist: [{ group: "*", kind: "*" }],
          },
        }),
      ],
      expect: [
        "wildcard destination server '*'",
        "wildcard destination namespace '*'",
        "accepts the source repositories '*'",
        "allows the cluster-scoped kind */*",
        "does not blacklist core/ResourceQuota",
        "does not blacklist core/LimitRange",
        "does not blacklist networking.k8s.io/NetworkPolicy",
        "does not blacklist core/Endpoints",
        "does not blacklist discovery.k8s.io/EndpointSlice",
        "does not blacklist cert-manager.io/CertificateRequest",
        "does not blacklist traefik.io/*",
        "does not blacklist traefik.containo.us/*",
        "does not blacklist gateway.networking.k8s.io/*",
      ],
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
        appProject("shop", { syncWindows: [{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h", applications: ["shop-prod"] }] }),
      ],
      expect: [],
    },
    {
      title: "a window that applies to no Application gates nothing",
      resources: [
        app("shop-prod", { project: "shop", syncPolicy: { automated: {} } }, { "platform.delivery/environment": "prod" }),
        appProject("shop", { syncWindows: [{ kind: "allow", schedule: "0 9 * * 1-5", duration: "8h", applications: ["nothing-*"] }] }),
      ],
      expect: ["none of its project's 1 sync window(s) applies to it"],
    },
    {
      title: "an allow window open all the time gates nothing",
      resources: [
        app(
          "shop-prod",
          { project: "shop", destination: { namespace: "shop-prod" }, syncPolicy: { automated: { prune: true } } },
          { "platform.delivery/environment": "prod" },
        ),
        appProject("shop", { syncWindows: [{ kind: "allow", schedule: "0 0 * * *", duration: "24h", namespaces: ["*"] }] }),
      ],
      expect: ["never close (allow '0 0 * * *' for 24h)"],
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
      expect: ["production Application 'shop-prod' syncs automatically, but its project 'shop' has no sync windows"],
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

/** The cases above and the adversary's (adversary-cases.ts), merged per guardrail. */
const CASES: Record<string, Case[]> = Object.fromEntries(
  [...new Set([...Object.keys(BASE_CASES), ...Object.keys(ADVERSARY_CASES)])].map((id) => [
    id,
    [...(BASE_CASES[id] ?? []), ...(ADVERSARY_CASES[id] ?? [])],
  ]),
);

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

test("a value unknown at plan time fails closed in prod and is the analyzer's advisory elsewhere", async () => {
  const unknownVersion = release("a", { version: "[unknown]" });
  const advisory = await runResourcePolicy(policyNamed("helm-chart-pinned"), unknownVersion, { failClosedOnUnknown: false });
  expect(advisory.map((f) => f.previewOnly)).toEqual([true]);
  expect(advisory[0]?.message).toContain("can't run policy 'helm-chart-pinned' during preview");
  const closed = await runResourcePolicy(policyNamed("helm-chart-pinned"), unknownVersion, { failClosedOnUnknown: true });
  expect(closed.map((f) => [f.previewOnly, f.message])).toEqual([
    [
      false,
      "kubernetes:helm.sh/v3:Release 'a': version is unknown at preview time, and this guardrail cannot pass what it cannot read (fail closed)",
    ],
  ]);
});
