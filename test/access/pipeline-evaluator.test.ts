// The in-process evaluator of `rules:` against gitlab-ci-local on the example apps' pipelines:
// for every ref class, the jobs GitLab adds must be the jobs the access graph thinks run.
import { readFileSync } from "node:fs";
import { jobRuns, parsePipeline, workflowRuns } from "../../access/ci/pipeline";
import { REF_CLASSES } from "../../policies/crossguard/gitlab-ref-classes";
import { examplePlan } from "../helpers/example-plans";
import { gitlabCiLocal } from "../pipeline/pipeline-fixtures";

/** Variables gitlab-ci-local would otherwise take from its fallback git data. */
const REF_VARIABLES = [
  "CI_COMMIT_BRANCH",
  "CI_COMMIT_TAG",
  "CI_OPEN_MERGE_REQUESTS",
  "CI_MERGE_REQUEST_IID",
  "CI_MERGE_REQUEST_SOURCE_PROJECT_ID",
];

function listedRuns(content: string, variables: Record<string, string | undefined>): Map<string, boolean> {
  const args = ["--list-json"];
  for (const [key, value] of Object.entries(variables)) if (value !== undefined) args.push("--variable", `${key}=${value}`);
  for (const key of REF_VARIABLES) if (variables[key] === undefined) args.push("--unset-variable", key);
  const result = gitlabCiLocal(content, args);
  expect(result.status).toBe(0);
  // gitlab-ci-local warns about the predefined variables we set, on a line of its own that also starts with '['.
  const listed = JSON.parse(result.stdout.slice(result.stdout.search(/^\[\s*$/m))) as { name: string; when: string }[];
  return new Map(listed.map((job) => [job.name, job.when !== "never"]));
}

describe("which jobs run for which ref: the evaluator agrees with gitlab-ci-local", () => {
  it.each(["prod", "dev"])(
    "%s stack: every app pipeline, every ref class",
    async (stack) => {
      const plan = await examplePlan(stack);
      const files = plan.resources.filter(
        (r) => r.type === "gitlab:index/repositoryFile:RepositoryFile" && r.inputs.filePath === ".gitlab-ci.yml",
      );
      expect(files.length).toBeGreaterThan(0);
      // One app per stack keeps the run short; all apps share the template, the variants differ in environments.
      const content = files[0]!.inputs.content as string;
      const pipeline = parsePipeline(content);
      for (const facts of REF_CLASSES) {
        const variables = facts.variables("main");
        const expected = listedRuns(content, variables);
        const ours = new Map(pipeline.jobs.map((job) => [job.name, jobRuns(job, variables)]));
        expect({ refClass: facts.refClass, jobs: Object.fromEntries(ours) }).toEqual({
          refClass: facts.refClass,
          jobs: Object.fromEntries(expected),
        });
      }
    },
    120_000,
  );

  it("workflow:rules: merge requests and the default branch run, a branch with an open merge request and a tag do not", async () => {
    const plan = await examplePlan("prod");
    const content = plan.resources.find((r) => r.inputs.filePath === ".gitlab-ci.yml")!.inputs.content as string;
    const pipeline = parsePipeline(content);
    const runs = Object.fromEntries(REF_CLASSES.map((c) => [c.refClass, workflowRuns(pipeline, c.variables("main"))]));
    expect(runs).toEqual({
      "merge-request": true,
      "fork-merge-request": true,
      "unprotected-branch": false,
      "protected-branch": false,
      "default-branch": true,
      tag: false,
    });
    expect(workflowRuns(pipeline, { ...REF_CLASSES[2]!.variables("main"), CI_OPEN_MERGE_REQUESTS: "group/app!1" })).toBe(false);
  });

  it("reads each job's Vault identity: VAULT_AUTH_ROLE for secrets:, role= of a vault login, and what code it runs", async () => {
    const plan = await examplePlan("prod");
    const content = plan.resources.find(
      (r) => r.inputs.filePath === ".gitlab-ci.yml" && (r.inputs.content as string).includes("App: ledger"),
    )!.inputs.content as string;
    const jobs = Object.fromEntries(parsePipeline(content).jobs.map((j) => [j.name, j]));
    expect(jobs.build).toMatchObject({ vaultRoles: ["ci.payments.ledger.build"], checksOutRepository: true, installsAtRuntime: false });
    expect(jobs.sign).toMatchObject({ vaultRoles: ["ci.payments.ledger.sign"], checksOutRepository: false, installsAtRuntime: false });
    expect(jobs["attach-signature"]).toMatchObject({ vaultRoles: ["ci.payments.ledger.build"], installsAtRuntime: false });
    expect(jobs["deploy:prod"]).toMatchObject({ vaultRoles: ["ci.payments.ledger.deploy"], installsAtRuntime: false });
    expect(jobs.test).toMatchObject({ vaultRoles: [], checksOutRepository: true });
    expect(jobs["deploy:prod"]?.environment).toEqual({ name: "prod", tier: "production" });
  });

  it("a vault login naming the role through VAULT_AUTH_ROLE, in either spelling, is that role", () => {
    const pipeline = (line: string) =>
      parsePipeline(
        `variables: { VAULT_AUTH_ROLE: ci.t.a }\nsign:\n  variables: { VAULT_AUTH_ROLE: ci.t.a.sign }\n  script: ['${line}']\n`,
      );
    expect(pipeline('vault write auth/jwt/login role="$VAULT_AUTH_ROLE" jwt=x').jobs[0]?.vaultRoles).toEqual(["ci.t.a.sign"]);
    expect(pipeline("vault write auth/jwt/login role=${VAULT_AUTH_ROLE} jwt=x").jobs[0]?.vaultRoles).toEqual(["ci.t.a.sign"]);
    expect(pipeline("vault write auth/jwt/login role=ci.other jwt=x").jobs[0]?.vaultRoles).toEqual(["ci.other"]);
  });

  it("the platform repository's pipeline: extends merges .pulumi, so preview logs into ci.platform, on the default branch only", () => {
    const pipeline = parsePipeline(readFileSync(`${__dirname}/../../.gitlab-ci.yml`, "utf8"));
    const preview = pipeline.jobs.find((j) => j.name === "preview")!;
    expect(preview.vaultRoles).toEqual(["ci.platform"]);
    expect(preview.secretPaths).toContain("platform/ci/pulumi/passphrase@secret");
    // REF_CLASSES[0] is a merge request: preview no longer runs there.
    expect(jobRuns(preview, REF_CLASSES[0]!.variables("main"))).toBe(false);
  });
});
