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
 * - `project_path` where the ID cannot be known: the platform stack creates a tenant app's roles
 *   before the tenant stack creates its project (docs/access.md, "Tenant stack credentials"). A
 *   fork's token carries the fork's path; the path is the naming module's, in a group only the
 *   tenant's token and the platform write (a deleted project's path can be taken again only there).
 *
 * Each value is one string: terraform-provider-vault (v5.8.0, resource_jwt_auth_backend_role.go)
 * splits a bound claim at commas into alternatives, so a comma would widen the role.
 */
export type ProjectBinding<P> = { project_id: P } | { project_path: string };

export function ciBoundClaims<P>(purpose: CiPurpose, project: ProjectBinding<P>, defaultBranch: string): Record<string, P | string> {
  if (defaultBranch.includes(",") || defaultBranch.trim() !== defaultBranch)
    throw new Error(`default branch '${defaultBranch}' cannot be bound: Vault would read it as a list of alternatives`);
  if ("project_path" in project && (project.project_path.includes(",") || project.project_path.includes("*")))
    throw new Error(`project path '${project.project_path}' cannot be bound: Vault would read it as alternatives or a glob`);
  const claims: Record<string, P | string> = { ...project, ref_protected: "true" };
  if (CI_PURPOSE_GRANTS[purpose].defaultBranchOnly) Object.assign(claims, { ref_type: "branch", ref: defaultBranch });
  return claims;
}
