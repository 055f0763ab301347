import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PLATFORM_CI_ROLE } from "../../components/platform/vault/platform-ci-access";
import { PLATFORM_CI_PATH } from "../../components/platform/vault/policies";
import { credentialedJobs, DEFAULT_BRANCH_PIPELINE, jobsRunningIn, UNTRUSTED_PIPELINES } from "./pipeline-credentials";
import { type CiJobView, gitlabCiLocal, listedJobs, secretLookingVariables } from "./pipeline-fixtures";

const root = path.resolve(__dirname, "../..");
const content = readFileSync(path.join(root, ".gitlab-ci.yml"), "utf8");
const doc = parse(content) as Record<string, unknown> & { variables: Record<string, string> };
const job = (name: string) => doc[name] as CiJobView & { parallel?: { matrix: { STACK: string[] }[] }; extends?: string };
const stacks = readdirSync(path.join(root, "stacks"))
  .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
  .filter((s): s is string => s !== undefined)
  .sort();
const isTenant = (stack: string) =>
  "delivery-platform:platformStack" in
  ((parse(readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> }).config ?? {});
const tenantStacks = stacks.filter(isTenant);
const PROTECTED_DEFAULT_BRANCH = '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_REF_PROTECTED == "true"';

/**
 * The repository's pipeline as it was (cut down to what the leak needs): the merge-request
 * preview extends the credentialed .pulumi template, and the Vault settings are global.
 */
const MR_PREVIEW_AS_IT_WAS = `
variables:
  VAULT_SERVER_URL: https://vault.platform.example.com
  VAULT_AUTH_PATH: jwt-gitlab
  VAULT_AUTH_ROLE: ci.platform
plan:
  script: [npm run -s plan -- --stack prod --json plan.json]
.pulumi:
  id_tokens:
    VAULT_ID_TOKEN:
      aud: https://vault.platform.example.com
  secrets:
    PULUMI_CONFIG_PASSPHRASE:
      vault: platform/ci/pulumi/passphrase@secret
      file: false
      token: $VAULT_ID_TOKEN
preview:
  extends: .pulumi
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"
  script: [pulumi preview --stack prod --policy-pack policies]
`;

describe("the platform repository's .gitlab-ci.yml", () => {
  it("passes gitlab-ci-local's schema validation and lists lint, test, a plan per stack and the deploys", () => {
    const result = gitlabCiLocal(content);
    expect(result.status).toBe(0);
    expect(listedJobs(result).sort()).toEqual(
      [
        "lint",
        "test",
        ...stacks.map((s) => `plan: [${s}]`),
        ...stacks.map((s) => `preview: [${s}]`),
        "up:dev",
        "up:prod",
        ...tenantStacks.map((s) => `up:tenants: [${s}]`),
      ].sort(),
    );
  });

  it("plans every stack in stacks/ offline and keeps the plans as evidence; a policy violation fails the job", () => {
    const plan = job("plan");
    expect(plan.parallel?.matrix[0]?.STACK.slice().sort()).toEqual(stacks);
    expect(plan.script).toContain('npm run -s plan -- --stack "$STACK" --json "plan-output/$STACK.json" --out "plan-output/$STACK"');
    // No `|| true`, no allow_failure: exit code 1 (mandatory policy) or 2 (config) fails the pipeline.
    expect(plan.script.join("\n")).not.toMatch(/\|\|\s*true/);
    expect(plan.allow_failure).toBeUndefined();
    expect(plan.artifacts?.paths).toEqual(["plan-output/"]);
  });

  it("previews with the policy pack and real credentials on the protected default branch only, before every up", () => {
    const preview = job("preview");
    expect(preview.rules).toEqual([{ if: PROTECTED_DEFAULT_BRANCH }]);
    expect(preview.script[0]).toMatch(/^pulumi preview --stack "\$STACK" --policy-pack policies /);
    for (const up of ["up:dev", "up:prod", "up:tenants"]) expect((job(up) as { needs: string[] }).needs).toContain("preview");
  });

  it("flags the credentialed merge-request preview of the pipeline as it was", () => {
    const leaks = credentialedJobs(MR_PREVIEW_AS_IT_WAS, UNTRUSTED_PIPELINES[0]!);
    expect(leaks).toEqual([
      { job: "plan", credentials: ["variables.VAULT_SERVER_URL", "variables.VAULT_AUTH_PATH", "variables.VAULT_AUTH_ROLE"] },
      {
        job: "preview",
        credentials: [
          "secrets.PULUMI_CONFIG_PASSPHRASE",
          "id_tokens.VAULT_ID_TOKEN",
          "variables.VAULT_SERVER_URL",
          "variables.VAULT_AUTH_PATH",
          "variables.VAULT_AUTH_ROLE",
        ],
      },
    ]);
  });

  it.each(UNTRUSTED_PIPELINES.map((p) => [p.name, p] as const))(
    "gives a %s no secrets, ID tokens or Vault settings in any job that runs",
    (_name, pipeline) => {
      expect(credentialedJobs(content, pipeline)).toEqual([]);
    },
  );

  it("runs only lint, test and the offline plan with its policy gate for merge requests", () => {
    for (const pipeline of UNTRUSTED_PIPELINES.filter((p) => p.variables.CI_PIPELINE_SOURCE === "merge_request_event"))
      expect(jobsRunningIn(content, pipeline).sort()).toEqual(["lint", "test", ...stacks.map((s) => `plan: [${s}]`)].sort());
  });

  it("holds credentials on the protected default branch in the preview and up jobs only", () => {
    const credentialed = credentialedJobs(content, DEFAULT_BRANCH_PIPELINE);
    expect(credentialed.map((c) => c.job).sort()).toEqual(
      [...stacks.map((s) => `preview: [${s}]`), "up:dev", "up:prod", ...tenantStacks.map((s) => `up:tenants: [${s}]`)].sort(),
    );
    for (const { credentials } of credentialed) expect(credentials).toContain("secrets.PULUMI_CONFIG_PASSPHRASE");
  });

  it("deploys from the default branch; prod only after a manual, blocking approval in the production environment", () => {
    const dev = job("up:dev");
    const prod = job("up:prod");
    expect(dev.rules).toEqual([{ if: PROTECTED_DEFAULT_BRANCH }]);
    expect(dev.script.some((l) => l.startsWith("pulumi up --stack dev --policy-pack policies --yes"))).toBe(true);
    expect(prod.rules).toEqual([{ if: PROTECTED_DEFAULT_BRANCH, when: "manual" }]);
    expect(prod.allow_failure).toBe(false);
    expect(prod.environment).toEqual({ name: "production", deployment_tier: "production" });
    expect(prod.script.some((l) => l.startsWith("pulumi up --stack prod --policy-pack policies --yes"))).toBe(true);
    for (const j of [dev, prod]) expect((j as { resource_group?: string }).resource_group).toMatch(/^pulumi-/);
  });

  it("deploys every tenant stack after the platform, with an approval, one resource group per stack", () => {
    expect(tenantStacks).toContain("tenant-payments");
    const tenants = job("up:tenants") as ReturnType<typeof job> & { needs: string[]; resource_group: string };
    expect(tenants.parallel?.matrix[0]?.STACK.slice().sort()).toEqual(tenantStacks);
    expect(tenants.needs).toEqual(expect.arrayContaining(["plan", "up:dev", "up:prod"]));
    expect(tenants.rules).toEqual([{ if: PROTECTED_DEFAULT_BRANCH, when: "manual" }]);
    expect(tenants.allow_failure).toBe(false);
    expect(tenants.resource_group).toBe("pulumi-$STACK");
    expect(tenants.script.some((l) => l.startsWith('pulumi up --stack "$STACK" --policy-pack policies --yes'))).toBe(true);
  });

  it("pins Node 24 and the Pulumi CLI exactly, in step with the repository", () => {
    const nodeMajor = readFileSync(path.join(root, ".nvmrc"), "utf8").trim();
    const ciNode = /NODE_VERSION=(\S+)/.exec(readFileSync(path.join(root, ".ci/run"), "utf8"))?.[1];
    expect(doc.variables.NODE_IMAGE).toBe(`$PROXY_CACHE/library/node:${ciNode}-bookworm-slim`);
    expect(ciNode?.split(".")[0]).toBe(nodeMajor);
    const sdk = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> })
      .dependencies["@pulumi/pulumi"];
    expect(doc.variables.PULUMI_IMAGE).toBe(`$PROXY_CACHE/pulumi/pulumi-nodejs-${nodeMajor}:${sdk}`);
  });

  it("keeps secrets out of CI variables: the Pulumi jobs read them from Vault's platform CI folder with an ID token", () => {
    expect(secretLookingVariables(doc.variables)).toEqual([]);
    const pulumiJobs = doc[".pulumi"] as CiJobView & { variables: Record<string, string> };
    expect(Object.keys(doc.variables).filter((name) => name.startsWith("VAULT_"))).toEqual([]);
    expect(pulumiJobs.id_tokens?.VAULT_ID_TOKEN?.aud).toBe(pulumiJobs.variables.VAULT_SERVER_URL);
    // The role the Vault component creates for this repository (and nothing else reads platform/ci/).
    expect(pulumiJobs.variables.VAULT_AUTH_ROLE).toBe(PLATFORM_CI_ROLE);
    for (const secret of Object.values(pulumiJobs.secrets ?? {})) {
      expect(secret.token).toBe("$VAULT_ID_TOKEN");
      expect(secret.vault).toMatch(new RegExp(`^${PLATFORM_CI_PATH}/[^@]+@secret$`));
    }
    expect(Object.keys(pulumiJobs.secrets ?? {})).toContain("PULUMI_CONFIG_PASSPHRASE");
  });
});
