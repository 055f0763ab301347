import { CI_PURPOSE_GRANTS, type CiPurpose } from "../ci-purposes";

/**
 * The claims a CI purpose's JWT role binds, matched by Vault exactly (`bound_claims_type:
 * string`) against the claims of the job's GitLab ID token, which GitLab writes as strings
 * (docs.gitlab.com ci/secrets/id_token_authentication: project_id, ref, ref_type, ref_protected).
 *
 * - `project_id`, not `project_path`: the ID survives renames and transfers, and a fork's
 *   merge-request pipeline carries the fork's ID even when it runs in the parent project
 *   (GitLab 18.2.2 security fix, gitlab-org/gitlab#561735 and #563038).
 * - `ref_protected: "true"`: merge-request pipelines carry "false" even for a protected source
 *   branch (gitlab-org/gitlab#420463), unprotected branches "false".
 * - sign and deploy add `ref_type: "branch"` and `ref: <default branch>`: a tag or another
 *   protected branch cannot sign or deploy, and a tag named like the default branch is no branch.
 *
 * Each value is one string: terraform-provider-vault (v5.8.0, resource_jwt_auth_backend_role.go)
 * splits a bound claim at commas into alternatives, so a comma would widen the role.
 */
export function ciBoundClaims<P>(purpose: CiPurpose, projectId: P, defaultBranch: string): Record<string, P | string> {
  if (defaultBranch.includes(",") || defaultBranch.trim() !== defaultBranch)
    throw new Error(`default branch '${defaultBranch}' cannot be bound: Vault would read it as a list of alternatives`);
  const claims: Record<string, P | string> = { project_id: projectId, ref_protected: "true" };
  if (CI_PURPOSE_GRANTS[purpose].defaultBranchOnly) Object.assign(claims, { ref_type: "branch", ref: defaultBranch });
  return claims;
}
