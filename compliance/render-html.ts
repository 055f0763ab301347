/**
 * One self-contained HTML page: inline styles only, no scripts, no external
 * assets (a Content-Security-Policy forbids loading any), every text escaped.
 */
import { describeEvidence, evidenceIndex } from "./evidence-index";
import type { EvidenceItem } from "./evidence-model";
import { FRAMEWORK_LABELS } from "./regulations";
import { PLANNED_NOT_DEPLOYED, type EvidenceReport } from "./report";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Tagged template that escapes every interpolated value unless it is already rendered markup. */
class Markup {
  constructor(readonly html: string) {}
}
const raw = (html: string) => new Markup(html);
function h(strings: TemplateStringsArray, ...values: (string | number | Markup | Markup[])[]): Markup {
  let out = strings[0] ?? "";
  values.forEach((value, i) => {
    const rendered = Array.isArray(value)
      ? value.map((v) => v.html).join("")
      : value instanceof Markup
        ? value.html
        : escapeHtml(String(value));
    out += rendered + (strings[i + 1] ?? "");
  });
  return new Markup(out);
}

const STYLE = `
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #d0d7de}h3{margin-top:1.5em}
table{border-collapse:collapse;width:100%;margin:1em 0;font-size:.92em}th,td{border:1px solid #d0d7de;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f6f8fa}tr:target,li:target,section:target{background:#fff8c5}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;white-space:nowrap}
.met,.configured{background:#dafbe1;color:#116329}.partial{background:#fff1c2;color:#7d4e00}.not-covered,.not-configured{background:#ffebe9;color:#a40e26}
code{font-size:.88em;background:#f6f8fa;padding:1px 4px;border-radius:4px;word-break:break-all}
.ev{display:flex;flex-wrap:wrap;gap:2px 6px}.muted{color:#57606a}dl{margin:0}dt{font-weight:600;display:inline}dd{display:inline;margin:0 0 0 4px}dd:after{content:"";display:block}
`;

const statusClass = (status: string) => status.replace(/ /g, "-");
const badge = (status: string) => h`<span class="status ${statusClass(status)}">${status}</span>`;

export function renderHtml(report: EvidenceReport): string {
  const index = evidenceIndex(report);
  const links = (items: EvidenceItem[]) =>
    items.length === 0
      ? h`<span class="muted">none</span>`
      : h`<span class="ev">${items.map((e) => h`<a href="#${index.of(e).anchor}">${index.of(e).label}</a>`)}</span>`;
  const list = (items: readonly string[], empty = "nothing") =>
    items.length === 0 ? h`<span class="muted">${empty}</span>` : h`<ul>${items.map((i) => h`<li>${i}</li>`)}</ul>`;

  const regulations = report.regulations.map(
    (r) => h`<tr><td>${r.name}</td><td>${r.act}</td><td>${list(r.dates.map((d) => `${d.date}: ${d.what}`))}</td><td>${r.scope}</td></tr>`,
  );
  const matrix = report.controls.map(
    (
      c,
    ) => h`<tr id="row-${c.id.toLowerCase()}"><td><a href="#control-${c.id.toLowerCase()}">${c.id}</a><br>${c.title}</td><td>${FRAMEWORK_LABELS[c.regulation]} ${c.article}</td>
<td>${badge(c.status)}</td><td>${list(c.features)}</td><td>${links(c.evidence)}</td><td>${list(c.missing.map((m) => m.what))}</td></tr>`,
  );
  const details = report.controls.map(
    (c) => h`<section id="control-${c.id.toLowerCase()}"><h3>${c.id}: ${c.title} ${badge(c.status)}</h3>
<p><strong>${FRAMEWORK_LABELS[c.regulation]} ${c.article}</strong>. ${c.requirement}</p>
<ul>${c.evidence.map((e) => h`<li><a href="#${index.of(e).anchor}">${index.of(e).label}</a> ${describeEvidence(e).title}</li>`)}</ul>
${c.missing.length > 0 ? h`<p><strong>Missing</strong></p>${list(c.missing.map((m) => m.what))}` : raw("")}
${c.notes.length > 0 ? h`<p><strong>Notes</strong></p>${list(c.notes)}` : raw("")}</section>`,
  );
  const trails = report.auditTrails.map(
    (t) =>
      h`<tr><td>${t.trail}</td><td>${badge(t.state)}</td><td>${t.where}</td><td>${t.retention}</td><td>${links(t.evidence)}</td><td>${list(t.gaps, "none")}</td></tr>`,
  );
  const dependencies = report.exitPlan.dependencies.map(
    (d) => h`<tr><td>${d.category}</td><td>${d.name}</td><td><code>${d.location}</code></td><td>${links(d.evidence)}</td></tr>`,
  );
  const locations = report.exitPlan.dataLocations.map(
    (d) => h`<tr><td>${d.service}</td><td>${d.kind}</td><td>${d.description}</td><td>${links(d.evidence)}</td></tr>`,
  );
  const procedures = report.exitPlan.procedures.map((p) => h`<h4>${p.title}</h4><ol>${p.steps.map((s) => h`<li>${s}</li>`)}</ol>`);
  const evidence = index.entries.map((entry) => {
    const { title, details: settings } = describeEvidence(entry.item);
    return h`<li id="${entry.anchor}"><strong>${entry.label}</strong> ${title}<dl>${settings.map(([k, v]) => h`<dt>${k}:</dt><dd><code>${v}</code></dd>`)}</dl></li>`;
  });
  const exceptions =
    report.policyExceptions.length === 0
      ? h`<p class="muted">None: every guardrail applies everywhere.</p>`
      : h`<table><thead><tr><th>Exception</th><th>Status</th><th>Guardrail</th><th>Scope</th><th>Owner</th><th>Ticket</th><th>Expires</th><th>Waived violations</th><th>Reason</th></tr></thead><tbody>${report.policyExceptions.map(
          (e) =>
            h`<tr><td><code>${e.id}</code></td><td><span class="status ${e.status === "open" ? "partial" : "not-covered"}">${e.status}</span></td><td><code>${e.guardrail}</code></td><td>${e.scope}</td><td>${e.owner}</td><td>${e.ticket}</td><td>${e.expires}</td><td>${e.waivedViolations}</td><td>${e.reason}</td></tr>`,
        )}</tbody></table>`;
  const pins = (report.sbom?.chartPins ?? []).map(
    (p) => h`<tr><td>${p.chart}</td><td>${p.version}</td><td>${p.evidence}</td><td>${p.source}</td><td>${p.crds}</td></tr>`,
  );
  const sbom = report.sbom
    ? h`<p><code>platform.cdx.json</code> (${report.sbom.format}): ${report.sbom.components} components: ${report.sbom.charts} Helm charts, ${report.sbom.images} container images, ${report.sbom.providers} Pulumi provider plugins, ${report.sbom.npmPackages} npm packages.</p>
<table><thead><tr><th>Chart</th><th>Version</th><th>Evidence</th><th>Source</th><th>CRDs</th></tr></thead><tbody>${pins}</tbody></table>`
    : h`<p class="muted">Not generated with this report.</p>`;

  const page = h`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Compliance evidence: ${report.stack}</title><style>${raw(STYLE)}</style></head>
<body>
<h1>Compliance evidence: stack <code>${report.stack}</code> (profile ${report.profile})</h1>
<p><strong>${PLANNED_NOT_DEPLOYED}</strong></p>
<p>Commit <code>${report.provenance.commit ?? "unknown (not a git checkout)"}</code>, stack file SHA-256 <code>${report.provenance.stackConfigSha256}</code>, built with <code>${report.provenance.tool}</code> on Node.js ${report.provenance.node}; the files' SHA-256 are in <code>SHA256SUMS</code>.</p>
<p>Generated ${report.generatedAt} by <code>npm run evidence</code> from the offline plan and the guardrail catalog.
Controls: ${badge("met")} ${report.totals.met} ${badge("partial")} ${report.totals.partial} ${badge("not covered")} ${report.totals["not covered"]}</p>
<h2>Regulations and key dates</h2>
<table><thead><tr><th>Regulation</th><th>Act</th><th>Key dates</th><th>Scope</th></tr></thead><tbody>${regulations}</tbody></table>
<h2>Control matrix</h2>
<table><thead><tr><th>Control</th><th>Regulation</th><th>Status</th><th>Platform features</th><th>Evidence</th><th>Missing</th></tr></thead><tbody>${matrix}</tbody></table>
<h2>Controls in detail</h2>${details}
<h2>Audit trail</h2>
<table><thead><tr><th>Trail</th><th>State</th><th>Where it lives</th><th>Kept for</th><th>Evidence</th><th>Gaps</th></tr></thead><tbody>${trails}</tbody></table>
<h2>Policy exceptions</h2>${exceptions}
<h2>Exit plan</h2>
<h3>External dependencies</h3>
<table><thead><tr><th>Category</th><th>Dependency</th><th>Location</th><th>Evidence</th></tr></thead><tbody>${dependencies}</tbody></table>
<h3>Where data lives</h3>
<table><thead><tr><th>Service</th><th>Kind</th><th>Data</th><th>Evidence</th></tr></thead><tbody>${locations}</tbody></table>
<h3>Export procedures</h3>${procedures}
${report.exitPlan.gaps.length > 0 ? h`<h3>Gaps</h3>${list(report.exitPlan.gaps)}` : raw("")}
<h2>Platform SBOM</h2>${sbom}
<h2>Evidence index</h2><ul>${evidence}</ul>
<h2>Caveats</h2>${list(report.caveats)}
</body></html>
`;
  return page.html;
}
