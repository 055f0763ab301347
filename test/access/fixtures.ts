// Plans for the access graph's tests: the example stacks' plans as they landed (the "before":
// each of issue 13's findings is present) and the same plans with the target design applied
// (the "after"), built by editing plan resources the way the target design changes them.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { planResource } from "../helpers/plan-resource";

type Inputs = Record<string, unknown>;
const clone = (plan: PlanDocument): PlanDocument => structuredClone<PlanDocument>(plan);
const ofType = (plan: PlanDocument, type: string) => plan.resources.filter((r) => r.type === type);
const inputs = (r: PlanResource) => r.inputs as Inputs;

/** A resource as a plan records it, with its parent's URN prefix so it looks like the others. */
export function resource(
  plan: PlanDocument,
  type: string,
  name: string,
  resourceInputs: Inputs,
  extra: Partial<PlanResource> = {},
): PlanResource {
  return { ...planResource(type, name, resourceInputs, extra), urn: `urn:pulumi:${plan.stack}::delivery-platform::${type}::${name}` };
}

const policyHcl = (grants: [string, string[]][]) =>
  grants.map(([p, caps]) => `path "${p}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(", ")}]\n}\n`).join("\n");

/** Finding 1 fixed: the ClusterSecretStore only serves platform namespaces and its role reads platform/services only. */
export function fixPlatformStore(plan: PlanDocument): void {
  const platformNamespaces = Object.values((plan.outputs.namespaces ?? {}) as Record<string, string>);
  for (const store of ofType(plan, "kubernetes:external-secrets.io/v1:ClusterSecretStore"))
    (inputs(store).spec as Inputs).conditions = [{ namespaces: platformNamespaces }];
  for (const policy of ofType(plan, "vault:index/policy:Policy"))
    if (inputs(policy).name === "external-secrets")
      inputs(policy).policy = policyHcl([
        ["secret/data/platform/services/*", ["read"]],
        ["secret/metadata/platform/services/*", ["read", "list"]],
      ]);
}

/** Finding 5 fixed: no default role for SSO users. */
export function fixArgocdDefault(plan: PlanDocument): void {
  for (const release of ofType(plan, "kubernetes:helm.sh/v3:Release"))
    if (inputs(release).chart === "argo-cd") (((inputs(release).values as Inputs).configs as Inputs).rbac as Inputs)["policy.default"] = "";
}

/** Finding 6 fixed: a denying admission policy for Ingresses, Services and VMServiceScrapes in app namespaces. */
export function fixExposure(plan: PlanDocument): void {
  plan.resources.push(
    resource(plan, "kubernetes:policies.kyverno.io/v1:ValidatingPolicy", "tenant-network-reach", {
      apiVersion: "policies.kyverno.io/v1",
      kind: "ValidatingPolicy",
      metadata: { name: "tenant-network-reach" },
      spec: {
        validationActions: ["Deny"],
        matchConstraints: {
          namespaceSelector: { matchExpressions: [{ key: "platform.delivery/app", operator: "Exists" }] },
          resourceRules: [
            { apiGroups: ["networking.k8s.io"], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["ingresses"] },
            { apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] },
            {
              apiGroups: ["operator.victoriametrics.com"],
              apiVersions: ["v1beta1"],
              operations: ["CREATE", "UPDATE"],
              resources: ["vmservicescrapes"],
            },
          ],
        },
        validations: [{ expression: "true" }],
      },
    }),
  );
}

/**
 * Findings 3 and 7 fixed: three JWT roles per app (build reads the registry credential only; sign
 * and deploy also bind `ref_type: branch` and `ref: main`), every job logs into its own, no tools
 * installed at run time; the GitOps writer bot cannot push the config repository's main.
 */
export function fixPipelineIdentities(plan: PlanDocument): void {
  for (const role of ofType(plan, "vault:jwt/authBackendRole:AuthBackendRole")) {
    const base = inputs(role).roleName as string;
    if (!base.startsWith("ci.") || base === "ci.platform") continue;
    const ci = ofType(plan, "vault:index/policy:Policy").find((p) => inputs(p).name === base)!;
    const hcl = inputs(ci).policy as string;
    const kv = /path "([^"]+)\/ci\/\*"/.exec(hcl)![1]!.replace("/data/", "/data/");
    const key = /transit\/sign\/([^"/]+)"/.exec(hcl)![1]!;
    const purposes = {
      build: { grants: [[`${kv}/ci/registry`, ["read"]]], claims: {} },
      sign: {
        grants: [
          [`${kv}/ci/registry`, ["read"]],
          [`transit/sign/${key}`, ["update"]],
          [`transit/keys/${key}`, ["read"]],
        ],
        claims: { ref_type: "branch", ref: "main" },
      },
      deploy: { grants: [[`${kv}/ci/gitops`, ["read"]]], claims: { ref_type: "branch", ref: "main" } },
    } as const;
    for (const [purpose, { grants, claims }] of Object.entries(purposes)) {
      const name = `${base}.${purpose}`;
      plan.resources.push(
        resource(plan, "vault:index/policy:Policy", `${name}-policy`, {
          name,
          policy: policyHcl(grants as unknown as [string, string[]][]),
        }),
      );
      plan.resources.push(
        resource(
          plan,
          "vault:jwt/authBackendRole:AuthBackendRole",
          `${name}-role`,
          { ...inputs(role), roleName: name, tokenPolicies: [name], boundClaims: { ...(inputs(role).boundClaims as Inputs), ...claims } },
          { dependencies: role.dependencies },
        ),
      );
    }
    plan.resources.splice(plan.resources.indexOf(role), 1);
    plan.resources.splice(plan.resources.indexOf(ci), 1);
  }
  for (const file of ofType(plan, "gitlab:index/repositoryFile:RepositoryFile")) {
    if (inputs(file).filePath !== ".gitlab-ci.yml") continue;
    const doc = parse(inputs(file).content as string) as Record<string, Inputs>;
    const role = (doc.variables as Inputs).VAULT_AUTH_ROLE as string;
    for (const [name, job] of Object.entries(doc)) {
      if (typeof job !== "object" || job === null || !("script" in job)) continue;
      const purpose = name === "sign" ? "sign" : name.startsWith("deploy:") ? "deploy" : "build";
      if (job.secrets !== undefined || name === "sign")
        job.variables = { ...(job.variables as Inputs), VAULT_AUTH_ROLE: `${role}.${purpose}` };
      job.script = (job.script as string[]).map((line) => line.replace(`role='${role}'`, `role='${role}.${purpose}'`));
      delete job.before_script;
    }
    inputs(file).content = stringify(doc);
  }
  // The write model (components/onboarding/repositories/write-model.ts): the writer bot may not push
  // main, which production deploys from; it pushes env/<env> branches and opens merge requests.
  const writers = new Set(ofType(plan, "gitlab:index/projectAccessToken:ProjectAccessToken").map((t) => t.urn));
  for (const protection of ofType(plan, "gitlab:index/branchProtection:BranchProtection")) {
    if (!protection.name.endsWith("-config-main")) continue;
    protection.dependencies = protection.dependencies.filter((urn) => !writers.has(urn));
    inputs(protection).allowedToPushes = [];
  }
}

/** Finding 4 fixed: the tenant stack declares what its credentials may do. */
export function fixTenantCredentials(plan: PlanDocument): void {
  const apps = Object.keys((plan.outputs.apps ?? {}) as Record<string, unknown>);
  const namespaces = apps.flatMap((a) =>
    Object.values(((plan.outputs.apps as Inputs)[a] as { namespaces: Record<string, string> }).namespaces),
  );
  const teams = [
    ...new Set(
      Object.values((plan.outputs.apps ?? {}) as Record<string, { vault: { ciRole: string } }>).map(
        (a) => a.vault.ciRole.split(".")[1] ?? "",
      ),
    ),
  ];
  plan.outputs.credentials = {
    vault: {
      policies: [policyHcl(teams.flatMap((t) => [[`secret/data/apps/${t}/*`, ["create", "read", "update"]] as [string, string[]]]))],
    },
    harbor: { projects: apps },
    kubernetes: { namespaces },
    gitlab: { groups: teams },
  };
  for (const provider of ofType(plan, "pulumi:providers:harbor")) inputs(provider).username = "robot$tenant-payments";
}

/** The plan with the whole target design applied. */
export function targetDesign(plan: PlanDocument): PlanDocument {
  const fixed = clone(plan);
  fixPlatformStore(fixed);
  fixArgocdDefault(fixed);
  fixExposure(fixed);
  fixPipelineIdentities(fixed);
  if (fixed.outputs.platformStack !== undefined) fixTenantCredentials(fixed);
  return fixed;
}

/** The platform repository's own pipeline and the `ci.platform` role as docs/pipeline.md had it: bound to the project only. */
export function withPlatformRepository(plan: PlanDocument, boundClaims: Record<string, string>): PlanDocument {
  const result = clone(plan);
  const project = resource(result, "gitlab:index/project:Project", "platform-repository", {
    name: "delivery-platform",
    path: "delivery-platform",
    defaultBranch: "main",
  });
  const ci = readFileSync(path.resolve(__dirname, "../../.gitlab-ci.yml"), "utf8");
  result.resources.push(
    project,
    resource(
      result,
      "gitlab:index/repositoryFile:RepositoryFile",
      "platform-repository-ci",
      { project: "4242", branch: "main", filePath: ".gitlab-ci.yml", content: ci },
      { dependencies: [project.urn] },
    ),
    resource(result, "vault:index/policy:Policy", "ci-platform-policy", {
      name: "ci.platform",
      policy: policyHcl([["secret/data/platform/ci/*", ["read"]]]),
    }),
    resource(
      result,
      "vault:jwt/authBackendRole:AuthBackendRole",
      "ci-platform-role",
      {
        backend: "jwt-gitlab",
        roleName: "ci.platform",
        roleType: "jwt",
        boundAudiences: ["https://vault.platform.example.com"],
        boundClaims: { project_id: "4242", ...boundClaims },
        boundClaimsType: "string",
        tokenPolicies: ["ci.platform"],
        userClaim: "user_email",
      },
      { dependencies: [project.urn] },
    ),
  );
  return result;
}
