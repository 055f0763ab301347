import { z } from "zod";
import { DRILL_METRICS } from "../components/platform/restore-drills/script";

/**
 * One line of VictoriaMetrics' JSON export (`/api/v1/export`, docs.victoriametrics.com "How to export
 * data in JSON line format"): a series' labels, its values and their timestamps in milliseconds.
 * Only the fields the evidence reads; each line is one JSON object.
 */
const exportLine = z.object({
  metric: z.record(z.string(), z.string()).refine((m) => typeof m.__name__ === "string", "must carry __name__"),
  values: z.array(z.number()),
  timestamps: z.array(z.number().int()),
});

/** The latest result of one drill in an export: when it last ran, whether that run passed, when one last passed. */
export interface DrillResult {
  drill: string;
  lastRun?: Date;
  lastRunSucceeded?: boolean;
  lastSuccess?: Date;
  restoreSeconds?: number;
  backupAgeSeconds?: number;
}

export type DrillResults = ReadonlyMap<string, DrillResult>;

export class DrillResultsError extends Error {}

/** The newest sample of a series (values and timestamps pair up by index). */
function newest(values: readonly number[], timestamps: readonly number[]): { value: number; at: number } | undefined {
  let best: { value: number; at: number } | undefined;
  timestamps.forEach((at, i) => {
    if (values[i] !== undefined && (best === undefined || at > best.at)) best = { value: values[i], at };
  });
  return best;
}

/**
 * Drill results from an export of the `restore_drill_*` series the drill runners push
 * (components/platform/restore-drills/script.ts), e.g.
 * `curl <vmselect>/api/v1/export -d 'match[]={__name__=~"restore_drill_.*"}' -d start=-30d`.
 * A line that is no export line fails with its line number: results must not be guessed.
 */
export function parseDrillResults(text: string): DrillResults {
  const results = new Map<string, DrillResult>();
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new DrillResultsError(`line ${index + 1}: not JSON`);
    }
    const parsed = exportLine.safeParse(json);
    if (!parsed.success)
      throw new DrillResultsError(`line ${index + 1}: not a VictoriaMetrics export line (${parsed.error.issues[0]!.message})`);
    const { metric, values, timestamps } = parsed.data;
    if (values.length !== timestamps.length) throw new DrillResultsError(`line ${index + 1}: values and timestamps differ in length`);
    const drill = metric.drill;
    const sample = newest(values, timestamps);
    if (drill === undefined || sample === undefined) return;
    const result = results.get(drill) ?? { drill };
    switch (metric.__name__) {
      case DRILL_METRICS.success:
        if (result.lastRun === undefined || sample.at >= result.lastRun.getTime()) {
          result.lastRun = new Date(sample.at);
          result.lastRunSucceeded = sample.value === 1;
        }
        break;
      case DRILL_METRICS.lastSuccess:
        result.lastSuccess = new Date(sample.value * 1000);
        break;
      case DRILL_METRICS.restoreSeconds:
        result.restoreSeconds = sample.value;
        break;
      case DRILL_METRICS.backupAge:
        result.backupAgeSeconds = sample.value;
        break;
    }
    results.set(drill, result);
  });
  return results;
}
