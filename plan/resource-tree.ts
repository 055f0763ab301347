import type { PlanDocument, PlanResource } from "./plan-document";

/**
 * A preview-like rendering of a plan: the resource tree, counts per type and
 * a one-line summary. Pure: returns the text, the CLI prints it.
 */
export function renderResourceTree(plan: PlanDocument): string {
  const children = new Map<string | null, PlanResource[]>();
  for (const resource of plan.resources) {
    const siblings = children.get(resource.parent) ?? [];
    siblings.push(resource);
    children.set(resource.parent, siblings);
  }
  const rows: [string, string][] = [];
  const walk = (resource: PlanResource, prefix: string, last: boolean, root: boolean) => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const flags = [
      resource.protect ? "protected" : "",
      resource.retainOnDelete ? "retained" : "",
      resource.secretPaths.length > 0 ? "secret inputs" : "",
    ]
      .filter(Boolean)
      .join(", ");
    rows.push([`${prefix}${branch}${resource.type}`, `${resource.name}${flags ? `  [${flags}]` : ""}`]);
    const kids = children.get(resource.urn) ?? [];
    const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
    kids.forEach((kid, index) => walk(kid, childPrefix, index === kids.length - 1, false));
  };
  const roots = children.get(null) ?? [];
  roots.forEach((root, index) => walk(root, "", index === roots.length - 1, true));

  const width = Math.max(4, ...rows.map(([type]) => type.length));
  const lines = [`Offline plan of stack '${plan.stack}' (project ${plan.project}, mock runtime: nothing was deployed)`, ""];
  lines.push(`    ${"Type".padEnd(width)}  Name`);
  for (const [type, name] of rows) lines.push(` +  ${type.padEnd(width)}  ${name}`);

  const counts = new Map<string, number>();
  for (const resource of plan.resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  lines.push("", "Resources by type:");
  for (const [type, count] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
    lines.push(`  ${String(count).padStart(5)}  ${type}`);
  }

  const custom = plan.resources.filter((r) => r.custom).length;
  const protectedCount = plan.resources.filter((r) => r.protect).length;
  const secretInputs = plan.resources.reduce((sum, r) => sum + r.secretPaths.length, 0);
  const violations = plan.policies.violations;
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  lines.push(
    "",
    `Summary: ${plan.resources.length} resources to create (${custom} custom, ${plan.resources.length - custom} components), ` +
      `${protectedCount} protected, ${secretInputs} secret inputs, ${violations.length} policy violations (${mandatory} mandatory)`,
  );
  return lines.join("\n");
}
