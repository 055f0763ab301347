/**
 * What the stack exports about the platform SBOM (`sbom` stack output). The
 * SBOM itself needs the plan and the lockfile, so `npm run evidence` writes it;
 * the output says which format, where, and which chart versions it covers.
 */
import { PLATFORM_CHARTS } from "../components/platform/chart-catalog";

export const SBOM_FORMAT = "CycloneDX 1.6";
export const SBOM_FILE = "platform.cdx.json";

export interface SbomReference {
  format: string;
  file: string;
  generatedBy: string;
  /** Chart name -> pinned version: the Helm part of the SBOM, checkable against the deployed releases. */
  charts: Record<string, string>;
}

export function platformSbomReference(stack: string): SbomReference {
  return {
    format: SBOM_FORMAT,
    file: SBOM_FILE,
    generatedBy: `npm run evidence -- --stack ${stack}`,
    charts: Object.fromEntries(PLATFORM_CHARTS.map((pin) => [pin.chart, pin.version])),
  };
}
