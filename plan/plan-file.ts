import { readFileSync } from "node:fs";
import { planDocumentSchema, type PlanDocument } from "./plan-document";

/**
 * A JSON file that should hold a plan (`npm run plan -- --json`): either the plan,
 * or the parsed value with the first schema problems, for callers that accept
 * something else too (a tenant stack's `--platform-plan` takes plain outputs).
 */
export type PlanFile = { kind: "plan"; plan: PlanDocument } | { kind: "not-a-plan"; value: unknown; problems: string[] };

/** Reads and checks a plan file; throws when the file cannot be read or is not JSON. */
export function readPlanFile(file: string): PlanFile {
  const value = JSON.parse(readFileSync(file, "utf8")) as unknown;
  const parsed = planDocumentSchema.safeParse(value);
  if (parsed.success) return { kind: "plan", plan: parsed.data };
  const problems = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  return { kind: "not-a-plan", value, problems };
}
