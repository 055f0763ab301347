/**
 * `npm run bench -- [--apps 1,10,100,500] [--repeat 1] [--json <file>] [--svg <file>] [--stack dev]`
 * Measures the offline plan on this machine (bench/benchmark.ts). Not a test: numbers depend on the machine.
 * Exit codes: 0 measured, 2 usage.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runBenchmark } from "../bench/benchmark";
import { renderChart } from "../bench/chart";
import { benchResult, markdownReport } from "../bench/report";
import { EXIT_OK, EXIT_USAGE, readCommandLine, runAsProcess, type CliIo } from "./command-line";

export { EXIT_OK, EXIT_USAGE } from "./command-line";

const DEFAULT_SIZES = [1, 10, 100, 500];

const USAGE = `usage: npm run bench -- [--apps 1,10,100,500] [--repeat 1] [--json <file>] [--svg <file>] [--stack dev]

Measures plan time, peak memory and resources per number of synthetic apps, each size in a fresh
child process against a floor of plain resources, and the deploy critical path.
  --apps <n,n,...>     numbers of synthetic apps (default: ${DEFAULT_SIZES.join(",")})
  --repeat <n>         runs per size: median times, highest peak memory (default: 1)
  --json <file>        write the results (bench/result.ts)
  --svg <file>         write the chart
  --stack <name>       stack whose config the apps are added to (default: dev)`;

const positiveInteger = (text: string) => /^\d+$/.test(text.trim()) && Number(text) >= 1;

function write(file: string, content: string) {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

export function main(argv: readonly string[], io: CliIo): number {
  const args = readCommandLine(
    argv,
    { apps: { type: "string" }, repeat: { type: "string" }, json: { type: "string" }, svg: { type: "string" }, stack: { type: "string" } },
    USAGE,
    io,
  );
  if (typeof args === "number") return args;
  const sizes = args.apps?.split(",") ?? DEFAULT_SIZES.map(String);
  if (!sizes.every(positiveInteger)) {
    io.stderr(`--apps takes positive integers, for example 1,10,100,500 (got '${args.apps}')`);
    return EXIT_USAGE;
  }
  if (args.repeat !== undefined && !positiveInteger(args.repeat)) {
    io.stderr(`--repeat takes a positive integer, the runs per size (got '${args.repeat}')`);
    return EXIT_USAGE;
  }

  const { rows, criticalPath } = runBenchmark({
    sizes: sizes.map(Number),
    repeat: Number(args.repeat ?? "1"),
    stack: args.stack ?? "dev",
    progress: io.stderr,
  });
  io.stdout(markdownReport(rows, criticalPath));
  const result = benchResult(rows, criticalPath);
  if (args.json) write(args.json, `${JSON.stringify(result, null, 2)}\n`);
  if (args.svg) write(args.svg, renderChart(result.runs));
  return EXIT_OK;
}

if (require.main === module) runAsProcess(main);
