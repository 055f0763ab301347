import type { PlanDocument } from "../plan-document";
import type { ChangeAction, ChangeSet, ResourceChange } from "./change-document";

const MARKERS: Record<ChangeAction, string> = { create: " + ", update: " ~ ", replace: "+- ", delete: " - ", same: "   " };

/**
 * The change tree, as `pulumi preview` marks it (`+` create, `~` update, `+-` replace, `-` delete):
 * blocked resources first, then every changed resource under its parents (unchanged parents are
 * shown for orientation, unmarked), then the counts per action. Pure: returns the text.
 */
export function renderChangeTree(plan: PlanDocument, changes: ChangeSet, baselineParents: ReadonlyMap<string, string | null>): string {
  const byUrn = new Map<string, ResourceChange>(changes.resources.map((c) => [c.urn, c]));
  const parentOf = new Map<string, string | null>(plan.resources.map((r) => [r.urn, r.parent]));
  const names = new Map<string, string>(plan.resources.map((r) => [r.urn, r.name]));
  const takenOver = new Map(changes.resources.filter((c) => c.previousUrn).map((c) => [c.previousUrn!, c.urn]));
  // Deleted resources hang under their old parent, or under whatever took that parent over.
  for (const change of changes.resources.filter((c) => c.action === "delete")) {
    const oldParent = baselineParents.get(change.urn) ?? null;
    parentOf.set(change.urn, oldParent === null ? null : (takenOver.get(oldParent) ?? oldParent));
    names.set(change.urn, change.urn.split("::").pop()!);
  }
  const shown = new Set<string>();
  for (const change of changes.resources) {
    for (let urn: string | null | undefined = change.urn; urn && !shown.has(urn); urn = parentOf.get(urn)) shown.add(urn);
  }
  const children = new Map<string | null, string[]>();
  for (const urn of [...shown].sort()) {
    const parent = parentOf.get(urn);
    const key = parent !== undefined && parent !== null && shown.has(parent) ? parent : null;
    children.set(key, [...(children.get(key) ?? []), urn]);
  }

  const lines = [
    `Changes to stack '${plan.stack}' against the baseline (${changes.baseline.format} of stack '${changes.baseline.stack}', ${changes.baseline.resources} resources)`,
    "",
  ];
  if (changes.blocked.length > 0) {
    lines.push(`Blocking: pulumi up would stop at ${changes.blocked.length} protected resource(s):`);
    for (const blocked of changes.blocked)
      lines.push(`  ${blocked.action} ${blocked.urn}`, `    why: ${blocked.reason}`, `    fix: ${blocked.fix}`);
    lines.push("");
  }
  const walk = (urn: string, prefix: string, last: boolean, root: boolean) => {
    const change = byUrn.get(urn);
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const type = change?.type ?? urn.split("::")[2]?.split("$").pop() ?? "";
    lines.push(`${MARKERS[change?.action ?? "same"]} ${prefix}${branch}${type}  ${names.get(urn) ?? urn}${change ? details(change) : ""}`);
    const kids = children.get(urn) ?? [];
    const childPrefix = root ? prefix : `${prefix}${last ? "   " : "│  "}`;
    kids.forEach((kid, index) => walk(kid, childPrefix, index === kids.length - 1, false));
  };
  const roots = children.get(null) ?? [];
  roots.forEach((root, index) => walk(root, "", index === roots.length - 1, true));
  if (roots.length === 0) lines.push("   (no changes)");
  const { create, update, replace, delete: deleted, same, blocked } = changes.summary;
  lines.push(
    "",
    `Changes: ${create} to create, ${update} to update, ${replace} to replace, ${deleted} to delete, ${same} unchanged` +
      (blocked > 0 ? `; ${blocked} blocked (protected)` : ""),
  );
  if (changes.summary.secretsNotCompared > 0) {
    lines.push(
      `note: ${changes.summary.secretsNotCompared} resource(s) have secret inputs that were not compared (secret, not compared): ` +
        "plan, and write the baseline plan, with PULUMI_CONFIG_PASSPHRASE set.",
    );
  }
  return lines.join("\n");
}

function details(change: ResourceChange): string {
  const parts: string[] = [];
  if (change.previousUrn) parts.push(`was ${change.previousUrn.split("::").pop()}`);
  if (change.action === "replace") parts.push(`replace: ${change.replaceReasons.map((r) => r.path).join(", ")}`);
  if (change.action === "update") parts.push(`diff: ${change.changedPaths.join(", ")}`);
  if (change.secretsNotCompared.length > 0) parts.push(`secret, not compared: ${change.secretsNotCompared.join(", ")}`);
  if (change.protect && (change.action === "replace" || change.action === "delete")) parts.push("BLOCKED: protected");
  else if (change.action === "delete" && change.retainOnDelete) parts.push("retained: leaves the state only");
  return parts.length > 0 ? `  [${parts.join("; ")}]` : "";
}
