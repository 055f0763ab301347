import { CronPattern } from "croner";
import { z } from "zod";

/**
 * Cron expressions as the Go services that run them parse them: Argo CD sync windows, Velero
 * schedules and Harbor jobs all use robfig/cron v3 (Argo CD and Velero five fields, Harbor six,
 * seconds first). Each field is checked on its own, so the message names the field that is wrong
 * (`hour '25'`), not just the expression. croner judges values, ranges and steps; the robfig
 * dialect is narrower than croner's, so what robfig lacks is refused first.
 */

export type CronFields = "minute-first" | "seconds-first";

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  /** robfig/cron accepts `?` (= `*`) in the day fields only. */
  question: boolean;
  /** Upper-case names robfig accepts (case-insensitively) for this field. */
  names?: readonly string[];
}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"] as const;
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

const MINUTE_FIRST: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59, question: false },
  { name: "hour", min: 0, max: 23, question: false },
  { name: "day-of-month", min: 1, max: 31, question: true },
  { name: "month", min: 1, max: 12, question: false, names: MONTHS },
  // robfig/cron's day-of-week is 0-6 (croner would also take 7 for Sunday).
  { name: "day-of-week", min: 0, max: 6, question: true, names: WEEKDAYS },
];
const FIELDS: Record<CronFields, readonly FieldSpec[]> = {
  "minute-first": MINUTE_FIRST,
  "seconds-first": [{ name: "second", min: 0, max: 59, question: false }, ...MINUTE_FIRST],
};

/** A value (number or name), a range of them, or `*` / `?`, with an optional `/step`. */
const PART = /^(?:(\*|\?)|([A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?)(?:\/(\d+))?$/;

function fieldProblem(value: string, spec: FieldSpec, index: number, fields: CronFields): string | undefined {
  const allowed = `${spec.min}-${spec.max}${spec.names ? ` or ${spec.names[0]}-${spec.names.at(-1)}` : ""}`;
  const bad = (why: string) => `${spec.name} '${value}': ${why}`;
  for (const part of value.split(",")) {
    const match = PART.exec(part);
    if (match === null) return bad(`'${part}' is not a value, range (a-b), list (a,b) or step (*/n); robfig/cron has no L, W or #`);
    const [, wildcard, from, to] = match;
    if (wildcard === "?" && !spec.question) return bad("'?' is only allowed in day-of-month and day-of-week");
    for (const bound of [from, to]) {
      if (bound === undefined) continue;
      const known = /^\d+$/.test(bound)
        ? Number(bound) >= spec.min && Number(bound) <= spec.max
        : (spec.names?.includes(bound.toUpperCase()) ?? false);
      if (!known) return bad(`${bound} is not within ${allowed}`);
    }
  }
  // Values, range order and steps as croner reads them: this field in place, every other one '*'.
  const probe = FIELDS[fields].map((_, i) => (i === index ? value : "*")).join(" ");
  try {
    new CronPattern(probe, undefined, { mode: fields === "seconds-first" ? "6-part" : "5-part" });
  } catch (error) {
    return bad(`${(error as Error).message.replace(/^CronPattern: /, "")} (allowed: ${allowed})`);
  }
  return undefined;
}

/** What is wrong with `expression` as a robfig/cron expression of that many fields, or undefined. */
export function cronProblem(expression: string, fields: CronFields): string | undefined {
  const specs = FIELDS[fields];
  const parts = expression.trim().split(/\s+/);
  const layout = specs.map((s) => s.name).join(" ");
  if (parts.length !== specs.length) return `must have ${specs.length} fields (${layout}), got ${parts.length}`;
  for (const [index, value] of parts.entries()) {
    const problem = fieldProblem(value, specs[index]!, index, fields);
    if (problem !== undefined) return `${problem}; the fields are: ${layout}`;
  }
  return undefined;
}

/** A zod string that is a cron expression of `fields`; `alternatives` are accepted as they are (descriptors). */
export function cronExpression(fields: CronFields, alternatives?: RegExp) {
  return z.string().superRefine((value, ctx) => {
    if (alternatives?.test(value.trim())) return;
    const problem = cronProblem(value, fields);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** An IANA time zone as Go's time.LoadLocation knows it (Argo CD sync windows): what Intl accepts, or UTC. */
export function timeZoneName() {
  return z.string().refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat("en-US", { timeZone: zone });
        return zone !== "" && !/^[+-]/.test(zone);
      } catch {
        return false;
      }
    },
    { message: "must be an IANA time zone such as UTC or Europe/Berlin" },
  );
}
