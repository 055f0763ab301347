import { renderChart } from "../../bench/chart";
import { benchResult, combineRepeats, markdownReport } from "../../bench/report";
import { benchResultSchema, type Measurement } from "../../bench/result";
import { appName, syntheticApps } from "../../bench/synthetic-apps";
import { appSpecSchema } from "../../components/onboarding/app-spec";

const program = (apps: number, seconds: number, peakRssMiB: number): Measurement => ({
  mode: "program",
  apps,
  seconds,
  peakRssMiB,
  resources: 100 + 90 * apps,
  policySeconds: 0.5,
  accessSeconds: 0.7,
  accessEdges: 50 * apps,
  compareSeconds: 0.1 * apps,
  plan: { criticalSeconds: 314, sequentialSeconds: 2000 },
  app: { criticalSeconds: 9, sequentialSeconds: 127 },
});
const floor = (apps: number, seconds: number): Measurement => ({
  mode: "floor",
  apps,
  seconds,
  peakRssMiB: 200,
  resources: 100 + 90 * apps,
});
const rows = [
  { program: program(1, 0.6, 290), floor: floor(1, 0.2) },
  { program: program(10, 2.4, 430), floor: floor(10, 0.9) },
];
const criticalPath = { platform: { criticalSeconds: 312, sequentialSeconds: 1864 }, app: { criticalSeconds: 9, sequentialSeconds: 127 } };

describe("bench output", () => {
  it("writes exactly the documented JSON shape", () => {
    const result = benchResult(rows, criticalPath);
    expect(benchResultSchema.parse(result)).toEqual(result);
    expect(Object.keys(result.runs[0]!).sort()).toEqual(["apps", "floorSeconds", "peakRssMiB", "resources", "seconds"]);
    expect(result.runs[1]).toEqual({ apps: 10, seconds: 2.4, peakRssMiB: 430, resources: 1000, floorSeconds: 0.9 });
    expect(result.criticalPath).toEqual(criticalPath);
  });

  it("rejects a result with a missing or extra field", () => {
    const result = benchResult(rows, criticalPath);
    expect(benchResultSchema.safeParse({ ...result, runs: [{ ...result.runs[0], policySeconds: 1 }] }).success).toBe(false);
    expect(benchResultSchema.safeParse({ runs: result.runs }).success).toBe(false);
  });

  it("prints a Markdown row per size with the program/floor ratio, and the critical paths", () => {
    const table = markdownReport(rows, criticalPath);
    expect(table).toContain("| 10 | 1000 | 2.40 | 240 | 0.90 | 2.67 | 430 | 200 | 0.50 | 0.70 | 500 | 1.00 | 9 |");
    expect(table).toContain("| platform | 312 | 1864 | 0.167 |");
  });

  it("combines repeated runs into median times and the highest peak memory", () => {
    const combined = combineRepeats([
      program(500, 22, 1400),
      { ...program(500, 20, 1460), policySeconds: 9, accessSeconds: 8 },
      program(500, 21, 1380),
    ]);
    expect(combined).toMatchObject({ apps: 500, seconds: 21, peakRssMiB: 1460, policySeconds: 0.5, accessSeconds: 0.7 });
    expect(combineRepeats([floor(1, 0.3), floor(1, 0.1)])).toMatchObject({ seconds: 0.2, peakRssMiB: 200 });
    expect(combineRepeats([floor(1, 0.3)])).not.toHaveProperty("policySeconds");
    expect(combineRepeats([floor(1, 0.3)])).not.toHaveProperty("accessSeconds");
    expect(() => combineRepeats([])).toThrow(/at least one/);
  });

  it("draws time and memory as two polylines with a point per size", () => {
    const svg = renderChart(benchResult(rows, criticalPath).runs);
    const polylines = [...svg.matchAll(/<polyline [^>]*points="([^"]+)"/g)].map((m) => m[1]!.split(" ").length);
    expect(polylines).toEqual([2, 2]);
    expect(svg.startsWith("<svg xmlns=")).toBe(true);
  });
});

describe("synthetic apps", () => {
  it("are valid, distinct app specs grouped ten per team", () => {
    const apps = syntheticApps(25, ["dev", "staging"]).map((app) => appSpecSchema.parse(app));
    expect(new Set(apps.map((a) => a.name)).size).toBe(25);
    expect(new Set(apps.map((a) => a.team)).size).toBe(3);
    expect(apps[0]!.name).toBe(appName(0));
  });
});
