import { parse } from "yaml";
import { gitlabCiLocal } from "./pipeline-fixtures";

/**
 * A kind of pipeline, as the predefined variables GitLab sets for it. In merge request pipelines
 * GitLab sets no CI_COMMIT_BRANCH (predefined variables reference), so it is unset here; the
 * source branch is in CI_COMMIT_REF_NAME and CI_MERGE_REQUEST_SOURCE_BRANCH_NAME.
 */
export interface PipelineKind {
  name: string;
  variables: Record<string, string>;
  unset: string[];
}

const mergeRequest = (sourceBranch: string, protectedSource: boolean): PipelineKind => ({
  name: `merge request from ${protectedSource ? "protected" : "unprotected"} branch ${sourceBranch}`,
  variables: {
    CI_PIPELINE_SOURCE: "merge_request_event",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_REF_NAME: sourceBranch,
    CI_COMMIT_REF_PROTECTED: String(protectedSource),
    CI_MERGE_REQUEST_IID: "7",
    CI_MERGE_REQUEST_SOURCE_BRANCH_NAME: sourceBranch,
    CI_MERGE_REQUEST_TARGET_BRANCH_NAME: "main",
  },
  unset: ["CI_COMMIT_BRANCH"],
});

const push = (branch: string, protectedBranch: boolean): PipelineKind => ({
  name: `push to ${protectedBranch ? "protected" : "unprotected"} branch ${branch}`,
  variables: {
    CI_PIPELINE_SOURCE: "push",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: branch,
    CI_COMMIT_REF_NAME: branch,
    CI_COMMIT_REF_PROTECTED: String(protectedBranch),
  },
  unset: [],
});

const schedule = (branch: string, protectedBranch: boolean): PipelineKind => ({
  name: `schedule on ${protectedBranch ? "protected" : "unprotected"} branch ${branch}`,
  variables: {
    CI_PIPELINE_SOURCE: "schedule",
    CI_DEFAULT_BRANCH: "main",
    CI_COMMIT_BRANCH: branch,
    CI_COMMIT_REF_NAME: branch,
    CI_COMMIT_REF_PROTECTED: String(protectedBranch),
  },
  unset: [],
});

/** Pipelines whose code nobody reviewed (or a merge request controls): none may hold a credential. */
export const UNTRUSTED_PIPELINES: readonly PipelineKind[] = [
  mergeRequest("feature", false),
  // A merge request whose source is the default branch still runs what the merge request brings
  // (merged results include the target branch's commits).
  mergeRequest("main", true),
  push("feature", false),
  // An unprotected default branch: anyone with push rights could change what runs.
  push("main", false),
  // A schedule runs the ref's code as the schedule's owner: on an unprotected branch, anyone's code.
  schedule("feature", false),
];
/** The nightly drift check: a schedule on the protected default branch. */
export const DEFAULT_BRANCH_SCHEDULE: PipelineKind = schedule("main", true);
export const DEFAULT_BRANCH_PIPELINE: PipelineKind = push("main", true);

interface ListedJob {
  name: string;
  when: string;
}

// gitlab-ci-local takes a second or two per run; a test file asks the same questions repeatedly.
const listings = new Map<string, string[]>();
const expansions = new Map<string, ReturnType<typeof expand>>();

/** Names of the jobs gitlab-ci-local puts into this kind of pipeline, after each job's `rules:`. */
export function jobsRunningIn(content: string, pipeline: PipelineKind): string[] {
  const key = `${pipeline.name}\n${content}`;
  if (!listings.has(key)) listings.set(key, list(content, pipeline));
  return [...listings.get(key)!];
}

function list(content: string, pipeline: PipelineKind): string[] {
  const args = [
    "--list-json",
    "--ignore-predefined-vars",
    [...Object.keys(pipeline.variables), ...pipeline.unset].join(","),
    ...Object.entries(pipeline.variables).flatMap(([key, value]) => ["--variable", `${key}=${value}`]),
    ...pipeline.unset.flatMap((key) => ["--unset-variable", key]),
  ];
  const result = gitlabCiLocal(content, args);
  if (result.status !== 0) throw new Error(`gitlab-ci-local failed (${pipeline.name}):\n${result.stderr}`);
  const jobs = JSON.parse(result.stdout.slice(result.stdout.indexOf("["))) as ListedJob[];
  return jobs.filter((job) => job.when !== "never").map((job) => job.name);
}

interface ExpandedJob {
  variables?: Record<string, unknown>;
  id_tokens?: Record<string, unknown>;
  secrets?: Record<string, unknown>;
  inherit?: { variables?: boolean | string[] };
}

/** The pipeline with `extends`, `default` and anchors resolved (gitlab-ci-local --preview). */
function expandedPipeline(content: string): ReturnType<typeof expand> {
  if (!expansions.has(content)) expansions.set(content, expand(content));
  return expansions.get(content)!;
}

function expand(content: string): { variables: Record<string, unknown>; jobs: Record<string, ExpandedJob> } {
  const result = gitlabCiLocal(content, ["--preview"]);
  if (result.status !== 0) throw new Error(`gitlab-ci-local --preview failed:\n${result.stderr}`);
  const doc = parse(result.stdout) as Record<string, unknown>;
  return { variables: (doc.variables ?? {}) as Record<string, unknown>, jobs: doc as Record<string, ExpandedJob> };
}

const VAULT_VARIABLE = /^VAULT_/;

/** What gives a job a way into Vault: `secrets:`, `id_tokens:`, or Vault settings among its variables (global ones included). */
function credentialsOf(job: ExpandedJob, globals: Record<string, unknown>): string[] {
  const inherit = job.inherit?.variables;
  const inherited = inherit === false ? {} : Array.isArray(inherit) ? Object.fromEntries(inherit.map((k) => [k, globals[k]])) : globals;
  const variables = { ...inherited, ...(job.variables ?? {}) };
  return [
    ...Object.keys(job.secrets ?? {}).map((name) => `secrets.${name}`),
    ...Object.keys(job.id_tokens ?? {}).map((name) => `id_tokens.${name}`),
    ...Object.keys(variables)
      .filter((name) => VAULT_VARIABLE.test(name))
      .map((name) => `variables.${name}`),
  ];
}

/** A job that runs in the pipeline and holds a way into Vault, with what gives it that. */
export interface CredentialedJob {
  job: string;
  credentials: string[];
}

/**
 * Every job of `content` that runs in `pipeline` (by its own `rules:`, as gitlab-ci-local
 * evaluates them) and holds a credential or the settings to get one.
 */
export function credentialedJobs(content: string, pipeline: PipelineKind): CredentialedJob[] {
  const { variables, jobs } = expandedPipeline(content);
  return jobsRunningIn(content, pipeline).flatMap((listed) => {
    // Matrix jobs are listed as `<job>: [<values>]`.
    const base = listed.replace(/: \[.*\]$/, "");
    const definition = jobs[base];
    if (definition === undefined) throw new Error(`gitlab-ci-local lists '${listed}', which the expanded pipeline lacks`);
    const credentials = credentialsOf(definition, variables);
    return credentials.length > 0 ? [{ job: listed, credentials }] : [];
  });
}
