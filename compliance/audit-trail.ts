/**
 * Where each audit trail of the platform lives and how long it is kept, as far
 * as the plan shows it. Anything the plan does not configure is said to be not
 * configured, with what would configure it.
 */
import type { PlanDocument } from "../plan/plan-document";
import { resourceEvidence, type EvidenceItem } from "./evidence-model";
import { display, ofType, releasesOf, valueAt, veleroSchedules } from "./plan-queries";

export type TrailState = "configured" | "partial" | "not configured";

export interface AuditTrail {
  id: string;
  trail: string;
  state: TrailState;
  /** Where the records are written and can be read. */
  where: string;
  /** How long they are kept, from the plan's settings where it sets one. */
  retention: string;
  evidence: EvidenceItem[];
  gaps: string[];
}

interface LogStore {
  evidence: EvidenceItem[];
  backedUp: boolean;
  where: string;
  retention: string;
  gaps: string[];
}

/** Container stdout lands in VictoriaLogs when both the collector and the server are installed. */
function logStore(plan: PlanDocument): LogStore {
  const server = releasesOf(plan, "victoria-logs-single")[0];
  const collector = releasesOf(plan, "victoria-logs-collector")[0];
  if (server === undefined || collector === undefined)
    return {
      evidence: [],
      backedUp: false,
      where: "container stdout only (kubelet log files on the node)",
      retention: "until the node rotates its container logs",
      gaps: ["VictoriaLogs (server and collector) is not installed: stdout logs are not collected centrally"],
    };
  const retention = valueAt(server.inputs, "values.server.retentionPeriod");
  const namespace = display(server.inputs.namespace);
  return {
    backedUp: veleroSchedules(plan).some((s) => s.namespaces.includes(namespace)),
    evidence: [
      resourceEvidence(server, {
        "values.server.retentionPeriod": display(retention),
        "values.server.persistentVolume.size": display(valueAt(server.inputs, "values.server.persistentVolume.size")),
      }),
      resourceEvidence(collector, { remoteWrite: display(valueAt(collector.inputs, "values.remoteWrite")) }),
    ],
    where: `VictoriaLogs in namespace '${namespace}' (collected from container stdout)`,
    retention: typeof retention === "string" ? retention : "the chart's default (the plan sets no retentionPeriod)",
    gaps: typeof retention === "string" ? [] : ["no VictoriaLogs retentionPeriod set in the release values"],
  };
}

function vaultTrail(plan: PlanDocument, logs: LogStore): AuditTrail {
  const devices = ofType(plan, "vault:index/audit:Audit");
  if (devices.length === 0)
    return {
      id: "vault-audit",
      trail: "Vault audit device",
      state: "not configured",
      where: "nowhere: no Vault audit device in the plan",
      retention: "n/a",
      evidence: [],
      gaps: ["no vault:index/audit:Audit resource (services.vault.audit, and Vault configured through the provider)"],
    };
  const toStdout = devices.some((d) => d.inputs.type === "file" && valueAt(d.inputs, "options.file_path") === "stdout");
  const evidence = devices.map((d) =>
    resourceEvidence(d, {
      type: display(d.inputs.type),
      "options.file_path": display(valueAt(d.inputs, "options.file_path")),
      "options.format": display(valueAt(d.inputs, "options.format")),
    }),
  );
  return {
    id: "vault-audit",
    trail: "Vault audit device",
    state: toStdout && logs.gaps.length > 0 ? "partial" : "configured",
    where: toStdout ? `Vault server stdout -> ${logs.where}` : "the audit device's own target",
    retention: toStdout ? logs.retention : "as the target keeps it",
    evidence: [...evidence, ...(toStdout ? logs.evidence : [])],
    gaps: [
      ...(toStdout ? logs.gaps : []),
      ...(toStdout && !logs.backedUp
        ? ["VictoriaLogs is in no Velero schedule: the audit log is kept for its retention period, not backed up"]
        : []),
    ],
  };
}

function harborTrail(plan: PlanDocument): AuditTrail {
  const harbor = releasesOf(plan, "harbor")[0];
  const systemConfig = ofType(plan, "harbor:index/configSystem:ConfigSystem")[0];
  if (harbor === undefined)
    return {
      id: "harbor-audit",
      trail: "Harbor audit log",
      state: "not configured",
      where: "Harbor is not installed",
      retention: "n/a",
      evidence: [],
      gaps: [],
    };
  const forward = systemConfig?.inputs.auditLogForwardEndpoint;
  const purge = ofType(plan, "harbor:index/purgeAuditLog:PurgeAuditLog")[0];
  const retentionHours = purge?.inputs.auditRetentionHour;
  const database = display(valueAt(harbor.inputs, "values.database.type") ?? "internal");
  const evidence = [resourceEvidence(harbor, { "values.database.type": database })];
  if (systemConfig)
    evidence.push(
      resourceEvidence(systemConfig, {
        auditLogForwardEndpoint: display(forward),
        skipAuditLogDatabase: display(systemConfig.inputs.skipAuditLogDatabase),
      }),
    );
  if (purge)
    evidence.push(
      resourceEvidence(purge, {
        auditRetentionHour: display(retentionHours),
        includeOperations: display(purge.inputs.includeOperations),
        schedule: display(purge.inputs.schedule),
      }),
    );
  const gaps = [
    ...(typeof forward === "string" ? [] : ["audit log forwarding is not configured (harbor:index/configSystem auditLogForwardEndpoint)"]),
    ...(purge ? [] : ["no audit log purge/retention schedule is configured in Harbor"]),
  ];
  return {
    id: "harbor-audit",
    trail: "Harbor audit log",
    state: gaps.length === 0 ? "configured" : "partial",
    where: `Harbor's ${database} database (Administration > Logs)${typeof forward === "string" ? `, forwarded to ${forward}` : ""}`,
    retention:
      typeof retentionHours === "number"
        ? `${retentionHours} h (${Math.round((retentionHours / 24) * 10) / 10} days); older entries are purged on schedule '${display(purge?.inputs.schedule)}'`
        : "until purged: the plan configures no audit log purge schedule",
    evidence,
    gaps,
  };
}

function argoCdTrail(plan: PlanDocument): AuditTrail {
  const argocd = releasesOf(plan, "argo-cd")[0];
  if (argocd === undefined)
    return {
      id: "argocd-history",
      trail: "Argo CD sync history and notifications",
      state: "not configured",
      where: "Argo CD is not installed",
      retention: "n/a",
      evidence: [],
      gaps: [],
    };
  const applications = ofType(plan, "kubernetes:argoproj.io/v1alpha1:Application");
  const limits = new Set(applications.map((a) => display(valueAt(a.inputs, "spec.revisionHistoryLimit"))));
  const notifications = valueAt(argocd.inputs, "values.notifications") as Record<string, unknown> | undefined;
  const triggers = Object.keys((notifications?.triggers as Record<string, unknown> | undefined) ?? {});
  const notifiers = Object.keys((notifications?.notifiers as Record<string, unknown> | undefined) ?? {});
  const subscriptions = Array.isArray(notifications?.subscriptions) ? notifications.subscriptions.length : 0;
  const gaps: string[] = [];
  if (notifications?.enabled !== true) gaps.push("Argo CD notifications are disabled");
  else if (notifiers.length === 0 || subscriptions === 0)
    gaps.push("notification triggers exist but no notifier/subscription is configured (services.argocd.notifications)");
  return {
    id: "argocd-history",
    trail: "Argo CD sync history and notifications",
    state: gaps.length === 0 ? "configured" : "partial",
    where:
      "each Application's status.history (deployed revisions) in the argocd namespace; the durable record is the Git history of the config repositories" +
      (notifiers.length > 0 ? `; notifications to ${notifiers.join(", ")}` : ""),
    retention: `${[...limits].map((l) => (l === "not set" ? "10 revisions (CRD default; spec.revisionHistoryLimit not set)" : `${l} revisions`)).join(", ") || "n/a (no Applications)"} per Application; Git history for as long as the GitLab project exists`,
    evidence: [
      resourceEvidence(argocd, {
        "values.notifications.enabled": display(notifications?.enabled),
        triggers: triggers.join(", ") || "none",
        notifiers: notifiers.join(", ") || "none",
        subscriptions: String(subscriptions),
      }),
      ...applications.map((a) =>
        resourceEvidence(a, { "spec.revisionHistoryLimit": display(valueAt(a.inputs, "spec.revisionHistoryLimit")) }),
      ),
    ],
    gaps,
  };
}

/** The API server's audit policy is a cluster setting no plan resource can show. */
function kubernetesTrail(): AuditTrail {
  return {
    id: "kubernetes-audit",
    trail: "Kubernetes API audit events",
    state: "not configured",
    where: "not configured by the platform: the API server audit policy and log backend are cluster settings (k3d or the managed provider)",
    retention: "n/a",
    evidence: [],
    gaps: [
      "enable an audit policy on the cluster (managed clusters: the provider's control-plane audit logs; k3s/k3d: the kube-apiserver flags --audit-policy-file and --audit-log-path) and ship the log to VictoriaLogs",
    ],
  };
}

export function auditTrails(plan: PlanDocument): AuditTrail[] {
  const logs = logStore(plan);
  return [vaultTrail(plan, logs), harborTrail(plan), argoCdTrail(plan), kubernetesTrail()];
}
