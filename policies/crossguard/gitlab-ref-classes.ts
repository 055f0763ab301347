import type { RefClass } from "../../components/onboarding/pipeline/ref-classes";

/** Predefined CI variables of a pipeline (unset ones absent or undefined); the access graph evaluates `rules:` over them. */
export type CiVariables = Readonly<Record<string, string | undefined>>;

/**
 * A claim value GitLab puts into a job's ID token: known exactly, or chosen by whoever pushes
 * the ref (any value except the listed ones: an unprotected branch can have any name but the
 * protected ones).
 */
export type ClaimValue = { exact: string } | { anyExcept: readonly string[] };

export interface RefClassFacts {
  refClass: RefClass;
  label: string;
  /** Predefined CI variables GitLab sets for a pipeline of this class (representative ref names). */
  variables: (defaultBranch: string) => CiVariables;
  /** The ID token's claims (https://docs.gitlab.com/ci/secrets/id_token_authentication/#token-payload). */
  claims: (projectId: string, defaultBranch: string) => Readonly<Record<string, ClaimValue>>;
  /** The pusher writes the pipeline file this ref runs: only the default branch's is reviewed. */
  pusherControlsPipeline: boolean;
  /** Rule 2's sources: anyone with developer access (or a fork) starts these. */
  untrusted: boolean;
}

const exact = (value: string): ClaimValue => ({ exact: value });
const FEATURE = "feature/change";
const FORK = "<a fork>";

/** A (detached) merge request pipeline from a feature branch into the default branch. */
const mergeRequestVariables = (main: string): CiVariables => ({
  CI_PIPELINE_SOURCE: "merge_request_event",
  CI_DEFAULT_BRANCH: main,
  CI_COMMIT_REF_NAME: FEATURE,
  CI_COMMIT_REF_PROTECTED: "false",
  CI_MERGE_REQUEST_IID: "1",
  CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: FEATURE,
  CI_MERGE_REQUEST_TARGET_BRANCH_NAME: main,
  CI_MERGE_REQUEST_EVENT_TYPE: "detached",
});

/**
 * The six ref classes a pipeline runs for. Claims follow GitLab's ID token payload: `ref_protected`
 * is "false" in merge request pipelines (gitlab-org/gitlab#420463: even for a protected source
 * branch), and a fork's merge request pipeline carries the fork's `project_id` (since the fix of
 * gitlab-org/gitlab#548165 in 18.2.2; a maintainer can run it in the parent project, with the
 * fork's claims). A tag is a protected tag (`ref_protected` "true"); an unprotected tag gets no
 * more than an unprotected branch. Whether a protected branch other than the default exists is not
 * in the plan: maintainers can add one, so it is always considered.
 */
export const REF_CLASSES: readonly RefClassFacts[] = [
  {
    refClass: "merge-request",
    label: "merge request",
    variables: mergeRequestVariables,
    claims: (project, main) => ({
      project_id: exact(project),
      ref: { anyExcept: [main] },
      ref_type: exact("branch"),
      ref_protected: exact("false"),
      pipeline_source: exact("merge_request_event"),
    }),
    pusherControlsPipeline: true,
    untrusted: true,
  },
  {
    refClass: "fork-merge-request",
    label: "fork merge request",
    // The same merge request, opened from a fork.
    variables: (main) => ({ ...mergeRequestVariables(main), CI_MERGE_REQUEST_SOURCE_PROJECT_ID: "fork" }),
    // The fork is a project of its own: its ID and paths equal no project of the plan.
    claims: () => ({
      project_id: exact(FORK),
      project_path: exact(FORK),
      namespace_id: exact(FORK),
      namespace_path: exact(FORK),
      ref: { anyExcept: [] },
      ref_type: exact("branch"),
      ref_protected: exact("false"),
      pipeline_source: exact("merge_request_event"),
    }),
    pusherControlsPipeline: true,
    untrusted: true,
  },
  {
    refClass: "unprotected-branch",
    label: "unprotected branch",
    variables: (main) => ({
      CI_PIPELINE_SOURCE: "push",
      CI_DEFAULT_BRANCH: main,
      CI_COMMIT_BRANCH: FEATURE,
      CI_COMMIT_REF_NAME: FEATURE,
      CI_COMMIT_REF_PROTECTED: "false",
    }),
    claims: (project, main) => ({
      project_id: exact(project),
      ref: { anyExcept: [main] },
      ref_type: exact("branch"),
      ref_protected: exact("false"),
      pipeline_source: exact("push"),
    }),
    pusherControlsPipeline: true,
    untrusted: true,
  },
  {
    refClass: "protected-branch",
    label: "protected branch",
    variables: (main) => ({
      CI_PIPELINE_SOURCE: "push",
      CI_DEFAULT_BRANCH: main,
      CI_COMMIT_BRANCH: "release",
      CI_COMMIT_REF_NAME: "release",
      CI_COMMIT_REF_PROTECTED: "true",
    }),
    claims: (project, main) => ({
      project_id: exact(project),
      ref: { anyExcept: [main] },
      ref_type: exact("branch"),
      ref_protected: exact("true"),
      pipeline_source: exact("push"),
    }),
    pusherControlsPipeline: true,
    untrusted: false,
  },
  {
    refClass: "default-branch",
    label: "default branch",
    variables: (main) => ({
      CI_PIPELINE_SOURCE: "push",
      CI_DEFAULT_BRANCH: main,
      CI_COMMIT_BRANCH: main,
      CI_COMMIT_REF_NAME: main,
      CI_COMMIT_REF_PROTECTED: "true",
    }),
    claims: (project, main) => ({
      project_id: exact(project),
      ref: exact(main),
      ref_type: exact("branch"),
      ref_protected: exact("true"),
      pipeline_source: exact("push"),
    }),
    pusherControlsPipeline: false,
    untrusted: false,
  },
  {
    refClass: "tag",
    label: "tag",
    variables: (main) => ({
      CI_PIPELINE_SOURCE: "push",
      CI_DEFAULT_BRANCH: main,
      CI_COMMIT_TAG: "v1.0.0",
      CI_COMMIT_REF_NAME: "v1.0.0",
      CI_COMMIT_REF_PROTECTED: "true",
    }),
    claims: (project) => ({
      project_id: exact(project),
      ref: { anyExcept: [] },
      ref_type: exact("tag"),
      ref_protected: exact("true"),
      pipeline_source: exact("push"),
    }),
    pusherControlsPipeline: true,
    untrusted: false,
  },
];

export const refClassFacts = (refClass: RefClass): RefClassFacts => REF_CLASSES.find((c) => c.refClass === refClass) as RefClassFacts;
