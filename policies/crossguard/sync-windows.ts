import { Cron } from "croner";

/** AppProject `spec.syncWindows[]` (Argo CD SyncWindow). */
export interface SyncWindowSpec {
  kind?: string;
  schedule?: string;
  duration?: string;
  applications?: string[];
  namespaces?: string[];
  clusters?: string[];
  andOperator?: boolean;
  timeZone?: string;
}

/** Argo CD matches window lists with glob patterns (`*`, `?`), as filepath.Match does for names without '/'. */
function globMatches(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`).test(value);
}

/**
 * Whether a window applies to an Application (argo-cd pkg/apis/application/v1alpha1
 * SyncWindows.Matches): its applications, namespaces or clusters list matches the Application's
 * name, destination namespace or destination server/name; with `andOperator` every list it sets must.
 */
export function windowApplies(window: SyncWindowSpec, app: { name: string; namespace?: string; clusters: string[] }): boolean {
  const checks: boolean[] = [];
  if (window.applications?.length) checks.push(window.applications.some((p) => globMatches(p, app.name)));
  if (window.namespaces?.length) checks.push(window.namespaces.some((p) => app.namespace !== undefined && globMatches(p, app.namespace)));
  if (window.clusters?.length) checks.push(window.clusters.some((p) => app.clusters.some((c) => globMatches(p, c))));
  if (checks.length === 0) return false;
  return window.andOperator === true ? checks.every(Boolean) : checks.some(Boolean);
}

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

/** A Go duration (`time.ParseDuration`, which Argo CD uses for `duration`): `8h`, `1h30m`. */
export function goDurationMs(duration: string): number | undefined {
  const parts = [...duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join("") !== duration) return undefined;
  return parts.reduce((sum, [, value, unit]) => sum + Number(value) * (UNIT_MS[unit!] ?? 0), 0);
}

/** Starts looked at: enough for any schedule that fires at least yearly, bounded for one that fires every minute. */
const HORIZON_MS = 400 * 24 * 3_600_000;
const MAX_STARTS = 5000;

/**
 * Whether a window is open all the time: its duration is at least the longest gap between two of
 * its starts (`* * * * *` for 1m, `0 0 * * *` for 24h). Undefined when the schedule or duration
 * does not parse (Argo CD refuses such a window).
 */
export function windowAlwaysOpen(window: SyncWindowSpec): boolean | undefined {
  const duration = goDurationMs(window.duration ?? "");
  if (duration === undefined || window.schedule === undefined) return undefined;
  const start = new Date("2026-01-05T00:00:00Z");
  let cron: Cron;
  try {
    cron = new Cron(window.schedule, { paused: true, timezone: "UTC" });
  } catch {
    return undefined;
  }
  let previous: number | undefined;
  let longestGap = 0;
  let cursor: Date | null = start;
  for (let i = 0; i < MAX_STARTS && cursor !== null; i++) {
    cursor = cron.nextRun(cursor);
    if (cursor === null) break;
    const next = cursor.getTime();
    if (previous !== undefined) longestGap = Math.max(longestGap, next - previous);
    previous = next;
    if (next - start.getTime() > HORIZON_MS) break;
  }
  return longestGap > 0 && duration >= longestGap;
}
