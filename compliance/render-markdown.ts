import { describeEvidence, evidenceIndex } from "./evidence-index";
import { FRAMEWORK_LABELS } from "./regulations";
import { PLANNED_NOT_DEPLOYED, type EvidenceReport } from "./report";

/**
 * Table cell text: no pipes, line breaks or raw HTML. Code spans stay as written: Markdown shows
 * their content literally, so an entity there would be printed as `&lt;` (pipes still need escaping in tables).
 */
const cell = (text: string): string =>
  text
    .replace(/\r?\n/g, " ")
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")).replace(/\|/g, "\\|"))
    .join("");

/** Code span: raw text is safe inside it, except backticks and line breaks. */
const code = (text: string): string => `\`${text.replace(/`/g, "'").replace(/\r?\n/g, " ")}\``;

const STATUS_MARK: Record<string, string> = { met: "met", partial: "partial", "not covered": "not covered" };

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

export function renderMarkdown(report: EvidenceReport): string {
  const index = evidenceIndex(report);
  const linkTo = (evidence: Parameters<typeof index.of>[0]) => link(index.of(evidence).label, index.of(evidence).anchor);
  const links = (evidence: readonly Parameters<typeof index.of>[0][]) => evidence.map(linkTo).join(" ");
  const link = (label: string, anchor: string) => `[${label}](#${anchor})`;
  const out: string[] = [];
  out.push(`# Compliance evidence: stack \`${cell(report.stack)}\` (profile ${cell(report.profile)})`, "");
  out.push(`> **${PLANNED_NOT_DEPLOYED}**`, "");
  out.push(
    `Commit ${code(report.provenance.commit ?? "unknown (not a git checkout)")}, stack file SHA-256 ${code(report.provenance.stackConfigSha256)}, ` +
      `built with ${code(report.provenance.tool)} on Node.js ${cell(report.provenance.node)}; the files' SHA-256 are in \`SHA256SUMS\` (\`sha256sum -c SHA256SUMS\`).`,
    "",
  );
  out.push(
    `Generated ${cell(report.generatedAt)} by \`npm run evidence\` from the offline plan and the guardrail catalog. ` +
      `Controls: ${report.totals.met} met, ${report.totals.partial} partial, ${report.totals["not covered"]} not covered.`,
    "",
  );

  out.push("## Regulations and key dates", "");
  out.push(
    table(
      ["Regulation", "Act", "Key dates", "Scope"],
      report.regulations.map((r) => [
        cell(r.name),
        cell(r.act),
        cell(r.dates.map((d) => `${d.date}: ${d.what}`).join("; ")),
        cell(r.scope),
      ]),
    ),
    "",
  );

  out.push("## Control matrix", "");
  out.push(
    table(
      ["Control", "Regulation", "Status", "Platform features", "Evidence", "Missing"],
      report.controls.map((c) => [
        link(cell(c.id), `control-${c.id.toLowerCase()}`),
        cell(`${FRAMEWORK_LABELS[c.regulation]} ${c.article}`),
        `**${STATUS_MARK[c.status]}**`,
        cell(c.features.join("; ")),
        links(c.evidence) || "none",
        cell(c.missing.map((m) => m.what).join("; ")) || "nothing",
      ]),
    ),
    "",
  );

  out.push("## Controls in detail", "");
  for (const c of report.controls) {
    out.push(`### <a id="control-${c.id.toLowerCase()}"></a>${cell(c.id)}: ${cell(c.title)}`, "");
    out.push(`**${cell(`${FRAMEWORK_LABELS[c.regulation]} ${c.article}`)}**, status **${c.status}**. ${cell(c.requirement)}`, "");
    out.push("Evidence:", "");
    for (const e of c.evidence) out.push(`- ${linkTo(e)} ${cell(describeEvidence(e).title)}`);
    if (c.evidence.length === 0) out.push("- none in this plan");
    if (c.missing.length > 0) out.push("", "Missing:", "", ...c.missing.map((m) => `- ${cell(m.what)}`));
    if (c.notes.length > 0) out.push("", "Notes:", "", ...c.notes.map((n) => `- ${cell(n)}`));
    out.push("");
  }

  out.push("## Audit trail", "");
  out.push(
    table(
      ["Trail", "State", "Where it lives", "Kept for", "Evidence", "Gaps"],
      report.auditTrails.map((t) => [
        cell(t.trail),
        `**${t.state}**`,
        cell(t.where),
        cell(t.retention),
        links(t.evidence) || "none",
        cell(t.gaps.join("; ")) || "none",
      ]),
    ),
    "",
  );

  out.push("## Policy exceptions", "");
  if (report.policyExceptions.length === 0) out.push("None: every guardrail applies everywhere.", "");
  else
    out.push(
      table(
        ["Exception", "Status", "Guardrail", "Scope", "Owner", "Ticket", "Expires", "Waived violations", "Reason"],
        report.policyExceptions.map((e) => [
          code(e.id),
          `**${e.status}**`,
          code(e.guardrail),
          cell(e.scope),
          cell(e.owner),
          cell(e.ticket),
          cell(e.expires),
          String(e.waivedViolations),
          cell(e.reason),
        ]),
      ),
      "",
    );

  out.push("## Exit plan", "", "### External dependencies", "");
  out.push(
    table(
      ["Category", "Dependency", "Location", "Evidence"],
      report.exitPlan.dependencies.map((d) => [cell(d.category), cell(d.name), cell(d.location), links(d.evidence)]),
    ),
    "",
    "### Where data lives",
    "",
  );
  out.push(
    table(
      ["Service", "Kind", "Data", "Evidence"],
      report.exitPlan.dataLocations.map((d) => [cell(d.service), cell(d.kind), cell(d.description), links(d.evidence)]),
    ),
    "",
    "### Export procedures",
    "",
  );
  for (const p of report.exitPlan.procedures) out.push(`**${cell(p.title)}**`, "", ...p.steps.map((s, i) => `${i + 1}. ${cell(s)}`), "");
  if (report.exitPlan.gaps.length > 0) out.push("Gaps:", "", ...report.exitPlan.gaps.map((g) => `- ${cell(g)}`), "");

  out.push("## Platform SBOM", "");
  if (report.sbom) {
    const s = report.sbom;
    out.push(
      `\`platform.cdx.json\` (${cell(s.format)}): ${s.components} components: ${s.charts} Helm charts, ${s.images} container images, ${s.providers} Pulumi provider plugins, ${s.npmPackages} npm packages.`,
      "",
      "Helm chart pins (evidence kinds and CRD upgrade paths: docs/charts.md):",
      "",
      table(
        ["Chart", "Version", "Evidence", "Source", "CRDs"],
        s.chartPins.map((p) => [cell(p.chart), cell(p.version), cell(p.evidence), cell(p.source), cell(p.crds)]),
      ),
      "",
    );
  } else out.push("Not generated with this report.", "");

  out.push("## Evidence index", "");
  for (const entry of index.entries) {
    const { title, details } = describeEvidence(entry.item);
    out.push(`- <a id="${entry.anchor}"></a>**${entry.label}** ${cell(title)}`, ...details.map(([k, v]) => `  - ${cell(k)}: ${code(v)}`));
  }
  out.push("", "## Caveats", "", ...report.caveats.map((c) => `- ${cell(c)}`), "");
  return out.join("\n");
}
