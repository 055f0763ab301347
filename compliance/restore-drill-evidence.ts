import { DRILL_LABEL } from "../components/platform/restore-drills/names";
import type { PlanResource } from "../plan/plan-document";
import type { DrillResult } from "./drill-results";
import { resourceEvidence, type EvidenceItem, type EvidenceSelector, type MissingItem } from "./evidence-model";
import { display, ofType, valueAt } from "./plan-queries";
import { selector } from "./selectors";

const CRONJOB = "kubernetes:batch/v1:CronJob";
/** The drill label of docs/runbooks/vault-raft-restore-drill.sh. */
const VAULT_RAFT_DRILL = "vault-raft-snapshot";
const NAMESPACE = "kubernetes:core/v1:Namespace";
const VMRULE = "kubernetes:operator.victoriametrics.com/v1beta1:VMRule";
/** The overdue rule of each drill (components/platform/restore-drills/alert-rules.ts): `[<hours>h]` is its window. */
const OVERDUE = /^absent_over_time\(restore_drill_last_success_timestamp_seconds\{drill="([^"]+)"\}\[(\d+)h\]\)$/;

const label = (r: PlanResource): string | undefined => {
  const value = valueAt(r.inputs, ["metadata", "labels", DRILL_LABEL]);
  return typeof value === "string" ? value : undefined;
};

/** The drills of the plan: CronJob per drill, the namespaces each copies, and its overdue window from the alert rules. */
function plannedDrills(resources: readonly PlanResource[]) {
  const overdue = new Map<string, number>();
  for (const rule of resources.filter((r) => r.type === VMRULE))
    for (const group of (valueAt(rule.inputs, "spec.groups") as { rules?: { alert?: string; expr?: unknown }[] }[] | undefined) ?? [])
      for (const r of group.rules ?? []) {
        const match = r.alert === "RestoreDrillOverdue" && typeof r.expr === "string" ? OVERDUE.exec(r.expr) : null;
        if (match) overdue.set(match[1]!, Number(match[2]));
      }
  return resources
    .filter((r) => r.type === CRONJOB && label(r) !== undefined)
    .map((cronJob) => ({ name: label(cronJob)!, cronJob, maxAgeHours: overdue.get(label(cronJob)!) }));
}

/**
 * Restore testing from the drill configuration: every production app namespace has a drill
 * namespace its backups are restored into, by a CronJob, with an alert when it has not succeeded
 * within its window. The admission policy that confines the drills is rated by the guardrails
 * selector (drill-restores-confined).
 */
export const restoreDrillConfiguration = (): EvidenceSelector =>
  selector("scheduled restore drills for every production app namespace, with an overdue alert", ({ plan }) => {
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    const drills = plannedDrills(plan.resources);
    const copies = new Map(
      ofType(plan, NAMESPACE)
        .filter((n) => label(n) !== undefined)
        .map((n) => [label(n)!, n]),
    );
    const production = ofType(plan, NAMESPACE)
      .filter((n) => valueAt(n.inputs, ["metadata", "labels", "platform.delivery/environment"]) === "prod")
      .map((n) => display(valueAt(n.inputs, "metadata.name")));
    if (drills.length === 0) missing.push({ what: "no restore drill is configured: backups are never restored (services.velero.drills)" });
    for (const namespace of production) {
      const copy = copies.get(namespace);
      if (copy === undefined) missing.push({ what: `no restore drill restores namespace '${namespace}' (backup.drill of its app)` });
      else evidence.push(resourceEvidence(copy, { copies: namespace }));
    }
    for (const drill of drills) {
      evidence.push(
        resourceEvidence(drill.cronJob, {
          schedule: display(valueAt(drill.cronJob.inputs, "spec.schedule")),
          overdueAfter: drill.maxAgeHours === undefined ? "no alert" : `${drill.maxAgeHours}h`,
        }),
      );
      if (drill.maxAgeHours === undefined)
        missing.push({ what: `restore drill '${drill.name}' has no overdue alert (RestoreDrillOverdue)` });
    }
    return { evidence, missing };
  });

/**
 * Restore testing from the drills' results, when an export is given (`npm run evidence --
 * --drill-results <file>`): each planned drill's latest run passed and a run passed within its
 * overdue window, counted back from the report's time.
 */
export const restoreDrillResults = (): EvidenceSelector =>
  selector("results of the restore drills, when an export of their metrics is given", ({ plan, drillResults, generatedAt }) => {
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    if (drillResults === undefined) return { evidence, missing };
    const results: ReadonlyMap<string, DrillResult> = drillResults;
    const now = generatedAt ?? new Date();
    for (const drill of plannedDrills(plan.resources)) {
      const result = results.get(drill.name);
      const window = (drill.maxAgeHours ?? 24 * 8) * 3600_000;
      if (result?.lastSuccess === undefined || now.getTime() - result.lastSuccess.getTime() > window) {
        missing.push({
          what: `restore drill '${drill.name}' has no successful run in the export within ${window / 3600_000}h of ${now.toISOString()}`,
        });
        continue;
      }
      if (result.lastRunSucceeded === false)
        missing.push({ what: `restore drill '${drill.name}' failed its latest run (${result.lastRun!.toISOString()})` });
      evidence.push({
        kind: "artifact",
        id: `restore-drill-${drill.name}`,
        title: `restore drill ${drill.name}: latest results`,
        settings: {
          lastSuccess: result.lastSuccess.toISOString(),
          ...(result.restoreSeconds === undefined ? {} : { restoreSeconds: String(result.restoreSeconds) }),
          ...(result.backupAgeSeconds === undefined ? {} : { backupAgeHours: (result.backupAgeSeconds / 3600).toFixed(1) }),
        },
      });
    }
    // The Vault raft snapshot drill runs from a script (docs/runbooks/vault-raft-restore-drill.md): shown when exported.
    const vault = results.get(VAULT_RAFT_DRILL);
    if (vault?.lastSuccess !== undefined)
      evidence.push({
        kind: "artifact",
        id: `restore-drill-${VAULT_RAFT_DRILL}`,
        title: "Vault raft snapshot restore drill: latest results",
        settings: { lastSuccess: vault.lastSuccess.toISOString(), latestRunPassed: String(vault.lastRunSucceeded ?? "unknown") },
      });
    return { evidence, missing };
  });
