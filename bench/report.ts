import type { BenchResult, Measurement } from "./result";

export interface ReportRow {
  program: Measurement;
  floor: Measurement;
}

const ratio = (a: number, b: number) => (b > 0 ? (a / b).toFixed(2) : "n/a");

/** The Markdown table `npm run bench` prints (and docs/performance.md quotes). */
export function markdownReport(rows: readonly ReportRow[], criticalPath: BenchResult["criticalPath"]): string {
  const lines = [
    "| apps | resources | plan (s) | per app (ms) | floor (s) | program/floor | peak RSS (MiB) | policies (s) | app critical path (s) |",
    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
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
          program.policySeconds?.toFixed(2) ?? "",
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
