// A secret config value must never reach the plan JSON, the printed tree or the rendered files.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { planArtifacts } from "../../plan/render-artifacts";
import { renderResourceTree } from "../../plan/resource-tree";
import { runOfflinePlan } from "../../plan/run-offline-plan";
import { readStackConfig } from "../../plan/stack-config-file";
import { devConfig, runPlanCli } from "../helpers/temp-stacks";

const STACKS = path.resolve(__dirname, "../../stacks");
const EXAMPLE_PASSPHRASE = "example-only";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe("secret config values", () => {
  it("planned with the canary kubeconfig, never print or render it, and flag it secret", async () => {
    const canary = "canary-kubeconfig-3f9a1c";
    const config = { ...devConfig(), "delivery-platform:cluster": { kubeconfig: canary } };
    const stackConfig = {
      config: Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])),
      secretKeys: ["delivery-platform:cluster"],
    };
    const outcome = await runOfflinePlan({ stack: "canary", stackConfig });
    if (outcome.kind !== "planned") throw new Error(outcome.problems.join("\n"));
    const { plan } = outcome;

    const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
    expect(provider.inputs.kubeconfig).toBe("[secret]");
    expect(provider.secretPaths).toContain("kubeconfig");

    const everything = [JSON.stringify(plan), renderResourceTree(plan), ...planArtifacts(plan).map((a) => a.content)].join("\n");
    expect(everything).not.toContain(canary);
  });

  it("decrypted from the committed prod stack, never appear in the CLI's JSON or files", async () => {
    const decrypted = readStackConfig(STACKS, "prod", EXAMPLE_PASSPHRASE);
    const secrets = decrypted.secretKeys.flatMap((key) => {
      const found: string[] = [];
      JSON.stringify(JSON.parse(decrypted.config[key]!), (k, v: unknown) => {
        if (typeof v === "string" && /not-a-real|NOTREAL|not-real/.test(v)) found.push(v);
        return v;
      });
      return found;
    });
    // The example prod stack's secure values: kubeconfig, GitLab token, Velero and Harbor S3 keys, Harbor DB password, Vault token.
    expect(secrets).toHaveLength(8);

    const dir = mkdtempSync(path.join(tmpdir(), "secrets-"));
    const passphraseFile = path.join(dir, "passphrase");
    writeFileSync(passphraseFile, `${EXAMPLE_PASSPHRASE}\n`);
    process.env.PULUMI_CONFIG_PASSPHRASE_FILE = passphraseFile;
    try {
      const run = await runPlanCli(["--stack", "prod", "--json", path.join(dir, "plan.json"), "--out", path.join(dir, "out")]);
      expect(run.exitCode).toBe(0);
      expect(run.stdout).not.toContain("were not decrypted");
      const written = [
        run.stdout,
        run.stderr,
        ...filesUnder(dir)
          .filter((f) => f !== passphraseFile)
          .map((f) => readFileSync(f, "utf8")),
      ].join("\n");
      for (const secret of secrets) expect(written).not.toContain(secret);
      expect(written).toContain("[secret]");
    } finally {
      delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    }
  });
});
