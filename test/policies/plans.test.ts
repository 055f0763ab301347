// The dev and prod plans evaluated with the guardrail pack, and the policy CLI over them.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PlanDocument, PolicyViolation } from "../../plan/plan-document";
import { EXIT_OK, EXIT_POLICY_VIOLATION, EXIT_USAGE, main } from "../../cli/policy";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";
import { guardrailById } from "../../policies/catalog";
import { configFile, registryHostOf } from "../../policies/generated-files";
import { examplePlan } from "../helpers/example-plans";
import { planResource } from "./harness";
import { goodPod } from "./fixtures";

const plans: Record<string, PlanDocument> = {};
const found: Record<string, PolicyViolation[]> = {};

beforeAll(async () => {
  for (const stack of ["dev", "prod"]) {
    plans[stack] = await examplePlan(stack);
    found[stack] = await evaluatePlanPolicies(plans[stack]);
  }
});

/**
 * What the platform plans violate today (policy -> resource names), reported to
 * the integrator. Anything not listed here is a regression; fixed entries can go.
 */
const KNOWN_FINDINGS: Record<string, Record<string, string[]>> = {
  // dev deliberately does not block pulls or require signatures (advisory there, mandatory in prod).
  dev: {
    "harbor-deployment-security": [
      "harbor-system-dockerhub-proxy",
      "harbor-system-ghcr-proxy",
      "harbor-system-quay-proxy",
      "payments-api-registry-project",
      "storefront-registry-project",
      "order-events-registry-project",
      "sales-report-registry-project",
    ],
    "harbor-cosign-enforced": [
      "payments-api-registry-project",
      "storefront-registry-project",
      "order-events-registry-project",
      "sales-report-registry-project",
    ],
  },
  prod: {},
};

describe.each(["dev", "prod"])("the %s plan", (stack) => {
  test("violates nothing beyond the known findings, each on a planned resource", () => {
    const urns = new Set(plans[stack]!.resources.map((r) => r.urn));
    for (const violation of found[stack]!) {
      expect(urns.has(violation.urn)).toBe(true);
      const name = violation.urn.split("::").pop()!;
      expect({ policy: violation.policy, name, known: KNOWN_FINDINGS[stack]?.[violation.policy]?.includes(name) ?? false }).toEqual({
        policy: violation.policy,
        name,
        known: true,
      });
    }
  });

  test("is what `npm run plan` records in the plan", () => {
    expect(plans[stack]!.policies.violations).toEqual(found[stack]);
  });

  test("uses the profile's enforcement levels", () => {
    for (const violation of found[stack]!)
      expect(violation.enforcementLevel).toBe(guardrailById(violation.policy).enforcement[stack as "dev" | "prod"]);
  });

  test("has the registry host the policy config names", () => {
    const config = JSON.parse(readFileSync(configFile(stack), "utf8")) as Parameters<typeof registryHostOf>[0];
    expect(registryHostOf(config)).toBe(plans[stack]!.outputs.registryHost);
  });
});

describe("npm run policy", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "policy-cli-"));
  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t) });
    return { code, stdout: out.join("\n"), stderr: err.join("\n") };
  };
  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
    return file;
  };

  test("fails a prod plan with injected bad resources, naming each broken guardrail", async () => {
    const plan = structuredClone(plans.prod!);
    const badPod = {
      ...goodPod(),
      spec: { containers: [{ name: "app", image: "docker.io/library/nginx:latest", securityContext: { privileged: true } }] },
    };
    plan.resources.push(
      planResource("kubernetes:core/v1:Pod", "bad-pod", badPod),
      planResource("kubernetes:helm.sh/v3:Release", "bad-release", {
        chart: "x",
        version: "^1.0.0",
        repositoryOpts: { repo: "https://charts.example.org" },
        values: { password: "hunter22" },
      }),
      planResource("kubernetes:core/v1:ConfigMap", "bad-config", { metadata: { name: "c" }, data: { DB_PASSWORD: "hunter22" } }),
      planResource("harbor:index/robotAccount:RobotAccount", "bad-robot", { name: "r", level: "system", permissions: [] }),
      planResource("kubernetes:core/v1:PersistentVolumeClaim", "bad-volume", {}),
      planResource("kubernetes:argoproj.io/v1alpha1:Application", "bad-app", {
        metadata: { name: "a" },
        spec: { project: "default", source: { repoURL: "https://git", targetRevision: "HEAD" } },
      }),
    );
    const result = await run(["--plan", write("bad.json", plan)]);
    expect(result.code).toBe(EXIT_POLICY_VIOLATION);
    for (const guardrail of [
      "no-privileged-containers",
      "no-privilege-escalation",
      "run-as-non-root",
      "resource-requests-limits",
      "probes-required",
      "image-tag-pinned",
      "images-from-platform-registry",
      "helm-chart-pinned",
      "helm-repository-allowed",
      "no-secrets-in-helm-values",
      "no-secrets-in-configmaps",
      "harbor-robot-least-privilege",
      "stateful-resources-protected",
      "argocd-no-default-project",
      "argocd-sources-pinned",
    ])
      expect(result.stdout).toContain(`[mandatory] ${guardrail}\n`);
    expect(result.stdout).toContain("fix:      Set securityContext.allowPrivilegeEscalation: false on every container.");
  });

  test("passes a plan without violations, and only advises in dev", async () => {
    const clean = {
      ...plans.prod!,
      // Without its projects, a robot would belong to no project: leave both out.
      resources: plans.prod!.resources.filter(
        (r) =>
          !r.type.startsWith("vault:index/policy") &&
          !["harbor:index/project:Project", "harbor:index/robotAccount:RobotAccount"].includes(r.type),
      ),
    };
    const cleanResult = await run(["--plan", write("clean.json", clean)]);
    expect(cleanResult.stdout).toContain("0 policy violations (0 mandatory)");
    expect(cleanResult.code).toBe(EXIT_OK);
    const devAdvisory = plans.dev!;
    const result = await run(["--plan", write("dev.json", devAdvisory)]);
    expect(result.code).toBe(EXIT_OK);
    expect(result.stdout).toContain("[advisory] harbor-deployment-security");
    expect((await run(["--plan", write("dev-as-prod.json", devAdvisory), "--profile", "prod"])).code).toBe(EXIT_POLICY_VIOLATION);
  });

  test.each([
    [[], "--plan is required"],
    [["--plan"], "argument missing"],
    [["--plan", "/nonexistent/plan.json"], "cannot read plan"],
    [["--plan", "PLACEHOLDER", "--profile", "qa"], "--profile must be one of dev, staging, prod"],
  ])("usage error %j", async (argv, message) => {
    const result = await run(argv.map((a) => (a === "PLACEHOLDER" ? write("p.json", plans.dev!) : a)));
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain(message);
  });

  test("rejects a file that is not a plan document", async () => {
    const result = await run(["--plan", write("not-a-plan.json", { resources: [{ urn: "x" }] })]);
    expect(result.code).toBe(EXIT_USAGE);
    expect(result.stderr).toContain("is not a plan document");
    expect((await run(["--plan", write("garbage.json", "{")])).code).toBe(EXIT_USAGE);
  });
});
