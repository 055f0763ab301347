import { parse } from "yaml";
import { evaluateRuleExpression, type CiVariables } from "./rules-expression";

/** GitLab keywords at the top level of a pipeline file that are not jobs. */
const GLOBAL_KEYWORDS = new Set([
  "workflow",
  "stages",
  "variables",
  "default",
  "include",
  "image",
  "services",
  "cache",
  "before_script",
  "after_script",
  "spec",
]);

interface Rule {
  if?: string;
  when?: string;
}

/** One job as far as access is concerned. */
export interface CiJob {
  name: string;
  rules?: Rule[];
  /** `when` without rules (`manual`, `always`, `never`…); default on_success. */
  when?: string;
  /** The JWT role the job logs into (`VAULT_AUTH_ROLE`, or `role=` of a `vault write auth/<path>/login`). */
  vaultRoles: string[];
  /** KV paths (`<path>@<mount>` of `secrets:`) the job reads through GitLab. */
  secretPaths: string[];
  /** Requests an ID token (`id_tokens`), which is all a script needs to log in itself. */
  idTokens: boolean;
  /** Checks out the repository (GIT_STRATEGY other than none): its code and scripts run. */
  checksOutRepository: boolean;
  /** Installs tools at run time (`apk add`, `apt-get install`, `pip install`, `curl … | sh`). */
  installsAtRuntime: boolean;
  /** `environment.deployment_tier` and name, for deploy jobs. */
  environment?: { name: string; tier?: string };
}

export interface CiPipeline {
  workflowRules?: Rule[];
  jobs: CiJob[];
}

type Mapping = Record<string, unknown>;
/** A scalar YAML value as text (GitLab reads variables as strings). */
const scalar = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : undefined;
const isMapping = (value: unknown): value is Mapping => value !== null && typeof value === "object" && !Array.isArray(value);

/** GitLab's `extends`: a deep merge of hashes, the job's own keys winning; arrays are replaced. */
function merge(base: Mapping, over: Mapping): Mapping {
  const result: Mapping = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = isMapping(value) && isMapping(base[key]) ? merge(base[key], value) : value;
  return result;
}

function resolveExtends(document: Mapping, name: string, seen: Set<string> = new Set()): Mapping {
  const job = document[name];
  if (!isMapping(job)) return {};
  if (seen.has(name)) throw new Error(`extends cycle at '${name}'`);
  seen.add(name);
  const parents = typeof job.extends === "string" ? [job.extends] : Array.isArray(job.extends) ? (job.extends as string[]) : [];
  let merged: Mapping = {};
  for (const parent of parents) merged = merge(merged, resolveExtends(document, parent, seen));
  const { extends: _extends, ...own } = job;
  return merge(merged, own);
}

const scriptLines = (job: Mapping): string[] =>
  ["before_script", "script", "after_script"].flatMap((key) =>
    Array.isArray(job[key]) ? (job[key] as unknown[]).map(String) : typeof job[key] === "string" ? [job[key]] : [],
  );

const RUNTIME_INSTALL =
  /\b(apk\s+add|apt(-get)?\s+install|yum\s+install|dnf\s+install|pip3?\s+install|npm\s+(install|i)\s+-g|curl\b[^|]*\|\s*(ba)?sh|wget\b[^|]*\|\s*(ba)?sh)\b/;
const LOGIN_ROLE = /auth\/[^\s/]+\/login\b[^\n]*\brole=['"]?([A-Za-z0-9._${}-]+)/;

/** Reads the jobs of a `.gitlab-ci.yml` and what each can reach: rules, Vault roles, secrets, code it runs. */
export function parsePipeline(content: string): CiPipeline {
  const document = parse(content) as unknown;
  if (!isMapping(document)) return { jobs: [] };
  const globalVariables = isMapping(document.variables) ? document.variables : {};
  const defaults = isMapping(document.default) ? document.default : {};
  const jobs: CiJob[] = [];
  for (const name of Object.keys(document)) {
    if (GLOBAL_KEYWORDS.has(name) || name.startsWith(".")) continue;
    const job = merge(defaults, resolveExtends(document, name));
    if (job.script === undefined && job.trigger === undefined) continue;
    const variables: Mapping = { ...globalVariables, ...(isMapping(job.variables) ? job.variables : {}) };
    const lines = scriptLines(job);
    const secrets = isMapping(job.secrets) ? Object.values(job.secrets) : [];
    const secretPaths = secrets
      .map((s) =>
        isMapping(s) && typeof s.vault === "string" ? s.vault : isMapping(s) && isMapping(s.vault) ? (scalar(s.vault.path) ?? "") : "",
      )
      .filter((p) => p !== "");
    const roles = new Set<string>();
    // `secrets:` logs in with VAULT_AUTH_ROLE (job, then global variables).
    if (secretPaths.length > 0 && typeof variables.VAULT_AUTH_ROLE === "string") roles.add(variables.VAULT_AUTH_ROLE);
    for (const line of lines) {
      const login = LOGIN_ROLE.exec(line);
      if (login?.[1] !== undefined) roles.add(login[1].replace(/^\$(\{)?VAULT_AUTH_ROLE\}?$/, scalar(variables.VAULT_AUTH_ROLE) ?? ""));
    }
    const environment = isMapping(job.environment)
      ? {
          name: scalar(job.environment.name) ?? "",
          ...(typeof job.environment.deployment_tier === "string" ? { tier: job.environment.deployment_tier } : {}),
        }
      : typeof job.environment === "string"
        ? { name: job.environment }
        : undefined;
    jobs.push({
      name,
      ...(Array.isArray(job.rules) ? { rules: job.rules as Rule[] } : {}),
      ...(typeof job.when === "string" ? { when: job.when } : {}),
      vaultRoles: [...roles].filter((r) => r !== ""),
      secretPaths,
      idTokens: isMapping(job.id_tokens) && Object.keys(job.id_tokens).length > 0,
      checksOutRepository: (scalar(variables.GIT_STRATEGY) ?? "fetch") !== "none",
      installsAtRuntime: lines.some((line) => RUNTIME_INSTALL.test(line)),
      ...(environment !== undefined ? { environment } : {}),
    });
  }
  const workflow = isMapping(document.workflow) && Array.isArray(document.workflow.rules) ? (document.workflow.rules as Rule[]) : undefined;
  return { ...(workflow !== undefined ? { workflowRules: workflow } : {}), jobs };
}

/** The first rule whose `if` holds (or that has none) decides; no match means no. */
function firstMatch(rules: readonly Rule[], variables: CiVariables): Rule | undefined {
  return rules.find((rule) => rule.if === undefined || evaluateRuleExpression(rule.if, variables));
}

/** Whether GitLab creates a pipeline at all for these variables (`workflow:rules`). */
export function workflowRuns(pipeline: CiPipeline, variables: CiVariables): boolean {
  if (pipeline.workflowRules === undefined) return true;
  const rule = firstMatch(pipeline.workflowRules, variables);
  return rule !== undefined && rule.when !== "never";
}

/** Whether the job is added to a pipeline with these variables (manual and delayed jobs count: someone can start them). */
export function jobRuns(job: CiJob, variables: CiVariables): boolean {
  if (job.rules === undefined) return job.when !== "never";
  const rule = firstMatch(job.rules, variables);
  return rule !== undefined && rule.when !== "never";
}
