import { Cron } from "croner";
import { SERVICE_NAMESPACES } from "../../components/platform/service-catalog";
import { ESO_MANAGED_LABEL } from "../../components/platform/velero/synced-secrets-selector";
import { asList, asObject, type Json } from "./kubernetes-objects";

/**
 * When a Velero Schedule counts as a backup of a namespace: not only that it names the namespace,
 * but that Velero runs it (in its own namespace, not paused, a cron that fires every day) and that
 * the backup holds the namespace whole (no excluded namespace, resource filter or label selector,
 * volume data included). Fields from the Schedule API type (velero.io/v1, vmware-tanzu/velero
 * site/docs/main/api-types/schedule.md: "namespace: Must be the namespace of the Velero server";
 * the cron is five fields or `@every <duration>`, velero create schedule --help).
 */
export const VELERO_GROUP = "velero.io";
export const VELERO_NAMESPACE = SERVICE_NAMESPACES.velero ?? "velero";
/** Descriptors that fire at least once a day (robfig/cron, which Velero parses schedules with). */
const DAILY_DESCRIPTORS: readonly string[] = ["@daily", "@midnight", "@hourly"];
const DAY_SECONDS = 24 * 3600;

/** Go durations as Velero writes them (`720h`, `72h0m0s`), in seconds. */
export function durationSeconds(duration: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (match === null || duration === "") return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** Why a cron expression is no daily backup, or undefined when it fires every day. */
export function dailyScheduleProblem(schedule: unknown): string | undefined {
  if (typeof schedule !== "string" || schedule.trim() === "") return "has no schedule";
  // robfig/cron accepts a leading time zone; it moves the hour, not how often the schedule fires.
  const expression = schedule.trim().replace(/^(CRON_TZ|TZ)=\S+\s+/, "");
  if (expression.startsWith("@every ")) {
    const seconds = durationSeconds(expression.slice("@every ".length).trim());
    return seconds !== undefined && seconds > 0 && seconds <= DAY_SECONDS ? undefined : `runs '${schedule}', less often than daily`;
  }
  if (expression.startsWith("@")) return DAILY_DESCRIPTORS.includes(expression) ? undefined : `runs '${schedule}', less often than daily`;
  const fields = expression.split(/\s+/);
  if (fields.length !== 5) return `has the schedule '${schedule}', which is no five-field cron expression`;
  // With day of month, month and weekday unrestricted the hours and minutes repeat every day.
  if (!fields.slice(2).every((field) => field === "*" || field === "?"))
    return `runs '${schedule}', which restricts the day, month or weekday, so it does not fire every day (or ever: '0 0 31 2 *')`;
  try {
    if (new Cron(expression, { paused: true }).nextRun() === null) return `has the schedule '${schedule}', which never fires`;
  } catch (error) {
    return `has the schedule '${schedule}', which is no valid cron expression (${(error as Error).message})`;
  }
  return undefined;
}

/**
 * The one label selector that still backs a namespace up whole: it leaves out only the Secrets
 * External Secrets writes, which come back from Vault (components/platform/velero/schedule.ts).
 */
function onlyLeavesOutSyncedSecrets(selector: unknown): boolean {
  const { matchLabels, matchExpressions } = asObject(selector);
  const requirements = asList(matchExpressions).map((r) => asObject(r));
  return (
    (matchLabels === undefined || Object.keys(asObject(matchLabels)).length === 0) &&
    requirements.length === 1 &&
    requirements[0]!.key === ESO_MANAGED_LABEL &&
    requirements[0]!.operator === "DoesNotExist"
  );
}

export interface ScheduleCoverage {
  ttlSeconds: number;
  /** "not included" when the schedule does not name the namespace; else why it is no backup of it, or undefined. */
  gapFor: (namespace: string) => string | undefined;
}

export function scheduleCoverage(schedule: Json, namespace: string | undefined, veleroNamespace: string): ScheduleCoverage {
  const spec = asObject(schedule.spec);
  const template = asObject(spec.template);
  const included = asList(template.includedNamespaces).map(String);
  const excluded = asList(template.excludedNamespaces).map(String);
  const includedResources = asList(template.includedResources).map(String);
  const whole: string[] = [];
  if (namespace !== veleroNamespace) whole.push(`is in namespace '${String(namespace)}', where Velero does not run it`);
  if (spec.paused === true) whole.push("is paused");
  const cron = dailyScheduleProblem(spec.schedule);
  if (cron !== undefined) whole.push(cron);
  if (includedResources.length > 0 && !includedResources.includes("*")) whole.push(`backs up only ${includedResources.join(", ")}`);
  if (asList(template.excludedResources).length > 0) whole.push(`leaves out ${asList(template.excludedResources).map(String).join(", ")}`);
  if (template.orLabelSelectors !== undefined) whole.push("backs up only objects matching its orLabelSelectors");
  if (template.labelSelector !== undefined && !onlyLeavesOutSyncedSecrets(template.labelSelector))
    whole.push("backs up only objects matching its labelSelector");
  if (template.snapshotVolumes === false && template.defaultVolumesToFsBackup !== true)
    whole.push("takes no volume data (snapshotVolumes: false without defaultVolumesToFsBackup)");
  return {
    ttlSeconds: durationSeconds(typeof template.ttl === "string" ? template.ttl : "") ?? 0,
    gapFor: (name) => {
      if (!included.includes(name) && !included.includes("*")) return "not included";
      if (excluded.includes(name) || excluded.includes("*")) return `excludes '${name}'`;
      return whole.length === 0 ? undefined : whole.join(", ");
    },
  };
}
