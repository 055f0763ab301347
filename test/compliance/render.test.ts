// Markdown and HTML renderings: every control links to its evidence, and the HTML is self-contained and escaped.
import { renderHtml } from "../../compliance/render-html";
import { renderMarkdown } from "../../compliance/render-markdown";
import type { PlanDocument } from "../../plan/plan-document";
import { examplePlan } from "../helpers/example-plans";
import { reportOf } from "./fixtures";

let prod: PlanDocument;
beforeAll(async () => {
  prod = await examplePlan("prod");
});

const HOSTILE = `<script>alert("x")</script>|&`;

/** The prod plan with a hostile name on a resource several controls cite. */
function hostilePlan(): PlanDocument {
  const plan = structuredClone(prod);
  const scanning = plan.resources.find((r) => r.type === "harbor:index/interrogationServices:InterrogationServices")!;
  scanning.name = HOSTILE;
  scanning.inputs.vulnerabilityScanPolicy = HOSTILE;
  return plan;
}

describe("HTML", () => {
  it("links every control row to evidence anchors that exist on the page", () => {
    const html = renderHtml(reportOf(prod));
    const ids = new Set([...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(100);
    for (const href of hrefs) {
      expect(href.startsWith("#")).toBe(true);
      expect(ids).toContain(href.slice(1));
    }
    for (const c of reportOf(prod).controls) {
      const row = new RegExp(`<tr id="row-${c.id.toLowerCase()}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? "";
      expect(row).toContain(`class="status ${c.status.replace(" ", "-")}"`);
      if (c.evidence.length > 0) expect(row).toMatch(/href="#e\d+"/);
    }
  });

  it("is self-contained: no scripts, no external assets, a CSP that forbids loading any", () => {
    const html = renderHtml(reportOf(prod));
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(/i);
  });

  it("escapes plan values", () => {
    const html = renderHtml(reportOf(hostilePlan()));
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|&amp;");
  });
});

describe("Markdown", () => {
  it("has the matrix with every control, its status and evidence links that resolve", () => {
    const report = reportOf(prod);
    const md = renderMarkdown(report);
    const anchors = new Set([...md.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1]));
    for (const c of report.controls)
      expect(md).toMatch(new RegExp(`\\| \\[${c.id}\\]\\(#control-${c.id.toLowerCase()}\\) \\| [^|]+ \\| \\*\\*${c.status}\\*\\*`));
    for (const [, target] of md.matchAll(/\]\(#([^)]+)\)/g)) expect(anchors).toContain(target);
    expect(md).toContain("2026-09-11: reporting obligations (Art. 14) apply");
  });

  it("keeps hostile values from breaking tables or injecting HTML", () => {
    const md = renderMarkdown(reportOf(hostilePlan()));
    // Code spans show text literally; everywhere else the value must be escaped.
    const outsideCode = md.replace(/`[^`\n]*`/g, "");
    expect(md).toContain("&lt;script&gt;");
    expect(outsideCode).not.toContain("<script>");
    const matrixRows = md.split("\n").filter((l) => l.startsWith("| [CRA-AI-PI-VULNERABILITIES]"));
    expect(matrixRows).toHaveLength(1);
    expect(matrixRows[0]!.split(/(?<!\\)\|/)).toHaveLength(8);
  });
});

describe("the chart pins table", () => {
  it("lists every pinned chart with its evidence kind, source and CRD upgrade path, in both renderings", () => {
    const report = reportOf(prod);
    const markdown = renderMarkdown(report);
    const html = renderHtml(report);
    expect(report.sbom?.chartPins.length).toBeGreaterThan(10);
    for (const pin of report.sbom!.chartPins) {
      expect(markdown).toContain(`| ${pin.chart} | ${pin.version} | ${pin.evidence} |`);
      expect(html).toContain(`<tr><td>${pin.chart}</td><td>${pin.version}</td><td>${pin.evidence}</td>`);
    }
    expect(markdown).toMatch(
      /\| argo-cd \| 10\.1\.1 \| upstream \| argoproj\/argo-helm charts\/argo-cd\/Chart\.yaml @ af0a9310\w{32} \(argo-cd-10\.1\.1\) \| templates \|/,
    );
  });
});
