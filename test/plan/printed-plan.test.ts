// What `npm run plan` prints besides the tree, like `pulumi preview` with a policy pack: every
// violation (level, guardrail, resource, problem, fix) and the stack outputs, secrets as [secret].
import * as pulumi from "@pulumi/pulumi";
import { renderStackOutputs } from "../../plan/print-stack-outputs";
import { planProgram } from "../../plan/run-offline-plan";
import { guardrailById } from "../../policies/catalog";
import { exampleRun, examplePlan } from "../helpers/example-plans";
import { devConfig, runPlanCli, writeStacks } from "../helpers/temp-stacks";

describe("the printed plan", () => {
  it("names the guardrail, the resource and the fix of a mandatory violation, and exits 1", async () => {
    const config = devConfig();
    config["delivery-platform:services"] = { argocd: { values: { configs: { secret: { argocdServerAdminPassword: "hunter22" } } } } };
    const run = await runPlanCli(["--stack", "leaky", "--stacks-dir", writeStacks({ leaky: { config } })]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^Policy violations: \d+ \(1 mandatory\), with the dev profile's enforcement levels$/m);
    expect(run.stdout).toContain(
      [
        "[mandatory] no-secrets-in-helm-values",
        "  resource: argocd-release (kubernetes:helm.sh/v3:Release)",
        "            urn:pulumi:leaky::delivery-platform::delivery-platform:platform:Platform$delivery-platform:platform:ArgoCd$kubernetes:helm.sh/v3:Release::argocd-release",
        "  problem:  release 'argocd' has a secret-looking value at values.configs.secret.argocdServerAdminPassword",
        `  fix:      ${guardrailById("no-secrets-in-helm-values").fix}`,
      ].join("\n"),
    );
    // Mandatory first: the first violation printed is the one that fails the plan.
    expect(run.stdout.indexOf("[mandatory]")).toBeLessThan(run.stdout.indexOf("[advisory]"));
    expect(run.stdout).not.toContain("hunter22");
    expect(run.stderr).toBe("stack 'leaky': 1 mandatory policy violations (listed above): the plan fails (exit 1)");
  });

  it("lists every advisory violation of the dev example with its fix, not only a count", async () => {
    const [run, plan] = await Promise.all([exampleRun("dev"), examplePlan("dev")]);
    expect(plan.policies.violations.length).toBeGreaterThan(0);
    for (const violation of plan.policies.violations) {
      const resource = plan.resources.find((r) => r.urn === violation.urn)!;
      expect(run.stdout).toContain(
        [
          `[${violation.enforcementLevel}] ${violation.policy}`,
          `  resource: ${resource.name} (${resource.type})`,
          `            ${violation.urn}`,
          `  problem:  ${violation.message}`,
          `  fix:      ${guardrailById(violation.policy).fix}`,
        ].join("\n"),
      );
    }
    expect(run.stdout).toContain(`Policy violations: ${plan.policies.violations.length} (0 mandatory)`);
  });

  it("prints the stack outputs", async () => {
    const run = await exampleRun("dev");
    const outputs = run.stdout.slice(run.stdout.indexOf("\nOutputs:\n"));
    expect(outputs).toContain('\n    profile: "dev"\n');
    // Apps sorted by name: order-events comes first in dev.
    expect(outputs).toMatch(/\n    apps:\n        order-events:\n[\s\S]*\n        payments-api:\n/);
  });

  it("shows a secret output as [secret], never its value, and says which outputs are secret", async () => {
    const { plan } = await planProgram("outputs", () => ({
      plain: "visible",
      token: pulumi.secret("s3cr3t-value"),
      nested: { url: "https://example.test", password: pulumi.secret("hunter22") },
    }));
    const text = renderStackOutputs(plan);
    expect(text).toContain('    plain: "visible"');
    expect(text).toContain('    token: "[secret]"');
    expect(text).toContain('        password: "[secret]"');
    expect(text).not.toMatch(/s3cr3t-value|hunter22/);
    expect(text).toContain(`(secret, shown as [secret]: ${plan.outputSecretPaths.join(", ")})`);
    expect(plan.outputSecretPaths).toEqual(expect.arrayContaining(["token", "nested.password"]));
  });
});
