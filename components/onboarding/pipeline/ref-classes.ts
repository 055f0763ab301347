/**
 * The kinds of ref an app's pipeline can run for, and what GitLab gives a pipeline of each: the
 * predefined variables its `rules:` and `workflow:rules` read, and the claims Vault roles bind in
 * the ID token of its jobs. One model, so which jobs run and which identity each can assume are
 * judged from the same facts (the identity tests; the access graph can take the same).
 *
 * Sources: docs.gitlab.com ci/variables/predefined_variables (CI_COMMIT_BRANCH is not set in
 * merge-request and tag pipelines; CI_COMMIT_TAG only in tag pipelines) and
 * ci/secrets/id_token_authentication (project_id, ref, ref_type, ref_protected, all strings).
 * A merge-request pipeline carries ref_protected "false" even when its source branch is protected
 * (gitlab-org/gitlab#420463); a fork's merge-request pipeline runs in the fork, and even when run in
 * the parent project its token names the fork's project (GitLab 18.2.2, gitlab-org/gitlab#561735).
 */
export const REF_CLASSES = [
  "merge-request",
  "fork-merge-request",
  "unprotected-branch",
  "protected-branch",
  "default-branch",
  "tag",
] as const;
export type RefClass = (typeof REF_CLASSES)[number];

export interface RefClassProject {
  /** The app project's numeric ID, as GitLab writes it into tokens. */
  projectId: string;
  /** A fork of it that opens merge requests. */
  forkProjectId: string;
  defaultBranch: string;
}

/** The ID token claims the platform's CI roles bind. */
export interface RefClassClaims {
  project_id: string;
  ref: string;
  ref_type: "branch" | "tag";
  ref_protected: "true" | "false";
  /** `push` or `merge_request_event`, as CI_PIPELINE_SOURCE (the preview role binds it). */
  pipeline_source: "push" | "merge_request_event";
}

export interface RefClassPipeline {
  refClass: RefClass;
  /** Predefined variables the pipeline has; every other one in RULE_VARIABLES is unset. */
  variables: Readonly<Record<string, string>>;
  claims: RefClassClaims;
}

/** The predefined variables pipeline rules commonly read; a ref class sets some and leaves the rest unset. */
export const RULE_VARIABLES = [
  "CI_PIPELINE_SOURCE",
  "CI_PROJECT_ID",
  "CI_DEFAULT_BRANCH",
  "CI_COMMIT_BRANCH",
  "CI_COMMIT_TAG",
  "CI_COMMIT_REF_NAME",
  "CI_COMMIT_REF_PROTECTED",
  "CI_OPEN_MERGE_REQUESTS",
  "CI_MERGE_REQUEST_PROJECT_ID",
  "CI_MERGE_REQUEST_SOURCE_PROJECT_ID",
  "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME",
  "CI_MERGE_REQUEST_TARGET_BRANCH_NAME",
] as const;

/** Example refs: any name of the class behaves the same. */
export const FEATURE_BRANCH = "feature/change";
export const PROTECTED_BRANCH = "release/1.x";
/** A protected tag: the strongest tag there is (an unprotected one carries ref_protected "false"). */
export const RELEASE_TAG = "v1.2.3";

export function refClassPipeline(refClass: RefClass, project: RefClassProject): RefClassPipeline {
  const { projectId, forkProjectId, defaultBranch } = project;
  const push = (ref: string, isProtected: boolean, tag = false): RefClassPipeline => ({
    refClass,
    variables: {
      CI_PIPELINE_SOURCE: "push",
      CI_PROJECT_ID: projectId,
      CI_DEFAULT_BRANCH: defaultBranch,
      [tag ? "CI_COMMIT_TAG" : "CI_COMMIT_BRANCH"]: ref,
      CI_COMMIT_REF_NAME: ref,
      CI_COMMIT_REF_PROTECTED: String(isProtected),
    },
    claims: {
      project_id: projectId,
      ref,
      ref_type: tag ? "tag" : "branch",
      ref_protected: isProtected ? "true" : "false",
      pipeline_source: "push",
    },
  });
  const mergeRequest = (runsIn: string): RefClassPipeline => ({
    refClass,
    variables: {
      CI_PIPELINE_SOURCE: "merge_request_event",
      CI_PROJECT_ID: runsIn,
      CI_DEFAULT_BRANCH: defaultBranch,
      CI_COMMIT_REF_NAME: FEATURE_BRANCH,
      CI_COMMIT_REF_PROTECTED: "false",
      CI_MERGE_REQUEST_PROJECT_ID: projectId,
      CI_MERGE_REQUEST_SOURCE_PROJECT_ID: runsIn,
      CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: FEATURE_BRANCH,
      CI_MERGE_REQUEST_TARGET_BRANCH_NAME: defaultBranch,
    },
    claims: { project_id: runsIn, ref: FEATURE_BRANCH, ref_type: "branch", ref_protected: "false", pipeline_source: "merge_request_event" },
  });
  switch (refClass) {
    case "merge-request":
      return mergeRequest(projectId);
    case "fork-merge-request":
      return mergeRequest(forkProjectId);
    case "unprotected-branch":
      return push(FEATURE_BRANCH, false);
    case "protected-branch":
      return push(PROTECTED_BRANCH, true);
    case "default-branch":
      return push(defaultBranch, true);
    case "tag":
      return push(RELEASE_TAG, true, true);
  }
}
