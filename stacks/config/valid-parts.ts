import { z } from "zod";
import type { Problem } from "../../components/onboarding/app-rules";
import { type configObjectSchema, crossFieldProblems, type PlatformConfig, type TopLevelKey } from "./schema";

/** Lists whose invalid entries are left out (and the others checked), instead of the whole key. */
const ENTRY_LISTS = ["apps", "tenants"] as const;
type EntryList = (typeof ENTRY_LISTS)[number];
const isEntryList = (key: PropertyKey): key is EntryList => (ENTRY_LISTS as readonly PropertyKey[]).includes(key);

/**
 * The cross-field problems of a config that also has structural ones, so that one run reports
 * both: invalid `apps[]`/`tenants[]` entries are left out (paths still name the entries as
 * written), other invalid keys are unreadable and the rules that read them wait for the fix.
 * Empty when nothing readable is left (a problem at the root).
 */
export function crossFieldProblemsOfValidParts(
  schema: ReturnType<typeof configObjectSchema>,
  values: Readonly<Record<string, unknown>>,
  issues: readonly z.core.$ZodIssue[],
): Problem[] {
  const input: Record<string, unknown> = { ...values };
  const unreadable = new Set<TopLevelKey>();
  const invalidEntries = new Map<EntryList, Set<number>>();
  for (const issue of issues) {
    const [key, index] = issue.path;
    if (key === undefined) {
      if (issue.code !== "unrecognized_keys") return [];
      for (const unknown of issue.keys) delete input[unknown];
    } else if (isEntryList(key) && typeof index === "number") {
      invalidEntries.set(key, (invalidEntries.get(key) ?? new Set()).add(index));
    } else unreadable.add(key as TopLevelKey);
  }

  // Original index of each entry that stays, per list.
  const kept = new Map<EntryList, number[]>();
  for (const [key, invalid] of invalidEntries) {
    const entries = input[key] as unknown[];
    const indexes = entries.map((_, i) => i).filter((i) => !invalid.has(i));
    kept.set(key, indexes);
    input[key] = indexes.map((i) => entries[i]);
  }
  const lenient = schema.extend(Object.fromEntries([...unreadable].map((key) => [key, z.unknown()])));
  const parsed = lenient.safeParse(input);
  if (!parsed.success) return [];

  return crossFieldProblems(parsed.data as PlatformConfig, unreadable).map((problem) => {
    const [key, index, ...rest] = problem.path;
    const original = key !== undefined && isEntryList(key) && typeof index === "number" ? kept.get(key)?.[index] : undefined;
    return original === undefined ? problem : { ...problem, path: [key!, original, ...rest] };
  });
}
