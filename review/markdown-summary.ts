import type { PlanDocument } from "../plan/plan-document";
import { planProfileName, reviewedViolations } from "./violation-view";

/** A table cell: pipes and line breaks would end it. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

/**
 * What a reviewer reads of a stack's offline plan, as Markdown (the merge request note and the job's
 * artifact): the outcome, the resources per type, and every policy violation with its fix.
 */
export function markdownSummary(plan: PlanDocument): string {
  const violations = reviewedViolations(plan).sort(
    (a, b) => Number(a.enforcementLevel === "advisory") - Number(b.enforcementLevel === "advisory") || a.policy.localeCompare(b.policy),
  );
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  const profile = planProfileName(plan);
  const counts = new Map<string, number>();
  for (const resource of plan.resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  const lines = [
    `### Offline plan of stack \`${plan.stack}\`${profile ? ` (${profile} profile)` : ""}`,
    "",
    mandatory > 0
      ? `**Fails:** ${mandatory} mandatory policy violation${mandatory === 1 ? "" : "s"}, ${violations.length - mandatory} advisory.`
      : `**Passes:** no mandatory policy violation, ${violations.length} advisory.`,
    "",
    `${plan.resources.length} resources (mock runtime: nothing was deployed).`,
    "",
    "<details><summary>Resources by type</summary>",
    "",
    "| Type | Count |",
    "| --- | ---: |",
    ...[...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([type, count]) => `| \`${type}\` | ${count} |`),
    "",
    "</details>",
    "",
  ];
  if (violations.length > 0)
    lines.push(
      "| Level | Guardrail | Resource | Problem | Fix |",
      "| --- | --- | --- | --- | --- |",
      ...violations.map(
        (v) =>
          `| ${v.enforcementLevel} | \`${v.policy}\` | ${cell(v.resource.name)}${v.resource.type ? ` (\`${v.resource.type}\`)` : ""} | ${cell(v.message)} | ${cell(v.guardrail.fix)} |`,
      ),
      "",
    );
  return lines.join("\n");
}
