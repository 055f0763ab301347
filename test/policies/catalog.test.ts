import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { ADVISORY_UNTIL_PROD, GUARDRAILS, guardrailById, kyvernoMode, PROFILES } from "../../policies/catalog";
import { CROSSGUARD_RULES } from "../../policies/crossguard";
import { HELM_REPOSITORY_DEFAULTS } from "../../policies/crossguard/supply-chain";
import { configFile, DOC_FILE, registryHostOf } from "../../policies/generated-files";
import { guardrailPolicies, policyPackConfig, type PolicyPackConfig } from "../../policies/pack";

test("guardrail ids are unique, valid policy names and fully described", () => {
  const ids = GUARDRAILS.map((g) => g.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const g of GUARDRAILS) {
    // The analyzer exits on invalid names and on a policy named 'all'.
    expect(g.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(g.id).not.toBe("all");
    expect(g.regulations.length).toBeGreaterThan(0);
    expect(g.implementations.length).toBeGreaterThan(0);
    expect([g.title, g.rationale, g.fix].every((text) => text.length > 10)).toBe(true);
  }
});

test("prod enforces every guardrail; no profile is stricter than the next", () => {
  const rank = { advisory: 0, mandatory: 1 };
  for (const g of GUARDRAILS) {
    expect({ id: g.id, prod: g.enforcement.prod }).toEqual({ id: g.id, prod: "mandatory" });
    expect(rank[g.enforcement.dev]).toBeLessThanOrEqual(rank[g.enforcement.staging]);
    expect(rank[g.enforcement.staging]).toBeLessThanOrEqual(rank[g.enforcement.prod]);
  }
  expect(guardrailById("probes-required").enforcement).toEqual(ADVISORY_UNTIL_PROD);
});

test("Kyverno modes are derived from the enforcement", () => {
  for (const g of GUARDRAILS) {
    if (!g.implementations.includes("kyverno")) {
      expect(g.kyverno).toBeUndefined();
      continue;
    }
    for (const profile of PROFILES) expect(g.kyverno?.mode[profile]).toBe(kyvernoMode(g.enforcement[profile]));
  }
  expect(guardrailById("no-privileged-containers").kyverno?.mode).toEqual({ dev: "Audit", staging: "Audit", prod: "Deny" });
});

test("CrossGuard rules and the catalog match one to one", () => {
  const crossGuard = GUARDRAILS.filter((g) => g.implementations.includes("crossguard")).map((g) => g.id);
  expect(Object.keys(CROSSGUARD_RULES).sort()).toEqual([...crossGuard].sort());
  const policies = guardrailPolicies();
  expect(policies.map((p) => p.name)).toEqual(crossGuard);
  for (const policy of policies) {
    expect(policy.enforcementLevel).toBe("mandatory"); // fail closed without a config file
    expect(policy.configSchema?.properties ?? {}).not.toHaveProperty("enforcementLevel");
  }
});

test("allowed chart sources default to the chart catalog's", () => {
  expect(HELM_REPOSITORY_DEFAULTS.allowedRepositories).toEqual([...new Set(PLATFORM_CHARTS.map((c) => c.repository))].sort());
});

test.each(PROFILES)("policies/config/%s.json is generated from the catalog", (profile) => {
  const current = JSON.parse(readFileSync(configFile(profile), "utf8")) as PolicyPackConfig;
  expect(current).toEqual(policyPackConfig(profile, { registryHost: registryHostOf(current) }));
  for (const g of GUARDRAILS.filter((x) => x.implementations.includes("crossguard")))
    expect(current[g.id]?.enforcementLevel).toBe(g.enforcement[profile]);
  expect(current["image-tag-pinned"]?.requireDigest).toBe(profile === "prod");
});

test("the config files and the table in docs/guardrails.md are up to date (byte for byte, formatted)", () => {
  const root = path.join(__dirname, "..", "..");
  const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["policies/generate.ts", "--check"], {
    cwd: root,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  const doc = readFileSync(DOC_FILE, "utf8");
  for (const g of GUARDRAILS) expect(doc).toContain(`| \`${g.id}\``);
});
