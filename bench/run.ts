/**
 * `npm run bench -- [--apps 1,10,100,500] [--repeat 1] [--json <file>] [--svg <file>] [--stack dev]`
 * Measures the offline plan on this machine: time, peak memory and resources per
 * number of synthetic apps, each size in a fresh child process, against a floor of
 * plain resources; and the deploy critical path. Not a test: numbers depend on the machine.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { renderChart } from "./chart";
import { benchResult, combineRepeats, markdownReport, type ReportRow } from "./report";
import { measurementSchema, type Measurement } from "./result";

const MEASURE = path.join(__dirname, "measure.ts");
const DEFAULT_SIZES = [1, 10, 100, 500];

/** Runs one measurement in a fresh Node process (tsx as loader), so its peak RSS is its own. */
function measure(args: string[]): Measurement {
  const stdout = execFileSync(process.execPath, ["--import", "tsx", MEASURE, ...args], {
    cwd: path.resolve(__dirname, ".."),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 16 * 1024 * 1024,
  });
  const last = stdout.trim().split("\n").pop() ?? "";
  return measurementSchema.parse(JSON.parse(last));
}

function write(file: string, content: string) {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, content);
}

function main() {
  const { values } = parseArgs({
    options: {
      apps: { type: "string" },
      repeat: { type: "string" },
      json: { type: "string" },
      svg: { type: "string" },
      stack: { type: "string" },
    },
    strict: true,
  });
  const sizes = values.apps ? values.apps.split(",").map((s) => Number(s.trim())) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error("--apps takes positive integers, for example 1,10,100,500");
  const repeat = Number(values.repeat ?? "1");
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error("--repeat takes a positive integer (runs per size)");
  const stack = values.stack ?? "dev";
  const repeated = (args: string[]) => combineRepeats(Array.from({ length: repeat }, () => measure(args)));

  const platform = measure(["--mode", "program", "--stack", stack, "--apps", "0"]);
  const rows: ReportRow[] = [];
  for (const apps of sizes) {
    process.stderr.write(`measuring ${apps} apps...\n`);
    const program = repeated(["--mode", "program", "--stack", stack, "--apps", String(apps)]);
    const floor = repeated(["--mode", "floor", "--apps", String(apps), "--resources", String(program.resources)]);
    rows.push({ program, floor });
  }
  const firstApp = rows[0]?.program.app;
  if (!platform.plan || !firstApp) throw new Error("the measurement children reported no critical path");
  const criticalPath = { platform: platform.plan, app: firstApp };

  process.stdout.write(`${markdownReport(rows, criticalPath)}\n`);
  const result = benchResult(rows, criticalPath);
  if (values.json) write(values.json, `${JSON.stringify(result, null, 2)}\n`);
  if (values.svg) write(values.svg, renderChart(result.runs));
}

main();
