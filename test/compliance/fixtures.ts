// The evidence report and platform SBOM of a plan (test/helpers/example-plans.ts has the committed stacks' plans).
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { PackageLock } from "../../compliance/npm-dependencies";
import { platformSbom, type PlatformSbom } from "../../compliance/platform-sbom";
import { buildEvidenceReport, type EvidenceReport } from "../../compliance/report";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { DEFAULT_TOOL_IMAGES } from "../../components/onboarding/pipeline/tool-images";
import { GUARDRAILS, type Guardrail } from "../../policies/catalog";
import type { PlanDocument } from "../../plan/plan-document";
import { evaluatePlanPolicies } from "../../plan/policy-evaluation";

const ROOT = path.resolve(__dirname, "../..");
export const PACKAGE_JSON = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
export const LOCK = JSON.parse(readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as PackageLock;

export const sbomOf = (plan: PlanDocument): PlatformSbom =>
  platformSbom({
    platform: { name: PACKAGE_JSON.name, version: PACKAGE_JSON.version },
    charts: PLATFORM_CHARTS,
    toolImages: DEFAULT_TOOL_IMAGES,
    plan,
    packageJson: PACKAGE_JSON,
    lock: LOCK,
  });

/** A report's provenance in tests: a fixed commit and config hash, this repository's tool name. */
export const TEST_PROVENANCE = {
  commit: "0123456789abcdef0123456789abcdef01234567",
  stackConfigSha256: "a".repeat(64),
  tool: `${PACKAGE_JSON.name}@${PACKAGE_JSON.version}`,
  node: "v24.21.0",
};

/** The report as `npm run evidence` builds it; `catalog` and a re-evaluated plan let tests take things away. */
export function reportOf(plan: PlanDocument, catalog: readonly Guardrail[] = GUARDRAILS): EvidenceReport {
  return buildEvidenceReport({
    plan,
    catalog,
    violations: plan.policies.violations,
    sbom: sbomOf(plan).summary,
    generatedAt: new Date("2026-11-26T00:00:00Z"),
    provenance: TEST_PROVENANCE,
  });
}

/** A copy of the plan without the resources matching `drop`, with the guardrails evaluated again on what is left. */
export async function withoutResources(plan: PlanDocument, drop: (r: PlanDocument["resources"][number]) => boolean): Promise<PlanDocument> {
  const copy: PlanDocument = structuredClone(plan);
  copy.resources = copy.resources.filter((r) => !drop(r));
  copy.policies.violations = await evaluatePlanPolicies(copy);
  return copy;
}

export const control = (report: EvidenceReport, id: string) => {
  const found = report.controls.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no control ${id}`);
  return found;
};
