import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import type { AppSpecInput } from "../../components/onboarding/app-spec";
import type { AppPipelineInput } from "../../components/onboarding/pipeline/pipeline-input";
import { type RefClassPipeline, RULE_VARIABLES } from "../../components/onboarding/pipeline/ref-classes";
import { testApp, testNames } from "../helpers/onboarding-context";

export const VAULT = "https://vault.platform.example.test";
export const REGISTRY = "harbor.platform.example.test";

/** Pipeline input as the integrator would assemble it from AppRepositories, AppSecrets and CiCredentials. */
export function pipelineInput(spec: Partial<AppSpecInput> = {}, overrides: Partial<AppPipelineInput> = {}): AppPipelineInput {
  const app = testApp(spec);
  return {
    spec: app,
    names: testNames(app),
    environments: [
      { name: "dev", production: false },
      { name: "staging", production: false },
      { name: "prod", production: true },
    ],
    gitlab: { url: "https://gitlab.example.test" },
    registry: {
      host: REGISTRY,
      proxyCacheProjects: { "docker.io": "dockerhub-proxy", "ghcr.io": "ghcr-proxy", "quay.io": "quay-proxy" },
    },
    vault: {
      address: VAULT,
      jwtAuthPath: "jwt-gitlab",
      kvMount: "secret",
      transit: { mountPath: "transit" },
    },
    ...overrides,
  };
}

export interface CiJobView {
  stage: string;
  image: { name: string; entrypoint?: string[] };
  needs: ({ job: string } | string)[];
  script: string[];
  before_script?: string[];
  variables?: Record<string, string>;
  id_tokens?: Record<string, { aud: string }>;
  secrets?: Record<string, { vault: string; file: boolean; token: string }>;
  allow_failure?: boolean;
  when?: string;
  rules?: { if?: string; when?: string }[];
  environment?: { name: string; deployment_tier?: string };
  artifacts?: { paths?: string[]; when?: string; reports?: Record<string, unknown> };
}

const RESERVED = new Set(["workflow", "stages", "variables", "default", "include"]);

/** The jobs of a rendered pipeline (top-level keys that are not GitLab keywords or hidden jobs). */
export function jobsOf(content: string): Record<string, CiJobView> {
  const doc = parse(content) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(doc).filter(([k]) => !RESERVED.has(k) && !k.startsWith("."))) as Record<string, CiJobView>;
}

export const needNames = (job: CiJobView): string[] => job.needs.map((n) => (typeof n === "string" ? n : n.job));

/** Every job reachable through `needs` from `name` (itself excluded). */
export function transitiveNeeds(jobs: Record<string, CiJobView>, name: string): Set<string> {
  const seen = new Set<string>();
  const visit = (job: string) => {
    for (const need of needNames(jobs[job] as CiJobView))
      if (!seen.has(need)) {
        seen.add(need);
        visit(need);
      }
  };
  visit(name);
  return seen;
}

export interface GitlabCiLocalResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

const CLI = path.resolve(__dirname, "../../node_modules/gitlab-ci-local/dist/index.js");

/**
 * Runs gitlab-ci-local (GitLab's JSON schema + needs/dependency checks) on `content` in a
 * throw-away directory; it insists on a relative --cwd and writes a state dir there.
 */
export function gitlabCiLocal(content: string, args: string[] = ["--list-json"]): GitlabCiLocalResult {
  const dir = mkdtempSync(path.join(tmpdir(), "gcl-"));
  try {
    writeFileSync(path.join(dir, ".gitlab-ci.yml"), content);
    const result = spawnSync(process.execPath, [CLI, "--cwd", path.basename(dir), "--json-schema-validation", ...args], {
      cwd: path.dirname(dir),
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Job names gitlab-ci-local lists (`--list-json`). */
export function listedJobs(result: GitlabCiLocalResult): string[] {
  const start = result.stdout.indexOf("[");
  return (JSON.parse(result.stdout.slice(start)) as { name: string }[]).map((j) => j.name);
}

/** Plain variable names/values that look like credentials. */
export function secretLookingVariables(variables: Record<string, unknown> | undefined): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(variables ?? {})) {
    const text = String(value);
    if (/(PASSWORD|PASSPHRASE|TOKEN|PRIVATE|CREDENTIAL|^SECRET|_SECRET$|_KEY$|_KEY_ID$)/i.test(key)) problems.push(`${key}=${text}`);
    if (/(glpat-|hvs\.|hvb\.|AKIA[0-9A-Z]{16}|-----BEGIN|ghp_|robot\$)/.test(text)) problems.push(`${key}=${text}`);
  }
  return problems;
}

const WORKFLOW_PROBE = "gcl-workflow-probe";

/**
 * The jobs GitLab would run for `pipeline`'s ref class, as gitlab-ci-local evaluates the file's
 * rules with that class's predefined variables. gitlab-ci-local lists jobs whatever
 * `workflow:rules` say, so the workflow rules are evaluated by the same engine as a probe job:
 * rules of both kinds match alike, and a probe that would not run means no pipeline at all.
 */
export function runningJobs(content: string, pipeline: RefClassPipeline): string[] {
  const doc = parse(content) as Record<string, unknown> & { workflow?: { rules?: unknown[] } };
  const probe = { stage: ".pre", rules: doc.workflow?.rules ?? [{ when: "always" }], script: [":"] };
  const set = Object.entries(pipeline.variables).flatMap(([key, value]) => ["--variable", `${key}=${value}`]);
  const unset = RULE_VARIABLES.filter((key) => !(key in pipeline.variables)).flatMap((key) => ["--unset-variable", key]);
  const result = gitlabCiLocal(stringify({ ...doc, [WORKFLOW_PROBE]: probe }), [
    "--list-json",
    "--ignore-predefined-vars",
    RULE_VARIABLES.join(","),
    ...set,
    ...unset,
  ]);
  if (result.status !== 0) throw new Error(`gitlab-ci-local failed for ${pipeline.refClass}: ${result.stderr}`);
  const start = result.stdout.indexOf("[");
  const listed = JSON.parse(result.stdout.slice(start)) as { name: string; when: string }[];
  const active = listed.filter((job) => job.when !== "never").map((job) => job.name);
  if (!active.includes(WORKFLOW_PROBE)) return [];
  return active.filter((name) => name !== WORKFLOW_PROBE);
}
