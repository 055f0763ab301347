// The stack config applies the services' requirements: one problem per missing dependency.
import { configSchema } from "../../stacks/config/schema";

const base = {
  environment: "dev",
  domain: "platform.example.test",
  cluster: { context: "kind-test" },
  gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
};

const problems = (services: Record<string, unknown>) => {
  const result = configSchema(new Set()).safeParse({ ...base, services });
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("service requirements in the stack config", () => {
  it("accepts the defaults (everything enabled)", () => {
    expect(problems({})).toEqual([]);
  });

  it("reports each disabled dependency once, at its enabled key", () => {
    expect(problems({ certManager: { enabled: false }, vault: { enabled: false } })).toEqual([
      "services.certManager.enabled: cert-manager is disabled, but harbor, argocd, victoriaMetrics, identity need it (TLS certificates); enable services.certManager or disable those services",
      "services.vault.enabled: Vault is disabled, but externalSecrets needs it (the secrets it syncs); enable services.vault or disable services.externalSecrets",
    ]);
  });

  it("accepts a disabled dependency once its dependents are disabled too", () => {
    expect(problems({ vault: { enabled: false }, externalSecrets: { enabled: false } })).toEqual([]);
  });
});
