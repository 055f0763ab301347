import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PLATFORM_CI_PIPELINE_SOURCES, PLATFORM_CI_ROLE } from "../../components/platform/vault/platform-ci-access";
import { PLATFORM_CI_PATH } from "../../components/platform/vault/policies";
import { examplePlan } from "../helpers/example-plans";
import {
  credentialedJobs,
  DEFAULT_BRANCH_PIPELINE,
  DEFAULT_BRANCH_SCHEDULE,
  jobsRunningIn,
  UNTRUSTED_PIPELINES,
} from "./pipeline-credentials";
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
const NEVER_FROM_A_SCHEDULE = { if: '$CI_PIPELINE_SOURCE == "schedule"', when: "never" };
/** Stack and profile of each Pulumi job (`.stacks`), as the matrix lists them. */
const stackMatrix = (doc[".stacks"] as { parallel: { matrix: { STACK: string; PROFILE: string }[] } }).parallel.matrix;
const profileOf = (stack: string) => stackMatrix.find((entry) => entry.STACK === stack)!.PROFILE;
const withProfile = (job: string, stack: string) => `${job}: [${stack},${profileOf(stack)}]`;

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
        "renovate-config",
        ...stacks.map((s) => withProfile("preview", s)),
        ...stacks.map((s) => withProfile("drift", s)),
        "up:dev",
        "up:prod",
        ...tenantStacks.map((s) => withProfile("up:tenants", s)),
      ].sort(),
    );
  });

  it("plans every stack in stacks/ offline and keeps the plans as evidence; a policy violation fails the job", () => {
    const plan = job("plan");
    expect(plan.parallel?.matrix[0]?.STACK.slice().sort()).toEqual(stacks);
    expect(plan.script).toContain(
      'npm run -s plan -- --stack "$STACK" --json "plan-output/$STACK.json" --out "plan-output/$STACK" "$@" || status=$?',
    );
    // The exit code of the plan is the job's, once the reports are written: 1 (mandatory policy) or 2 (config) fails it.
    expect(plan.script.indexOf("status=0")).toBeLessThan(plan.script.findIndex((l) => l.startsWith("npm run -s plan ")));
    expect(plan.script.at(-1)).toBe('exit "$status"');
    expect(plan.script.join("\n")).not.toMatch(/\|\|\s*true/);
    expect(plan.allow_failure).toBeUndefined();
    expect(plan.artifacts?.paths).toEqual(["plan-output/"]);
  });

  it("compares a merge request's plan with the offline plan of its target branch, built from a worktree of that branch", () => {
    const script = job("plan").script.join("\n");
    expect(script).toContain('git fetch --depth=1 origin "$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"');
    expect(script).toContain("git worktree add --detach /tmp/baseline FETCH_HEAD");
    expect(script).toContain('npm run -s plan -- --stack "$STACK" --json "$CI_PROJECT_DIR/plan-output/$STACK.baseline.json"');
    expect(script).toContain('set -- --compare "plan-output/$STACK.baseline.json"');
    // Only a merge request has a target branch; elsewhere, and for a stack the target lacks, no baseline.
    expect(script).toMatch(/if \[ "\$CI_PIPELINE_SOURCE" = "merge_request_event" \]; then git fetch/);
    expect(script).toMatch(/\|\| echo "no baseline: /);
    // git is in the full Debian image of the same Node release (the -slim one has none).
    expect(doc.variables.PLAN_IMAGE).toBe(doc.variables.NODE_IMAGE?.replace(/-slim$/, ""));
    expect(job("plan").image).toBe("$PLAN_IMAGE");
  });

  it("publishes the plan as a Markdown summary, a JUnit report and a Code Quality report", () => {
    const plan = job("plan");
    const review = plan.script.find((line) => line.includes("npm run -s review --"))!;
    expect(review).toContain('--plan "plan-output/$STACK.json" --markdown "plan-output/$STACK.md"');
    expect(review).toContain('--junit "plan-output/$STACK.junit.xml" --codequality "plan-output/$STACK.codequality.json"');
    expect(plan.artifacts?.reports).toEqual({ junit: "plan-output/$STACK.junit.xml", codequality: "plan-output/$STACK.codequality.json" });
    expect(plan.artifacts?.when).toBe("always");
    const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.review).toBe("tsx cli/review.ts");
  });

  it("passes each stack's profile config to every pulumi preview and up: the profile the offline plan reports", async () => {
    expect(stackMatrix.map((entry) => entry.STACK).sort()).toEqual(stacks);
    for (const { STACK, PROFILE } of stackMatrix) {
      expect((await examplePlan(STACK)).outputs.profile).toBe(PROFILE);
      expect(readdirSync(path.join(root, "policies/config"))).toContain(`${PROFILE}.json`);
    }
    const literal = { "up:dev": "dev", "up:prod": "prod" } as Record<string, string>;
    const pulumiLines = Object.entries(doc)
      .filter(([name]) => !name.startsWith("."))
      .flatMap(([name, value]) => ((value as { script?: string[] }).script ?? []).map((line) => ({ name, line })))
      .filter(({ line }) => /^pulumi (preview|up) /.test(line));
    expect(pulumiLines.length).toBeGreaterThanOrEqual(7);
    for (const { name, line } of pulumiLines) {
      const config = literal[name] === undefined ? '"policies/config/$PROFILE.json"' : `policies/config/${literal[name]}.json`;
      expect(line).toContain(`--policy-pack policies --policy-pack-config ${config} `);
      if (literal[name] !== undefined) expect(line).toContain(`--stack ${literal[name]} `);
    }
    expect((job("up:tenants").parallel?.matrix as unknown as { STACK: string; PROFILE: string }[]).map((e) => e.PROFILE)).toEqual(
      tenantStacks.map(profileOf),
    );
  });

  it("detects drift from a schedule on the protected default branch: preview --refresh --expect-no-changes per stack, never a deploy", () => {
    const drift = job("drift");
    expect(drift.rules).toEqual([{ if: '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_REF_PROTECTED == "true"' }]);
    expect(drift.script).toContain(
      'pulumi preview --stack "$STACK" --refresh --expect-no-changes --policy-pack policies --policy-pack-config "policies/config/$PROFILE.json" --diff --non-interactive > "evidence/drift-$STACK.txt" 2>&1 || status=$?',
    );
    expect(drift.script.find((l) => l.startsWith("npm run -s drift --"))).toContain('--junit "evidence/drift-$STACK.junit.xml"');
    expect(drift.script.at(-1)).toBe('exit "$status"');
    expect(drift.artifacts?.reports).toEqual({ junit: "evidence/drift-$STACK.junit.xml" });
    const running = jobsRunningIn(content, DEFAULT_BRANCH_SCHEDULE);
    expect(running.filter((name) => name.startsWith("drift: ")).sort()).toEqual(stacks.map((s) => withProfile("drift", s)).sort());
    expect(running.filter((name) => /^(preview|up)/.test(name))).toEqual([]);
    expect(
      credentialedJobs(content, DEFAULT_BRANCH_SCHEDULE)
        .map((c) => c.job)
        .sort(),
    ).toEqual(stacks.map((s) => withProfile("drift", s)).sort());
    // Vault's role admits the schedule's token (the same protected default branch as push).
    expect(PLATFORM_CI_PIPELINE_SOURCES).toContain("schedule");
  });

  it("needs no secret variable in a merge request: every variable its jobs read is predefined and no credential, or set in this file", () => {
    const CREDENTIALS =
      /^(CI_JOB_TOKEN|CI_JOB_JWT.*|CI_REGISTRY_PASSWORD|CI_DEPLOY_PASSWORD|CI_DEPENDENCY_PROXY_PASSWORD|CI_REPOSITORY_URL)$/;
    const defaults = doc.default as { before_script?: string[]; image?: string };
    for (const pipeline of UNTRUSTED_PIPELINES.filter((p) => p.variables.CI_PIPELINE_SOURCE === "merge_request_event")) {
      for (const listed of jobsRunningIn(content, pipeline)) {
        const definition = job(listed.replace(/: \[.*\]$/, "")) as ReturnType<typeof job> & {
          image?: string;
          variables?: Record<string, string>;
        };
        const text = [
          ...(definition.before_script ?? defaults.before_script ?? []),
          ...definition.script,
          definition.image ?? defaults.image ?? "",
          JSON.stringify(definition.artifacts ?? {}),
        ].join("\n");
        const assigned = new Set([...text.matchAll(/(?:^|[\s;(])([A-Za-z_][A-Za-z0-9_]*)=/g)].map((m) => m[1]!));
        const matrix = new Set((definition.parallel?.matrix ?? []).flatMap((entry) => Object.keys(entry)));
        const defined = new Set([...Object.keys(doc.variables), ...Object.keys(definition.variables ?? {}), ...matrix, ...assigned]);
        const referenced = new Set([...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
        const undefinedHere = [...referenced].filter((name) => !defined.has(name) && !/^(CI|GITLAB)_/.test(name));
        expect({ job: listed, undefinedHere, credentials: [...referenced].filter((n) => CREDENTIALS.test(n)) }).toEqual({
          job: listed,
          undefinedHere: [],
          credentials: [],
        });
        expect(definition).not.toHaveProperty("secrets");
        expect(definition).not.toHaveProperty("id_tokens");
        expect(secretLookingVariables(definition.variables)).toEqual([]);
      }
    }
    expect(secretLookingVariables(doc.variables)).toEqual([]);
  });

  it("previews with the policy pack and real credentials on the protected default branch only, before every up", () => {
    const preview = job("preview");
    expect(preview.rules).toEqual([NEVER_FROM_A_SCHEDULE, { if: PROTECTED_DEFAULT_BRANCH }]);
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

  it("runs only lint, test, the offline plan with its policy gate and the Renovate config check for merge requests", () => {
    for (const pipeline of UNTRUSTED_PIPELINES.filter((p) => p.variables.CI_PIPELINE_SOURCE === "merge_request_event"))
      expect(jobsRunningIn(content, pipeline).sort()).toEqual(
        ["lint", "test", ...stacks.map((s) => `plan: [${s}]`), "renovate-config"].sort(),
      );
  });

  it("holds credentials on the protected default branch in the preview and up jobs only", () => {
    const credentialed = credentialedJobs(content, DEFAULT_BRANCH_PIPELINE);
    expect(credentialed.map((c) => c.job).sort()).toEqual(
      [
        ...stacks.map((s) => withProfile("preview", s)),
        "up:dev",
        "up:prod",
        ...tenantStacks.map((s) => withProfile("up:tenants", s)),
      ].sort(),
    );
    for (const { credentials } of credentialed) expect(credentials).toContain("secrets.PULUMI_CONFIG_PASSPHRASE");
  });

  it("deploys from the default branch; prod only after a manual, blocking approval in the production environment", () => {
    const dev = job("up:dev");
    const prod = job("up:prod");
    expect(dev.rules).toEqual([NEVER_FROM_A_SCHEDULE, { if: PROTECTED_DEFAULT_BRANCH }]);
    expect(
      dev.script.some((l) =>
        l.startsWith("pulumi up --stack dev --policy-pack policies --policy-pack-config policies/config/dev.json --yes"),
      ),
    ).toBe(true);
    expect(prod.rules).toEqual([NEVER_FROM_A_SCHEDULE, { if: PROTECTED_DEFAULT_BRANCH, when: "manual" }]);
    expect(prod.allow_failure).toBe(false);
    expect(prod.environment).toEqual({ name: "production", deployment_tier: "production" });
    expect(
      prod.script.some((l) =>
        l.startsWith("pulumi up --stack prod --policy-pack policies --policy-pack-config policies/config/prod.json --yes"),
      ),
    ).toBe(true);
    for (const j of [dev, prod]) expect((j as { resource_group?: string }).resource_group).toMatch(/^pulumi-/);
  });

  it("deploys every tenant stack after the platform, with an approval, one resource group per stack", () => {
    expect(tenantStacks).toContain("tenant-payments");
    const tenants = job("up:tenants") as ReturnType<typeof job> & { needs: string[]; resource_group: string };
    expect((tenants.parallel?.matrix as unknown as { STACK: string }[]).map((e) => e.STACK).sort()).toEqual(tenantStacks);
    expect(tenants.needs).toEqual(expect.arrayContaining(["plan", "up:dev", "up:prod"]));
    expect(tenants.rules).toEqual([NEVER_FROM_A_SCHEDULE, { if: PROTECTED_DEFAULT_BRANCH, when: "manual" }]);
    expect(tenants.allow_failure).toBe(false);
    expect(tenants.resource_group).toBe("pulumi-$STACK");
    expect(
      tenants.script.some((l) =>
        l.startsWith('pulumi up --stack "$STACK" --policy-pack policies --policy-pack-config "policies/config/$PROFILE.json" --yes'),
      ),
    ).toBe(true);
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
