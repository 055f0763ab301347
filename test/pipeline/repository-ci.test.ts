import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PLATFORM_CI_PIPELINE_SOURCES, PLATFORM_CI_ROLE } from "../../components/platform/vault/platform-ci-access";
import { PLATFORM_CI_PATH } from "../../components/platform/vault/policies";
import { deploymentTarget } from "../../stacks/config/deployment-target";
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
const stackConfig = (stack: string) =>
  (parse(readFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> }).config ?? {};
const isTenant = (stack: string) => "delivery-platform:platformStack" in stackConfig(stack);
const tenantStacks = stacks.filter(isTenant);
/** Stacks CI deploys: their config reaches the cluster with a kubeconfig (stacks/config/deployment-target.ts). */
const ciStacks = stacks.filter(
  (stack) => deploymentTarget((stackConfig(stack)["delivery-platform:cluster"] ?? {}) as { kubeconfig?: unknown }) === "ci",
);
const ciPlatformStacks = ciStacks.filter((stack) => !isTenant(stack));
/** The second schedule: credential rotation. */
const ROTATION_SCHEDULE = {
  ...DEFAULT_BRANCH_SCHEDULE,
  name: "rotation schedule on protected branch main",
  variables: { ...DEFAULT_BRANCH_SCHEDULE.variables, PLATFORM_SCHEDULE: "rotate" },
};
const PROTECTED_DEFAULT_BRANCH = '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_COMMIT_REF_PROTECTED == "true"';
const NEVER_FROM_A_SCHEDULE = { if: '$CI_PIPELINE_SOURCE == "schedule"', when: "never" };
/** Stack and profile of each Pulumi job (`.stacks`), as the matrix lists them. */
const stackMatrix = (doc[".stacks"] as { parallel: { matrix: { STACK: string; PROFILE: string }[] } }).parallel.matrix;
const profileOf = (stack: string) => stackMatrix.find((entry) => entry.STACK === stack)!.PROFILE;
const matrixOf = (name: string) => (job(name).parallel?.matrix ?? []) as unknown as { STACK: string; PROFILE: string }[];
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
        ...ciStacks.map((s) => withProfile("preview", s)),
        ...ciStacks.map((s) => withProfile("drift", s)),
        ...ciStacks.map((s) => withProfile("rotate", s)),
        ...ciPlatformStacks.map((s) => withProfile("up:platform", s)),
        ...tenantStacks.map((s) => withProfile("up:tenants", s)),
      ].sort(),
    );
  });

  it("previews and deploys exactly the stacks whose config reaches a cluster CI can reach; a workstation's stack is only planned", async () => {
    for (const stack of stacks)
      expect({ stack, deployFrom: (await examplePlan(stack)).outputs.deployFrom }).toEqual({
        stack,
        deployFrom: ciStacks.includes(stack) ? "ci" : "workstation",
      });
    // dev is the k3d laptop stack (cluster.context, a *.127.0.0.1.nip.io domain): no runner reaches it.
    expect(ciStacks).not.toContain("dev");
    expect(ciStacks).toEqual(expect.arrayContaining(["prod", "prod-eu", "tenant-payments"]));
    expect(stackMatrix.map((e) => e.STACK).sort()).toEqual(ciStacks);
    expect(
      matrixOf("up:platform")
        .map((e) => e.STACK)
        .sort(),
    ).toEqual(ciPlatformStacks);
    expect(
      matrixOf("up:tenants")
        .map((e) => e.STACK)
        .sort(),
    ).toEqual(tenantStacks.filter((s) => ciStacks.includes(s)));
    const mentioned = content.match(/--stack (?!")\S+/g) ?? [];
    expect(mentioned).toEqual([]);
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
    for (const { STACK, PROFILE } of [...stackMatrix, ...matrixOf("up:platform"), ...matrixOf("up:tenants")]) {
      expect({ STACK, profile: (await examplePlan(STACK)).outputs.profile }).toEqual({ STACK, profile: PROFILE });
      expect(readdirSync(path.join(root, "policies/config"))).toContain(`${PROFILE}.json`);
    }
    const pulumiLines = Object.entries(doc)
      .filter(([name]) => !name.startsWith("."))
      .flatMap(([name, value]) => ((value as { script?: string[] }).script ?? []).map((line) => ({ name, line })))
      .filter(({ line }) => /(^|\s)pulumi (preview|up) /.test(line));
    expect(pulumiLines.length).toBeGreaterThanOrEqual(7);
    for (const { line } of pulumiLines) {
      expect(line).toContain('--stack "$STACK" ');
      expect(line).toContain('--policy-pack policies --policy-pack-config "policies/config/$PROFILE.json" ');
    }
  });

  it("detects drift from a schedule on the protected default branch: preview --refresh --expect-no-changes per stack, never a deploy", () => {
    const drift = job("drift");
    expect(drift.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_REF_PROTECTED == "true" && $PLATFORM_SCHEDULE != "rotate"' },
    ]);
    expect(drift.script).toContain(
      'pulumi preview --stack "$STACK" --refresh --expect-no-changes --policy-pack policies --policy-pack-config "policies/config/$PROFILE.json" --diff --non-interactive > "evidence/drift-$STACK.txt" 2>&1 || status=$?',
    );
    expect(drift.script.find((l) => l.startsWith("npm run -s drift --"))).toContain('--junit "evidence/drift-$STACK.junit.xml"');
    expect(drift.script.at(-1)).toBe('exit "$status"');
    expect(drift.artifacts?.reports).toEqual({ junit: "evidence/drift-$STACK.junit.xml" });
    const running = jobsRunningIn(content, DEFAULT_BRANCH_SCHEDULE);
    expect(running.filter((name) => name.startsWith("drift: ")).sort()).toEqual(ciStacks.map((s) => withProfile("drift", s)).sort());
    expect(running.filter((name) => /^(preview|up|rotate)/.test(name))).toEqual([]);
    expect(
      credentialedJobs(content, DEFAULT_BRANCH_SCHEDULE)
        .map((c) => c.job)
        .sort(),
    ).toEqual(ciStacks.map((s) => withProfile("drift", s)).sort());
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
    for (const up of ["up:platform", "up:tenants"]) expect((job(up) as { needs: string[] }).needs).toContain("preview");
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
        ...ciStacks.map((s) => withProfile("preview", s)),
        ...ciPlatformStacks.map((s) => withProfile("up:platform", s)),
        ...tenantStacks.map((s) => withProfile("up:tenants", s)),
      ].sort(),
    );
    for (const { credentials } of credentialed) expect(credentials).toContain("secrets.PULUMI_CONFIG_PASSPHRASE");
  });

  it("deploys platform stacks from the default branch only after a manual, blocking approval in a protected environment per stack", () => {
    const platform = job("up:platform") as ReturnType<typeof job> & { resource_group?: string };
    expect(platform.rules).toEqual([NEVER_FROM_A_SCHEDULE, { if: PROTECTED_DEFAULT_BRANCH, when: "manual" }]);
    expect(platform.allow_failure).toBe(false);
    expect(platform.environment).toEqual({ name: "platform/$STACK", deployment_tier: "production" });
    expect(platform.resource_group).toBe("pulumi-$STACK");
    const up = platform.script.findIndex((l) => l.startsWith('pulumi up --stack "$STACK" --policy-pack policies'));
    const preview = platform.script.findIndex((l) => l.startsWith('pulumi preview --stack "$STACK" --policy-pack policies'));
    expect(preview).toBeGreaterThanOrEqual(0);
    expect(up).toBeGreaterThan(preview);
    expect(platform.script[up]).toContain(" --yes ");
  });

  it("rotates credentials from a second schedule: the last deployed commit, the rotation clocks and their dependents only", () => {
    const rotate = job("rotate") as ReturnType<typeof job> & { resource_group?: string; variables?: Record<string, unknown> };
    expect(rotate.rules).toEqual([
      { if: '$CI_PIPELINE_SOURCE == "schedule" && $CI_COMMIT_REF_PROTECTED == "true" && $PLATFORM_SCHEDULE == "rotate"' },
    ]);
    // Besides the credential-free checks (lint, test, plan), only the rotation: no drift check, preview or approved-only up.
    expect(
      jobsRunningIn(content, ROTATION_SCHEDULE)
        .filter((name) => /^(preview|up|drift|rotate)/.test(name))
        .sort(),
    ).toEqual(ciStacks.map((s) => withProfile("rotate", s)).sort());
    expect(
      credentialedJobs(content, ROTATION_SCHEDULE)
        .map((c) => c.job)
        .sort(),
    ).toEqual(ciStacks.map((s) => withProfile("rotate", s)).sort());
    for (const pipeline of [DEFAULT_BRANCH_PIPELINE, ...UNTRUSTED_PIPELINES])
      expect(jobsRunningIn(content, pipeline).filter((n) => n.startsWith("rotate"))).toEqual([]);
    // One deploy per stack at a time, with the full history to find the deployed commit in.
    expect(rotate.resource_group).toBe("pulumi-$STACK");
    expect(rotate.variables?.GIT_DEPTH).toBe(0);
    const script = rotate.script;
    const at = (pattern: RegExp) => {
      const index = script.findIndex((line) => pattern.test(line));
      expect({ pattern: String(pattern), found: index >= 0 }).toEqual({ pattern: String(pattern), found: true });
      return index;
    };
    const history = at(/^pulumi stack history --stack "\$STACK" --json > /);
    const rotation = at(/^commit=\$\(npm run -s rotation -- --history /);
    const skip = at(/^if \[ -z "\$commit" \]; then exit 0; fi$/);
    const ancestor = at(/^git merge-base --is-ancestor "\$commit" HEAD \|\| \{/);
    const checkout = at(/^git checkout --detach "\$commit"$/);
    const install = script.findIndex((line, i) => i > checkout && line.startsWith("npm ci"));
    const preview = at(/^xargs -a "evidence\/rotation-targets-\$STACK.txt" pulumi preview --stack "\$STACK" --target-dependents /);
    const up = at(/^xargs -a "evidence\/rotation-targets-\$STACK.txt" pulumi up --stack "\$STACK" --target-dependents .* --yes /);
    expect([history, rotation, skip, ancestor, checkout, install, preview, up]).toEqual(
      [history, rotation, skip, ancestor, checkout, install, preview, up].slice().sort((a, b) => a - b),
    );
    expect(install).toBeGreaterThan(checkout);
    // No untargeted up: every pulumi up in the job goes through the targets file.
    expect(script.filter((line) => /pulumi up /.test(line) && !line.includes("rotation-targets"))).toEqual([]);
    const scripts = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.rotation).toBe("tsx cli/rotation.ts");
  });

  it("deploys every tenant stack after the platform, with an approval, one resource group per stack", () => {
    expect(tenantStacks).toContain("tenant-payments");
    const tenants = job("up:tenants") as ReturnType<typeof job> & { needs: string[]; resource_group: string };
    expect((tenants.parallel?.matrix as unknown as { STACK: string }[]).map((e) => e.STACK).sort()).toEqual(tenantStacks);
    expect(tenants.needs).toEqual(expect.arrayContaining(["plan", "up:platform"]));
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
