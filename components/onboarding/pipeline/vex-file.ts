import { openVexDocument } from "../vex/accepted-risks";
import type { ParsedPipelineInput } from "./pipeline-input";
import { shellQuote } from "./shell-quote";

/** Where the scan jobs write the app's OpenVEX document (the jobs check nothing out: see scan-jobs.ts). */
export const VEX_FILE = "accepted-risks.openvex.json";

export interface ScanVex {
  /** Script lines that write the document; none without statements. */
  lines: string[];
  /** Trivy arguments that read it (`--vex <file>`, trivy v0.74.0 docs/guide/supply-chain/vex/file.md); "" without statements. */
  args: string;
}

/**
 * The app's accepted risks (spec `vex`) as an OpenVEX file for the Trivy gate. The document is written
 * from the platform-rendered pipeline, never read from the app repository, so a team cannot accept a
 * risk by committing a file: statements come through the stack config's review.
 */
export function scanVex(input: ParsedPipelineInput): ScanVex {
  const document = openVexDocument({
    app: input.names.stable,
    statements: input.spec.vex.statements,
    imageRepository: input.names.registry.repository,
    author: `delivery-platform for team ${input.names.team}`,
  });
  if (document === undefined) return { lines: [], args: "" };
  const file = `"$CI_PROJECT_DIR/${VEX_FILE}"`;
  return { lines: [`printf '%s\\n' ${shellQuote(JSON.stringify(document))} > ${file}`], args: ` --vex ${file} --show-suppressed` };
}
