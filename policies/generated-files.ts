import * as path from "node:path";
import type { PolicyPackConfig } from "./pack";

/** Where the catalog's generated artifacts live (policies/generate.ts writes them). */
export const configFile = (profile: string) => path.join(__dirname, "config", `${profile}.json`);
export const DOC_FILE = path.join(__dirname, "..", "docs", "guardrails.md");
export const DETAILS_BEGIN = "<!-- guardrails-details:begin -->";
export const DETAILS_END = "<!-- guardrails-details:end -->";

export function registryHostOf(config: PolicyPackConfig | undefined): string | undefined {
  const host = config?.["images-from-platform-registry"]?.registryHost;
  return typeof host === "string" && host !== "" ? host : undefined;
}
