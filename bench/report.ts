import type { BenchResult, Measurement } from "./result";

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * One measurement from repeated runs of the same size: median times and the highest peak memory,
 * since peak RSS depends on when the collector happens to run (a few percent between runs).
 */
export function combineRepeats(runs: readonly Measurement[]): Measurement {
  const [first] = runs;
  if (first === undefined) throw new Error("combineRepeats needs at least one measurement");
  const policySeconds = runs.map((r) => r.policySeconds).filter((s) => s !== undefined);
  const accessSeconds = runs.map((r) => r.accessSeconds).filter((s) => s !== undefined);
  const compareSeconds = runs.map((r) => r.compareSeconds).filter((s) => s !== undefined);
  return {
    ...first,
    seconds: median(runs.map((r) => r.seconds)),
    peakRssMiB: Math.max(...runs.map((r) => r.peakRssMiB)),
    ...(policySeconds.length > 0 ? { policySeconds: median(policySeconds) } : {}),
    ...(accessSeconds.length > 0 ? { accessSeconds: median(accessSeconds) } : {}),
    ...(compareSeconds.length > 0 ? { compareSeconds: median(compareSeconds) } : {}),
  };
}

export interface ReportRow {
  program: Measurement;
  floor: Measurement;
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");

/** The Markdown table `npm run bench` prints (and docs/performance.md quotes). */
export function markdownReport(rows: readonly ReportRow[], criticalPath: BenchResult["criticalPath"]): string {
  const lines = [
    "| apps | resources | plan (s) | per app (ms) | floor (s) | program/floor | peak RSS (MiB) | floor peak RSS (MiB) | policies (s) | access graph (s) | access edges | compare (s) | app critical path (s) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows
      .map(({ program, floor }) =>
        [
          program.apps,
          program.resources,
          program.seconds.toFixed(2),
          ((program.seconds * 1000) / program.apps).toFixed(0),
          floor.seconds.toFixed(2),
          ratio(program.seconds, floor.seconds),
          program.peakRssMiB.toFixed(0),
          floor.peakRssMiB.toFixed(0),
          program.policySeconds?.toFixed(2) ?? "",
          program.accessSeconds?.toFixed(2) ?? "",
          program.accessEdges ?? "",
          program.compareSeconds?.toFixed(2) ?? "",
          program.app?.criticalSeconds ?? "",
        ].join(" | "),
      )
      .map((line) => `| ${line} |`),
    "",
    "| deploy | critical path (s) | sequential sum (s) | critical / sequential |",
    "| --- | ---: | ---: | ---: |",
    ...(["platform", "app"] as const).map((what) => {
      const { criticalSeconds, sequentialSeconds } = criticalPath[what];
      return `| ${what} | ${criticalSeconds} | ${sequentialSeconds} | ${(criticalSeconds / sequentialSeconds).toFixed(3)} |`;
    }),
  ];
  return lines.join("\n");
}

/** The JSON `--json` writes: exactly the contract of result.ts. */
export function benchResult(rows: readonly ReportRow[], criticalPath: BenchResult["criticalPath"]): BenchResult {
  return {
    runs: rows.map(({ program, floor }) => ({
      apps: program.apps,
      seconds: program.seconds,
      peakRssMiB: program.peakRssMiB,
      resources: program.resources,
      floorSeconds: floor.seconds,
    })),
    criticalPath: {
      platform: { criticalSeconds: criticalPath.platform.criticalSeconds, sequentialSeconds: criticalPath.platform.sequentialSeconds },
      app: { criticalSeconds: criticalPath.app.criticalSeconds, sequentialSeconds: criticalPath.app.sequentialSeconds },
    },
  };
}
