import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { combineRepeats, type ReportRow } from "./report";
import { measurementSchema, type BenchResult, type Measurement } from "./result";

const MEASURE = path.join(__dirname, "measure.ts");

export interface BenchmarkOptions {
  /** Numbers of synthetic apps to measure, each against a floor of as many plain resources. */
  sizes: readonly number[];
  /** Runs per size; the report takes median times and the highest peak memory. */
  repeat: number;
  /** Stack whose config the synthetic apps are added to. */
  stack: string;
  progress?: (message: string) => void;
}

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

/**
 * Measures the offline plan on this machine (`npm run bench`): time, peak memory and
 * resources per number of synthetic apps against the floor, and the deploy critical path
 * of the platform alone and of one app.
 */
export function runBenchmark({ sizes, repeat, stack, progress }: BenchmarkOptions): {
  rows: ReportRow[];
  criticalPath: BenchResult["criticalPath"];
} {
  const repeated = (args: string[]) => combineRepeats(Array.from({ length: repeat }, () => measure(args)));

  const platform = measure(["--mode", "program", "--stack", stack, "--apps", "0"]);
  const rows: ReportRow[] = [];
  for (const apps of sizes) {
    progress?.(`measuring ${apps} apps...`);
    const program = repeated(["--mode", "program", "--stack", stack, "--apps", String(apps)]);
    const floor = repeated(["--mode", "floor", "--apps", String(apps), "--resources", String(program.resources)]);
    rows.push({ program, floor });
  }
  const firstApp = rows[0]?.program.app;
  if (!platform.plan || !firstApp) throw new Error("the measurement children reported no critical path");
  return { rows, criticalPath: { platform: platform.plan, app: firstApp } };
}
