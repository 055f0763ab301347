import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { IN_CLUSTER } from "../platform/argocd/destinations";
import { namespace as createNamespace } from "../kubernetes/namespace";
import type { AppNames } from "./app-names";
import { perClusterName } from "./environment-clusters";
import { TENANT_STACKS_NAMESPACE, tenantGrantNames, type TenantGrantNames } from "./tenant-access-names";

/**
 * What a tenant stack's own credentials may do, granted by the platform stack
 * (docs/access.md, "Tenant stack credentials"):
 *
 * - Kubernetes: a ServiceAccount per tenant stack and cluster, bound by one RoleBinding in each
 *   namespace of the tenant's accepted apps (nowhere else) to a Role there that manages External
 *   Secrets' SecretStores and ExternalSecrets: the only objects the tenant half creates. Not
 *   `admin`: that would also let the stack run pods as the app, bind roles and rewrite the
 *   platform's NetworkPolicies. Its token is a `kubernetes.io/service-account-token` Secret
 *   next to it, which only the platform reads.
 * - Vault: a policy that writes the KV data of its apps' GitOps writer tokens (the only secret the
 *   tenant stack creates) and a token role that issues only that policy (plus Vault's `default`):
 *   `vault token create -role=<tokenRole>`. No `auth/token/create`: the tenant's provider uses the
 *   token as it is (skipChildToken), so the policy cannot mint tokens.
 * - Harbor: nothing. Projects and robots are the platform's, so the tenant stack holds no Harbor login.
 * - GitLab: not granted here (the platform's provider cannot mint group tokens for a group it does
 *   not own): the operator issues a group access token of the tenant's `gitlab.parentGroup`.
 */

export { TENANT_STACKS_NAMESPACE, tenantGrantName, tenantGrantNames, type TenantGrantNames } from "./tenant-access-names";

/**
 * The tenant stack's Vault policy: per app, its GitOps writer token (CiCredentials' `gitops`
 * secret) and nothing else. The same text is what the tenant exports as
 * `credentials.vault.policies`, so the graph reads the grant the platform makes.
 */
export function tenantVaultPolicy(kvMountPath: string, apps: readonly AppNames[]): string {
  const lines = ["# A tenant stack writes the GitOps writer token of each of its apps, and nothing else."];
  for (const names of [...apps].sort((a, b) => a.stable.localeCompare(b.stable))) {
    const path = names.vault.ciSecretPaths.gitops;
    lines.push(`path "${kvMountPath}/data/${path}" {\n  capabilities = ["create", "read", "update", "delete"]\n}`);
    lines.push(`path "${kvMountPath}/metadata/${path}" {\n  capabilities = ["read", "delete"]\n}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A namespace of an accepted tenant app and the cluster it is on. */
export interface TenantNamespace {
  name: string;
  cluster: string;
  /** The provider of that cluster; undefined on the platform's own (the inherited provider). */
  provider?: k8s.Provider;
}

export interface TenantStackAccessArgs {
  stack: string;
  /** The accepted apps' names (app-names.ts). */
  apps: readonly AppNames[];
  /** Every namespace of the accepted apps, with its cluster. */
  namespaces: readonly TenantNamespace[];
  kvMountPath: pulumi.Input<string>;
  vaultProvider: pulumi.ProviderResource;
  /** Objects wait for the namespaces they live in (the apps' AppTenancy). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

// Tenant tokens live a day and renew up to a week; the stack's next run takes a new one from the role.
const TENANT_TOKEN_PERIOD = 24 * 3600;
const TENANT_TOKEN_EXPLICIT_MAX_TTL = 7 * 24 * 3600;

/** What the tenant half creates in an app namespace (AppSecrets' External Secrets objects); nothing else. */
export const TENANT_NAMESPACE_RULES = [
  {
    apiGroups: ["external-secrets.io"],
    resources: ["secretstores", "externalsecrets"],
    verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
  },
];

/** The platform's grants to one tenant stack: its ServiceAccount with RBAC, its Vault policy and token role. */
export class TenantStackAccess extends pulumi.ComponentResource {
  public readonly names: TenantGrantNames;
  /** Vault policy text (HCL) the token role issues. */
  public readonly vaultPolicy: pulumi.Output<string>;

  constructor(name: string, args: TenantStackAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:onboarding:TenantStackAccess", name, {}, opts);
    const names = tenantGrantNames(args.stack);
    this.names = names;
    const labels = { "app.kubernetes.io/managed-by": "pulumi", "platform.delivery/tenant-stack": args.stack };

    const clusters = new Map<string, TenantNamespace[]>();
    for (const ns of args.namespaces) clusters.set(ns.cluster, [...(clusters.get(ns.cluster) ?? []), ns]);
    for (const [cluster, namespaces] of clusters) {
      const provider = namespaces[0]?.provider;
      const onCluster = { parent: this, ...(cluster === IN_CLUSTER ? {} : { provider }) };
      const home = createNamespace(
        perClusterName(`${name}-namespace`, cluster),
        { name: names.namespace, podSecurity: "restricted", labels: { "platform.delivery/service": TENANT_STACKS_NAMESPACE } },
        onCluster,
      );
      const account = new k8s.core.v1.ServiceAccount(
        perClusterName(`${name}-service-account`, cluster),
        { metadata: { name: names.serviceAccount, namespace: home.metadata.name, labels }, automountServiceAccountToken: false },
        onCluster,
      );
      // A long-lived token for the stack's kubeconfig; only the platform reads Secrets in tenant-stacks.
      new k8s.core.v1.Secret(
        perClusterName(`${name}-token`, cluster),
        {
          metadata: {
            name: names.tokenSecret,
            namespace: home.metadata.name,
            labels,
            annotations: { "kubernetes.io/service-account.name": account.metadata.name },
          },
          type: "kubernetes.io/service-account-token",
        },
        onCluster,
      );
      for (const ns of namespaces) {
        const role = new k8s.rbac.v1.Role(
          perClusterName(`${name}-role-${ns.name}`, cluster),
          { metadata: { name: names.role, namespace: ns.name, labels }, rules: TENANT_NAMESPACE_RULES },
          { ...onCluster, dependsOn: args.dependsOn ?? [] },
        );
        new k8s.rbac.v1.RoleBinding(
          perClusterName(`${name}-binding-${ns.name}`, cluster),
          {
            metadata: { name: names.roleBinding, namespace: ns.name, labels },
            roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role.metadata.name },
            subjects: [{ kind: "ServiceAccount", name: names.serviceAccount, namespace: names.namespace }],
          },
          { ...onCluster, dependsOn: [account] },
        );
      }
    }

    const vaultOpts = { parent: this, provider: args.vaultProvider };
    this.vaultPolicy = pulumi.output(args.kvMountPath).apply((mount) => tenantVaultPolicy(mount, args.apps));
    const policy = new vault.Policy(`${name}-vault-policy`, { name: names.vaultPolicy, policy: this.vaultPolicy }, vaultOpts);
    new vault.tokenauth.AuthBackendRole(
      `${name}-vault-token-role`,
      {
        roleName: names.vaultTokenRole,
        allowedPolicies: [policy.name],
        disallowedPolicies: ["root"],
        orphan: true,
        renewable: true,
        tokenPeriod: TENANT_TOKEN_PERIOD,
        tokenExplicitMaxTtl: TENANT_TOKEN_EXPLICIT_MAX_TTL,
      },
      vaultOpts,
    );
    this.registerOutputs({ names: this.names, vaultPolicy: this.vaultPolicy });
  }
}
