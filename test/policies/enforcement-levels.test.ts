// The one level rule (policies/enforcement/levels.ts) and how Kyverno groups environments by it.
import { configSchema } from "../../stacks/config/schema";
import { guardrailById } from "../../policies/catalog";
import { environmentTier, namespaceLevels, stackEnforcement } from "../../policies/enforcement/levels";
import { admissionActions, admissionGroups } from "../../policies/kyverno/admission-actions";

describe("environmentTier", () => {
  test.each([
    [{ name: "dev", production: false }, "dev"],
    [{ name: "staging", production: false }, "staging"],
    [{ name: "qa", production: false }, "dev"],
    [{ name: "live", production: true }, "prod"],
    [{ name: "qa", production: false, enforcement: "staging" as const }, "staging"],
  ])("%j → %s", (environment, tier) => {
    expect(environmentTier(environment)).toBe(tier);
  });
});

describe("levels per namespace", () => {
  const prodStack = stackEnforcement("prod", [
    { name: "dev", production: false },
    { name: "staging", production: false },
    { name: "prod", production: true },
  ]);
  const namespaces = [{ name: "shop-dev", environment: "dev" }, { name: "shop-prod", environment: "prod" }, { name: "vault" }];

  test("only namespaces whose tier differs from the stack's carry a level", () => {
    expect(namespaceLevels(guardrailById("run-as-non-root"), prodStack, namespaces)).toEqual({ "shop-dev": "advisory" });
    // Mandatory everywhere: no namespace differs.
    expect(namespaceLevels(guardrailById("app-ingress-hosts"), prodStack, namespaces)).toEqual({});
    // A dev platform stack with a production environment: that one is stricter.
    const devStack = stackEnforcement("dev", [{ name: "live", production: true }]);
    expect(namespaceLevels(guardrailById("run-as-non-root"), devStack, [{ name: "shop-live", environment: "live" }])).toEqual({
      "shop-live": "mandatory",
    });
  });

  test("Kyverno actions follow the level: Deny when mandatory, else the tier's (or the configured) advisory actions", () => {
    expect(admissionActions("mandatory", "dev")).toEqual(["Deny"]);
    expect(admissionActions("advisory", "dev")).toEqual(["Audit"]);
    expect(admissionActions("advisory", "staging")).toEqual(["Audit", "Warn"]);
    expect(admissionActions("advisory", "staging", ["Warn"])).toEqual(["Warn"]);
    expect(admissionActions("mandatory", "staging", ["Warn"])).toEqual(["Deny"]);
  });

  test("an app's policies keep the base name for the stack profile's group, else for the strictest group", () => {
    const signature = guardrailById("image-signature-verified");
    const groups = (environments: string[]) =>
      admissionGroups(signature, prodStack, environments).map((g) => [g.base ? "base" : g.variant, g.environments]);
    expect(groups(["dev", "staging", "prod"])).toEqual([
      ["base", ["prod"]],
      ["audit", ["dev"]],
      ["audit-warn", ["staging"]],
    ]);
    // Without a prod environment the strictest group (warning) keeps the name, so the policy's URN survives.
    expect(groups(["dev", "staging"])).toEqual([
      ["base", ["staging"]],
      ["audit", ["dev"]],
    ]);
    expect(groups(["dev"])).toEqual([["base", ["dev"]]]);
  });
});

describe("stack config", () => {
  const base = {
    environment: "prod",
    domain: "platform.example.test",
    cluster: { context: "kind-test" },
    gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
  };
  const problems = (config: Record<string, unknown>) => {
    const result = configSchema(new Set()).safeParse({ ...base, ...config });
    return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
  };

  test("a production environment cannot be enforced below prod", () => {
    expect(problems({ environments: [{ name: "live", production: true, enforcement: "staging" }] })).toContain(
      "environments.0.enforcement: production environment 'live' must be enforced at the prod level: remove 'enforcement' or set it to prod",
    );
    expect(problems({ environments: [{ name: "qa", enforcement: "prod" }] }).filter((p) => p.startsWith("environments"))).toEqual([]);
  });
});
