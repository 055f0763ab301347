import { DRILL_CLEANUP_KINDS } from "./rbac";
import { RESTORED_BY_LABEL } from "./names";
import { drillRestore, type DrillTarget } from "./restore-spec";

/** Metric names the runner pushes (one series per drill, labels `drill` and `schedule`). */
export const DRILL_METRICS = {
  lastRun: "restore_drill_last_run_timestamp_seconds",
  lastSuccess: "restore_drill_last_success_timestamp_seconds",
  success: "restore_drill_success",
  restoreSeconds: "restore_drill_restore_duration_seconds",
  backupAge: "restore_drill_backup_age_seconds",
} as const;

const kindList = DRILL_CLEANUP_KINDS.flatMap(({ group, resources }) => resources.map((r) => (group === "" ? r : `${r}.${group}`))).join(
  ",",
);

/** Shell placeholders inside the Restore manifest: the script fills them in when it knows the backup. */
const BACKUP = "__BACKUP__";
const RESTORE = "__RESTORE__";

/**
 * The drill, as a POSIX shell script for the runner image (kubectl, jq, curl):
 * 1. clean up what an interrupted run left in the drill namespaces;
 * 2. pick the schedule's latest Completed backup (Velero labels backups `velero.io/schedule-name`)
 *    and note its age;
 * 3. create the Restore (drillRestore) and wait for a final phase, timing it;
 * 4. wait until every Deployment, StatefulSet and DaemonSet of the copy has rolled out, then the
 *    optional HTTP check;
 * 5. push the results to VictoriaMetrics (Prometheus text to vmagent's /api/v1/import/prometheus)
 *    and, whatever happened, clean up again: the restored objects, by Velero's restore label, and
 *    the Restore object.
 * Any failure exits non-zero after pushing `restore_drill_success 0`.
 */
export function drillScript(drill: DrillTarget, veleroNamespace: string, timeoutSeconds: number): string {
  const restore = JSON.stringify(drillRestore(drill, { restore: RESTORE, backup: BACKUP, veleroNamespace }));
  const targets = drill.namespaces.map((ns) => ns.target).join(" ");
  const labels = `drill="${drill.name}",schedule="${drill.scheduleName}"`;
  const http = drill.httpCheck;
  return [
    "set -eu",
    `TARGETS="${targets}"`,
    `LABELS='${labels}'`,
    "OK=0",
    'RESTORE=""',
    'RESTORE_SECONDS=""',
    'BACKUP_AGE=""',
    "report() {",
    '  NOW="$(date +%s)"',
    "  {",
    `    echo "${DRILL_METRICS.lastRun}{$LABELS} $NOW"`,
    `    echo "${DRILL_METRICS.success}{$LABELS} $1"`,
    `    if [ -n "$RESTORE_SECONDS" ]; then echo "${DRILL_METRICS.restoreSeconds}{$LABELS} $RESTORE_SECONDS"; fi`,
    `    if [ -n "$BACKUP_AGE" ]; then echo "${DRILL_METRICS.backupAge}{$LABELS} $BACKUP_AGE"; fi`,
    `    if [ "$1" = 1 ]; then echo "${DRILL_METRICS.lastSuccess}{$LABELS} $NOW"; fi`,
    '  } | curl -fsS --max-time 20 --data-binary @- "$METRICS_URL" || echo "could not push the drill results" >&2',
    "}",
    "cleanup() {",
    "  for ns in $TARGETS; do",
    `    kubectl -n "$ns" delete ${kindList} -l ${RESTORED_BY_LABEL} --ignore-not-found --wait=false || true`,
    // DELETE on the collection: removes the restored Secrets without reading them (the Role has no get/list on Secrets).
    `    kubectl delete --raw "/api/v1/namespaces/$ns/secrets?labelSelector=${encodeURIComponent(RESTORED_BY_LABEL)}" > /dev/null || true`,
    "  done",
    `  if [ -n "$RESTORE" ]; then kubectl -n ${veleroNamespace} delete restores.velero.io "$RESTORE" --ignore-not-found --wait=false || true; fi`,
    "}",
    'finish() { rc=$?; if [ "$OK" != 1 ]; then report 0; fi; cleanup; exit $rc; }',
    "trap finish EXIT",
    "cleanup",
    `LATEST="$(kubectl -n ${veleroNamespace} get backups.velero.io -l velero.io/schedule-name=${drill.scheduleName} -o json | jq -r '[.items[] | select(.status.phase == "Completed")] | sort_by(.status.completionTimestamp) | last | select(. != null) | "\\(.metadata.name) \\(.status.completionTimestamp | fromdateiso8601)"')"`,
    `if [ -z "$LATEST" ]; then echo "schedule ${drill.scheduleName} has no completed backup" >&2; exit 1; fi`,
    'BACKUP="${LATEST% *}"',
    'START="$(date +%s)"',
    'BACKUP_AGE="$((START - ${LATEST#* }))"',
    `RESTORE="drill-${drill.name}-$(date -u +%Y%m%d%H%M%S)"`,
    `cat <<EOF | kubectl create -f -`,
    restore.replaceAll(BACKUP, "$BACKUP").replaceAll(RESTORE, "$RESTORE"),
    "EOF",
    "while :; do",
    `  PHASE="$(kubectl -n ${veleroNamespace} get restores.velero.io "$RESTORE" -o jsonpath='{.status.phase}')"`,
    '  case "$PHASE" in',
    "    Completed) break ;;",
    '    PartiallyFailed | Failed | FailedValidation) echo "restore $RESTORE ended $PHASE" >&2; exit 1 ;;',
    "  esac",
    `  if [ "$(($(date +%s) - START))" -gt ${timeoutSeconds} ]; then echo "restore $RESTORE did not finish in ${timeoutSeconds}s" >&2; exit 1; fi`,
    "  sleep 10",
    "done",
    'RESTORE_SECONDS="$(($(date +%s) - START))"',
    "for ns in $TARGETS; do",
    '  for workload in $(kubectl -n "$ns" get deployments.apps,statefulsets.apps,daemonsets.apps -o name); do',
    `    kubectl -n "$ns" rollout status "$workload" --timeout=${timeoutSeconds}s`,
    "  done",
    "done",
    ...(http === undefined
      ? []
      : drill.namespaces.map(
          (ns) => `curl -fsS --max-time 20 -o /dev/null "http://${http.service}.${ns.target}.svc:${http.port}${http.path}"`,
        )),
    "OK=1",
    "report 1",
  ].join("\n");
}
