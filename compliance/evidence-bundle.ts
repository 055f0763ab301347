import type { DrillResults } from "./drill-results";
import { createHash } from "node:crypto";
import { PLATFORM_CHARTS } from "../components/platform/chart-catalog";
import { DEFAULT_TOOL_IMAGES } from "../components/onboarding/pipeline/tool-images";
import type { PlanDocument } from "../plan/plan-document";
import { GUARDRAILS } from "../policies/catalog";
import { SBOM_FILE } from "../stacks/sbom-reference";
import { accessMatrix } from "./access-matrix";
import type { PackageLock } from "./npm-dependencies";
import { platformSbom, validateSbom, type PlatformSbom } from "./platform-sbom";
import { renderHtml } from "./render-html";
import { renderMarkdown } from "./render-markdown";
import { buildEvidenceReport, type EvidenceReport } from "./report";

export interface EvidenceBundleInputs {
  /** The stack's plan, its guardrail violations already evaluated (plan/plan-stack-file.ts). */
  plan: PlanDocument;
  packageJson: { name: string; version: string; dependencies?: Record<string, string> };
  lock: PackageLock;
  generatedAt: Date;
  /** `urn:uuid:…` of this SBOM. */
  serialNumber: string;
  /** The commit and stack file the report is built from (the tool and Node versions are added here). */
  source: { commit?: string; stackConfigSha256: string };
  /** Restore drill results from an export of their metrics (`--drill-results`). */
  drillResults?: DrillResults;
}

/** The file listing every other file's SHA-256, in `sha256sum` format, so `sha256sum -c SHA256SUMS` checks them. */
export const MANIFEST_FILE = "SHA256SUMS";

export type EvidenceBundle =
  | { kind: "invalid-sbom"; errors: unknown }
  | { kind: "built"; report: EvidenceReport; sbom: PlatformSbom; files: { name: string; content: string }[] };

/**
 * What `npm run evidence` writes for one stack, in memory: the report as
 * Markdown, HTML and JSON, and the platform SBOM, which must validate against
 * CycloneDX 1.6 before anything is written.
 */
export async function evidenceBundle({
  plan,
  packageJson,
  lock,
  generatedAt,
  serialNumber,
  source,
  drillResults,
}: EvidenceBundleInputs): Promise<EvidenceBundle> {
  const sbom = platformSbom({
    platform: { name: packageJson.name, version: packageJson.version },
    charts: PLATFORM_CHARTS,
    toolImages: DEFAULT_TOOL_IMAGES,
    plan,
    packageJson,
    lock,
    timestamp: generatedAt,
    serialNumber,
  });
  const errors = await validateSbom(sbom.json);
  if (errors !== null) return { kind: "invalid-sbom", errors };

  const access = await accessMatrix(plan);
  const report = buildEvidenceReport({
    plan,
    catalog: GUARDRAILS,
    violations: plan.policies.violations,
    sbom: sbom.summary,
    access,
    ...(drillResults ? { drillResults } : {}),
    generatedAt,
    provenance: { ...source, tool: `${packageJson.name}@${packageJson.version}`, node: process.version },
  });
  const files = [
    { name: "evidence.md", content: renderMarkdown(report) },
    { name: "evidence.html", content: renderHtml(report) },
    { name: "evidence.json", content: `${JSON.stringify(report, null, 2)}\n` },
    { name: SBOM_FILE, content: `${JSON.stringify(sbom.json, null, 2)}\n` },
  ];
  const manifest = files.map((f) => `${createHash("sha256").update(f.content).digest("hex")}  ${f.name}\n`).join("");
  return { kind: "built", report, sbom, files: [...files, { name: MANIFEST_FILE, content: manifest }] };
}
