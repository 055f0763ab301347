import type { PlanDocument, PlanResource } from "../plan/plan-document";

/**
 * The plan's resources indexed once by type and URN: every edge builder looks up what it
 * needs here instead of scanning the resource list.
 */
export class PlanIndex {
  readonly plan: PlanDocument;
  private readonly byType = new Map<string, PlanResource[]>();
  private readonly byUrn = new Map<string, PlanResource>();

  constructor(plan: PlanDocument) {
    this.plan = plan;
    for (const resource of plan.resources) {
      let list = this.byType.get(resource.type);
      if (list === undefined) this.byType.set(resource.type, (list = []));
      list.push(resource);
      this.byUrn.set(resource.urn, resource);
    }
  }

  ofType(type: string): readonly PlanResource[] {
    return this.byType.get(type) ?? [];
  }

  urn(urn: string): PlanResource | undefined {
    return this.byUrn.get(urn);
  }

  /** The resources this one depends on (its inputs came from them), of one type. */
  dependenciesOfType(resource: PlanResource, type: string): PlanResource[] {
    return resource.dependencies.map((urn) => this.byUrn.get(urn)).filter((r): r is PlanResource => r?.type === type);
  }
}

/** Resource types the graph reads, in one place. */
export const TYPES = {
  vaultPolicy: "vault:index/policy:Policy",
  jwtRole: "vault:jwt/authBackendRole:AuthBackendRole",
  kubernetesRole: "vault:kubernetes/authBackendRole:AuthBackendRole",
  kvSecret: "vault:kv/secretV2:SecretV2",
  transitKey: "vault:transit/secretBackendKey:SecretBackendKey",
  vaultProvider: "pulumi:providers:vault",
  harborProject: "harbor:index/project:Project",
  harborRobot: "harbor:index/robotAccount:RobotAccount",
  harborProvider: "pulumi:providers:harbor",
  gitlabProject: "gitlab:index/project:Project",
  gitlabGroup: "gitlab:index/group:Group",
  branchProtection: "gitlab:index/branchProtection:BranchProtection",
  approvalRule: "gitlab:index/projectApprovalRule:ProjectApprovalRule",
  mrApprovals: "gitlab:index/projectLevelMrApprovals:ProjectLevelMrApprovals",
  accessToken: "gitlab:index/projectAccessToken:ProjectAccessToken",
  deployToken: "gitlab:index/projectDeployToken:ProjectDeployToken",
  repositoryFile: "gitlab:index/repositoryFile:RepositoryFile",
  gitlabProvider: "pulumi:providers:gitlab",
  kubernetesProvider: "pulumi:providers:kubernetes",
  namespace: "kubernetes:core/v1:Namespace",
  secret: "kubernetes:core/v1:Secret",
  serviceAccount: "kubernetes:core/v1:ServiceAccount",
  service: "kubernetes:core/v1:Service",
  roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
  clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
  ingress: "kubernetes:networking.k8s.io/v1:Ingress",
  secretStore: "kubernetes:external-secrets.io/v1:SecretStore",
  clusterSecretStore: "kubernetes:external-secrets.io/v1:ClusterSecretStore",
  appProject: "kubernetes:argoproj.io/v1alpha1:AppProject",
  application: "kubernetes:argoproj.io/v1alpha1:Application",
  helmRelease: "kubernetes:helm.sh/v3:Release",
  validatingPolicy: "kubernetes:policies.kyverno.io/v1:ValidatingPolicy",
  stackReference: "pulumi:pulumi:StackReference",
  keycloakGroup: "keycloak:index/group:Group",
  harborMemberGroup: "harbor:index/projectMemberGroup:ProjectMemberGroup",
} as const;

/** Reads a nested input without trusting its shape (plan inputs are untyped JSON). */
export function field(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

export const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const strings = (value: unknown): string[] => list(value).filter((v): v is string => typeof v === "string");
export const record = (value: unknown): Record<string, unknown> =>
  value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * The StackReferences of a tenant plan to its platform stack. A platform plan references its
 * tenants too (`tenant-claims-<stack>`, stacks/tenant/claims.ts): those do not make it a tenant.
 */
export function platformReferences(index: PlanIndex): PlanResource[] {
  return index.ofType(TYPES.stackReference).filter((r) => !r.name.startsWith("tenant-claims-"));
}
