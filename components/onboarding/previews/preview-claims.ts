/**
 * The claims the preview push identity's JWT role binds (Vault `bound_claims_type: string`), from
 * GitLab's ID token payload (docs.gitlab.com ci/secrets/id_token_authentication: project_id,
 * pipeline_source): only pipelines of the app's own project, and only merge-request pipelines. A
 * fork's merge-request pipeline carries the fork's project_id, even when run in the parent
 * project (GitLab 18.2.2, gitlab-org/gitlab#561735), so forks get nothing. No `ref_protected`:
 * merge-request pipelines always carry "false" (gitlab-org/gitlab#420463).
 */
export const PREVIEW_PIPELINE_SOURCE = "merge_request_event";

export function previewBoundClaims<P>(projectId: P): Record<string, P | string> {
  return { project_id: projectId, pipeline_source: PREVIEW_PIPELINE_SOURCE };
}
