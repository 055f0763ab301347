import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
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

  it("previews with the policy pack on merge requests only", () => {
    const preview = job("preview");
    expect(preview.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "merge_request_event"' }]);
    expect(preview.script[0]).toMatch(/^pulumi preview --stack "\$STACK" --policy-pack policies /);
  });

  it("deploys from the default branch; prod only after a manual, blocking approval in the production environment", () => {
    const dev = job("up:dev");
    const prod = job("up:prod");
    expect(dev.rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" }]);
    expect(dev.script.some((l) => l.startsWith("pulumi up --stack dev --policy-pack policies --yes"))).toBe(true);
    expect(prod.rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual" }]);
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
    expect(tenants.rules).toEqual([{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "manual" }]);
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

  it("keeps secrets out of CI variables: the Pulumi jobs read them from Vault with an ID token", () => {
    expect(secretLookingVariables(doc.variables)).toEqual([]);
    const pulumiJobs = doc[".pulumi"] as CiJobView;
    expect(pulumiJobs.id_tokens?.VAULT_ID_TOKEN?.aud).toBe(doc.variables.VAULT_SERVER_URL);
    for (const secret of Object.values(pulumiJobs.secrets ?? {})) expect(secret.token).toBe("$VAULT_ID_TOKEN");
    expect(Object.keys(pulumiJobs.secrets ?? {})).toContain("PULUMI_CONFIG_PASSPHRASE");
  });
});
