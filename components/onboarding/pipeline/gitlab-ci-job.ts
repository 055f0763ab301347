/**
 * The subset of GitLab CI job keywords the generator emits, typed so a misspelt key is a
 * compile error (gitlab-ci-local then checks the rendered file against GitLab's schema).
 */
export interface CiImage {
  name: string;
  /** `[""]`: run the job script in a shell instead of the tool's entrypoint. */
  entrypoint?: string[];
}

export interface CiRule {
  if?: string;
  when?: "on_success" | "on_failure" | "manual" | "never" | "always";
  allow_failure?: boolean;
}

export interface CiNeed {
  job: string;
  artifacts: boolean;
  /** The needed job may be absent from the pipeline (its rules left it out). */
  optional?: boolean;
}

export interface CiVaultSecret {
  /** `<path>/<field>@<mount>` (KV v2). */
  vault: string;
  file: false;
  token: string;
}

export interface CiArtifacts {
  paths?: string[];
  when?: "on_success" | "on_failure" | "always";
  expire_in?: string;
  reports?: { dotenv?: string; cyclonedx?: string[]; container_scanning?: string };
}

export interface CiJob {
  stage: string;
  image: CiImage;
  needs: (string | CiNeed)[];
  rules?: CiRule[];
  variables?: Record<string, string>;
  id_tokens?: Record<string, { aud: string }>;
  secrets?: Record<string, CiVaultSecret>;
  before_script?: string[];
  script: string[];
  after_script?: string[];
  artifacts?: CiArtifacts;
  cache?: { key: string; paths: string[] };
  environment?: {
    name: string;
    deployment_tier?: "production" | "staging" | "testing" | "development" | "other";
    action?: "start";
    /** Shown on the merge request (previews). */
    url?: string;
    auto_stop_in?: string;
  };
  resource_group?: string;
  interruptible?: boolean;
  allow_failure?: boolean;
  timeout?: string;
}

/** Only the default branch (protected) builds, signs and deploys: the app's Vault role trusts protected refs only. */
export const onDefaultBranch: CiRule[] = [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }];

export const needs = (...jobs: string[]): CiNeed[] => jobs.map((job) => ({ job, artifacts: true }));
