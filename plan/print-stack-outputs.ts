import { stringify } from "yaml";
import type { PlanDocument } from "./plan-document";

/**
 * The stack outputs as `pulumi preview` shows them, one top-level output per entry with nested
 * values indented. Secret outputs are already `[secret]` in the plan (their paths are in
 * `outputSecretPaths`), so no value is ever printed. Pure: returns the text.
 */
export function renderStackOutputs(plan: Pick<PlanDocument, "outputs" | "outputSecretPaths">): string {
  const names = Object.keys(plan.outputs).sort();
  if (names.length === 0) return "Outputs: none";
  const lines = ["Outputs:"];
  for (const name of names) {
    const value = plan.outputs[name];
    if (value === null || typeof value !== "object" || Object.keys(value).length === 0) {
      lines.push(`    ${name}: ${JSON.stringify(value)}`);
      continue;
    }
    lines.push(`    ${name}:`);
    const body = stringify(value, { lineWidth: 0 }).trimEnd();
    lines.push(...body.split("\n").map((line) => `        ${line}`));
  }
  if (plan.outputSecretPaths.length > 0) lines.push(`    (secret, shown as [secret]: ${plan.outputSecretPaths.join(", ")})`);
  return lines.join("\n");
}
