import { readFileSync } from "node:fs";
import { CHART_REFERENCE_PATH, renderChartReference } from "../../docs/generate/chart-reference";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";

describe("docs/charts.md", () => {
  it("is exactly what the chart catalog generates (run `npm run docs` after changing a pin)", () => {
    expect(readFileSync(CHART_REFERENCE_PATH, "utf8")).toBe(renderChartReference());
  });

  it("has a row per pin in both tables, with its evidence kind and its CRD lifecycle", () => {
    const page = renderChartReference();
    for (const pin of PLATFORM_CHARTS) {
      expect(page).toContain(`| ${pin.chart} | ${pin.version} | ${pin.evidence.appVersion} | ${pin.evidence.kind} |`);
      expect(page).toContain(`| ${pin.chart} | ${pin.crds.kind} |`);
    }
  });
});
