// A small plan of two apps of team web (shop: dev and prod; cart: prod) for the identity
// guardrails, with every name taken from the naming module as the platform derives it.
import { appNames, type AppNames } from "../../components/onboarding/app-names";
import type { PlanResource } from "../../plan/plan-document";
import { planResource } from "../helpers/plan-resource";

const PLATFORM = { gitlabParentGroup: "delivery/apps", registryHost: "harbor.example.com", domain: "example.com" };
export const SHOP: AppNames = appNames({ name: "shop", team: "web", formerNames: [], environments: ["dev", "prod"] }, PLATFORM);
export const CART: AppNames = appNames({ name: "cart", team: "web", formerNames: [], environments: ["prod"] }, PLATFORM);
export const SHOP_PROJECT_ID = "101";
export const CART_PROJECT_ID = "202";

const namespaceOf = (app: AppNames, environment: string) =>
  planResource("kubernetes:core/v1:Namespace", `${app.stable}-${environment}-namespace`, {
    metadata: {
      name: app.kubernetes.namespaces[environment],
      labels: {
        "platform.delivery/app": app.stable,
        "platform.delivery/team": app.team,
        "platform.delivery/environment": environment,
      },
    },
  });

const gitlabProject = (app: AppNames, id: string): PlanResource[] => {
  const project = planResource("gitlab:index/project:Project", `${app.stable}-repos-app`, {
    name: app.gitlab.project,
    path: app.gitlab.project,
    defaultBranch: "main",
  });
  // The project's ID is an output; resources referencing it carry it, as in the plan.
  const protection = planResource(
    "gitlab:index/branchProtection:BranchProtection",
    `${app.stable}-repos-app-main`,
    { project: id, branch: "main", pushAccessLevel: "no one", allowForcePush: false },
    { dependencies: [project.urn] },
  );
  return [project, protection];
};

/** The two apps' namespaces and app projects: what the guardrails read apps and project IDs from. */
export const WORLD: readonly PlanResource[] = [
  namespaceOf(SHOP, "dev"),
  namespaceOf(SHOP, "prod"),
  namespaceOf(CART, "prod"),
  ...gitlabProject(SHOP, SHOP_PROJECT_ID),
  ...gitlabProject(CART, CART_PROJECT_ID),
];

/** A Vault policy document from `path -> capabilities`. */
export const policyText = (grants: Record<string, string[]>) =>
  Object.entries(grants)
    .map(([path, caps]) => `path "${path}" {\n  capabilities = [${caps.map((c) => `"${c}"`).join(", ")}]\n}\n`)
    .join("\n");

export const vaultPolicy = (name: string, grants: Record<string, string[]>) =>
  planResource("vault:index/policy:Policy", `policy-${name}`, { name, policy: policyText(grants) });

export const kubernetesRole = (inputs: Record<string, unknown>) =>
  planResource("vault:kubernetes/authBackendRole:AuthBackendRole", `k8s-role-${String(inputs.roleName)}`, {
    backend: "kubernetes",
    audience: "vault",
    ...inputs,
  });

export const jwtRole = (inputs: Record<string, unknown>) =>
  planResource("vault:jwt/authBackendRole:AuthBackendRole", `jwt-role-${String(inputs.roleName)}`, {
    backend: "jwt-gitlab",
    roleType: "jwt",
    boundAudiences: ["https://vault.example.com"],
    boundClaimsType: "string",
    ...inputs,
  });

/** The platform's own policies and roles for shop, as AppSecrets writes them. */
export const shopProdPolicy = () =>
  vaultPolicy(SHOP.vault.environmentAccess.prod!, {
    [`secret/data/${SHOP.vault.environmentPaths.prod}/*`]: ["read"],
    [`secret/metadata/${SHOP.vault.environmentPaths.prod}/*`]: ["read", "list"],
  });
export const shopSignPolicy = () =>
  vaultPolicy(SHOP.vault.ciAccess.sign, {
    [`secret/data/${SHOP.vault.ciSecretPaths.registry}`]: ["read"],
    [`transit/sign/${SHOP.vault.transitKey}`]: ["update"],
    [`transit/sign/${SHOP.vault.transitKey}/*`]: ["update"],
    [`transit/keys/${SHOP.vault.transitKey}`]: ["read"],
  });
export const shopProdRole = (inputs: Record<string, unknown> = {}) =>
  kubernetesRole({
    roleName: SHOP.vault.environmentAccess.prod,
    boundServiceAccountNames: [SHOP.kubernetes.serviceAccount],
    boundServiceAccountNamespaces: [SHOP.kubernetes.namespaces.prod],
    tokenPolicies: [SHOP.vault.environmentAccess.prod],
    ...inputs,
  });
export const shopSignRole = (inputs: Record<string, unknown> = {}) =>
  jwtRole({
    roleName: SHOP.vault.ciAccess.sign,
    boundClaims: { project_id: SHOP_PROJECT_ID, ref_protected: "true", ref_type: "branch", ref: "main" },
    tokenPolicies: [SHOP.vault.ciAccess.sign],
    ...inputs,
  });
export const shopBuildRole = (inputs: Record<string, unknown> = {}) =>
  jwtRole({
    roleName: SHOP.vault.ciAccess.build,
    boundClaims: { project_id: SHOP_PROJECT_ID, ref_protected: "true" },
    tokenPolicies: [SHOP.vault.ciAccess.build],
    ...inputs,
  });
