// system:auth-delegator is what Vault's token reviewer on a workload cluster needs: allowed for a
// platform service account cluster-wide, never for an app's.
import { roleRefProblems, subjectProblems } from "../../policies/crossguard/rbac";

const binding = (roleName: string, subject: { name: string; namespace: string }) => ({
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
  subjects: [{ kind: "ServiceAccount", ...subject }],
});

describe("system roles in ClusterRoleBindings", () => {
  const apps = new Set(["shop-prod"]);

  it("admits system:auth-delegator for a platform service account", () => {
    const reviewer = binding("system:auth-delegator", { name: "vault-token-reviewer", namespace: "vault" });
    expect(roleRefProblems(reviewer, "ClusterRoleBinding", undefined, false, new Map())).toEqual([]);
    expect(subjectProblems(reviewer, undefined, apps)).toEqual([]);
  });

  it("refuses it for an app's service account, and every other system role", () => {
    const app = binding("system:auth-delegator", { name: "shop", namespace: "shop-prod" });
    expect(subjectProblems(app, undefined, apps)).toEqual([
      expect.stringMatching(/app service account 'shop-prod\/shop' rights in every namespace/),
    ]);
    expect(roleRefProblems(app, "RoleBinding", "shop-prod", true, new Map())).not.toEqual([]);
    const other = binding("system:controller:token-cleaner", { name: "vault-token-reviewer", namespace: "vault" });
    expect(roleRefProblems(other, "ClusterRoleBinding", undefined, false, new Map())).toEqual([
      "roleRef names the system role 'system:controller:token-cleaner' of a Kubernetes component",
    ]);
  });
});
