import type { PathGrant } from "../../policies/crossguard/vault-policy-document";
import type { AppRegistry } from "../apps";
import { harborProject, namespaceRight, platformAsset, type VaultAssets } from "../assets";
import type { GraphBuilder } from "../graph";
import { field, platformReferences, record, strings, text, TYPES, type PlanIndex } from "../plan-index";
import { platformIdentity, tenantStack } from "../principals";

/**
 * The credentials a stack deploys with: its providers' inputs. A tenant stack (it references a
 * platform stack) is a principal of its own; the platform stack's are the platform's. What a
 * credential may do is in the plan only if the stack exports it as `credentials`
 * ({ vault: { policies: [HCL] }, harbor: { projects }, kubernetes: { namespaces } }); otherwise a
 * Vault token, a kubeconfig or a GitLab token reaches everything, and a Harbor `admin` login is
 * the registry's administrator.
 */
export function stackCredentialEdges(
  graph: GraphBuilder,
  index: PlanIndex,
  apps: AppRegistry,
  vault: VaultAssets,
  declaredVaultGrants: readonly PathGrant[] | undefined,
  namespaces: ReadonlySet<string>,
): void {
  const outputs = index.plan.outputs;
  const platformStack = text(outputs.platformStack) ?? platformReferences(index)[0]?.inputs.name;
  if (platformStack === undefined) {
    platformIdentity(graph, "stack", `stack ${index.plan.stack} (its provider credentials)`);
    return;
  }
  const stack = tenantStack(graph, index.plan.stack);
  const declared = record(outputs.credentials);
  // Only this stack's own providers: a tenant plan read with its platform's (combined-plan.ts) holds the platform's too.
  const own = (type: string) => index.ofType(type).filter((p) => p.urn.startsWith(`urn:pulumi:${index.plan.stack}::`));

  if (own(TYPES.vaultProvider).length > 0) {
    if (declaredVaultGrants !== undefined) {
      for (const grant of declaredVaultGrants)
        for (const target of vault.trie.match(grant.path.replace(/^([^/]+)\/metadata\//, "$1/data/")))
          graph.edge({
            from: stack,
            to: target.id,
            via: `the stack's Vault token (declared policy: ${grant.capabilities.join(", ")} on ${grant.path})`,
          });
    } else
      graph.edge({
        from: stack,
        to: platformAsset(graph, "vault-admin", "Vault: every path (can rewrite policies or auth roles)", [
          "signing",
          "deploy",
          "production-secret",
        ]),
        via: "the stack's Vault token: its policies are not in the plan (export credentials.vault.policies)",
      });
  }
  for (const provider of own(TYPES.harborProvider)) {
    const username = text(provider.inputs.username) ?? "";
    const projects = strings(field(declared, "harbor", "projects"));
    if (projects.length > 0)
      for (const project of projects)
        graph.edge({
          from: stack,
          to: harborProject(graph, apps, project, "push"),
          via: `the stack's Harbor login ${username} (declared project ${project})`,
        });
    else
      graph.edge({
        from: stack,
        to: platformAsset(graph, "harbor-admin", "Harbor: every project and the system settings"),
        via:
          username === "admin"
            ? "the stack logs into Harbor as admin"
            : `the stack's Harbor login ${username}: its scope is not in the plan (export credentials.harbor.projects)`,
      });
  }
  if (own(TYPES.kubernetesProvider).length > 0) {
    const scoped = strings(field(declared, "kubernetes", "namespaces"));
    if (scoped.length > 0)
      for (const ns of scoped)
        graph.edge({
          from: stack,
          to: namespaceRight(graph, apps, ns, "deploy"),
          via: `the stack's kubeconfig (declared namespace ${ns})`,
        });
    else {
      const cluster = platformAsset(graph, "cluster", "Kubernetes: every namespace and cluster-scoped object", [
        "deploy",
        "production-secret",
      ]);
      graph.edge({
        from: stack,
        to: cluster,
        via: "the stack's kubeconfig: its RBAC is not in the plan (export credentials.kubernetes.namespaces)",
      });
      for (const ns of namespaces)
        graph.edge({ from: cluster, to: namespaceRight(graph, apps, ns, "deploy"), via: "cluster-wide credentials deploy everywhere" });
    }
  }
  // A token of the platform's app group (or above it) reaches every platform app's projects.
  const platformGroup = text(field(declared, "gitlab", "platformGroup"));
  for (const group of strings(field(declared, "gitlab", "groups")))
    if (platformGroup !== undefined && (group === platformGroup || platformGroup.startsWith(`${group}/`)))
      graph.edge({
        from: stack,
        to: platformAsset(graph, "gitlab-token", "GitLab: whatever the stack's token may do (scope not in the plan)", ["deploy"]),
        via: `the stack's GitLab token belongs to group ${group}, which holds the platform's app projects (${platformGroup}); give the tenant its own group (gitlab.parentGroup)`,
      });
  if (own(TYPES.gitlabProvider).length > 0 && field(declared, "gitlab") === undefined)
    graph.edge({
      from: stack,
      to: platformAsset(graph, "gitlab-token", "GitLab: whatever the stack's token may do (scope not in the plan)", ["deploy"]),
      via: "the stack's GitLab token",
    });
}
