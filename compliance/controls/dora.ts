/**
 * DORA, Regulation (EU) 2022/2554, and its ICT risk-management RTS (Commission
 * Delegated Regulation (EU) 2024/1774): RTS Art. 10 and 17 and DORA Art. 8 are
 * cited as checked in the reference notes; backup and restoration stays generic.
 */
import { leaverEvidence, ssoEvidence } from "../identity-evidence";
import { accessPaths, deliveryFlowEvidence } from "../access-evidence";
import { emergencyPath, ledgerBranchesProtected, releaseRecordsWritten, syncEventsDelivered } from "../ledger-evidence";
import type { ControlDefinition, EvidenceItem, MissingItem } from "../evidence-model";
import { resourceEvidence, uniqueEvidence } from "../evidence-model";
import { display, ofType, releasesOf, valueAt, veleroSchedules } from "../plan-queries";
import { pipelineStage } from "../pipeline-evidence";
import { restoreDrillConfiguration, restoreDrillResults } from "../restore-drill-evidence";
import { guardrails, platformSbomArtifact, release, resources, selector } from "../selectors";

/** Services whose data cannot be rebuilt from Git: their namespaces must be in a backup schedule. */
const STATEFUL_PLATFORM_CHARTS = ["harbor", "vault"];

export const DORA_CONTROLS: readonly ControlDefinition[] = [
  {
    id: "DORA-RTS-10-VULNERABILITIES",
    regulation: "DORA",
    article: "RTS 2024/1774 Art. 10",
    title: "Vulnerability and patch management",
    requirement:
      "Automated vulnerability scanning, tracking of third-party (including open-source) libraries, prioritised patching and records of detected vulnerabilities.",
    features: ["Harbor scans on push and re-scans daily", "pipeline CVE gate", "platform SBOM and per-image SBOMs"],
    evidence: [
      resources({
        looksFor: "Harbor's scheduled vulnerability scans",
        type: "harbor:index/interrogationServices:InterrogationServices",
        settings: (r) => ({ vulnerabilityScanPolicy: display(r.inputs.vulnerabilityScanPolicy) }),
        problems: (r) => (typeof r.inputs.vulnerabilityScanPolicy === "string" ? [] : ["no scheduled re-scan"]),
      }),
      pipelineStage("scan", "a CVE scan stage in every app pipeline"),
      guardrails("harbor-project-private-scanned", "harbor-deployment-security"),
      platformSbomArtifact(),
    ],
    notes: [
      "Harbor keeps scan results per artifact; recording vulnerabilities and following up their resolution in a tracker is an organisational process.",
    ],
  },
  {
    id: "DORA-RTS-17-CHANGE",
    regulation: "DORA",
    article: "RTS 2024/1774 Art. 17",
    title: "ICT change management",
    requirement:
      "Changes are approved independently of who requests and implements them, documented, tested, and have fall-back procedures.",
    features: [
      "protected branches and approvals by someone other than the author",
      "GitOps: every deployment is a reviewed commit",
      "atomic Helm releases roll back on failure",
      "Argo CD history for rollback",
      "the access graph: no path changes production without an approval by someone other than the author",
    ],
    evidence: [
      accessPaths(["unapproved-production-change"], "paths that change production without an independent approval"),
      deliveryFlowEvidence("each app's delivery flow: which ref signs and deploys, and where production waits for an approval"),
      guardrails(
        "gitlab-default-branch-protected",
        "gitlab-merge-approvals",
        "argocd-sources-pinned",
        "argocd-prod-sync-guarded",
        "helm-chart-pinned",
        "crd-release-dependency",
      ),
      resources({
        looksFor: "protected default branches",
        type: "gitlab:index/branchProtection:BranchProtection",
        settings: (r) => ({
          branch: display(r.inputs.branch),
          allowForcePush: display(r.inputs.allowForcePush),
          pushAccessLevel: display(r.inputs.pushAccessLevel),
        }),
      }),
      resources({
        looksFor: "merge request approval rules",
        type: "gitlab:index/projectApprovalRule:ProjectApprovalRule",
        settings: (r) => ({ approvalsRequired: display(r.inputs.approvalsRequired) }),
        problems: (r) =>
          typeof r.inputs.approvalsRequired === "number" && r.inputs.approvalsRequired >= 1 ? [] : ["no approval required"],
      }),
      resources({
        looksFor: "atomic Helm releases (automatic rollback)",
        type: "kubernetes:helm.sh/v3:Release",
        settings: (r) => ({ atomic: display(r.inputs.atomic), version: display(r.inputs.version) }),
        problems: (r) => (r.inputs.atomic === true ? [] : ["not atomic: a failed upgrade is not rolled back"]),
      }),
    ],
  },
  {
    id: "DORA-RTS-17-CHANGE-RECORDS",
    regulation: "DORA",
    article: "RTS 2024/1774 Art. 17",
    title: "Change records and emergency changes",
    requirement:
      "Every change is recorded (what, when, approved by whom, tested how), approvals are independent of the change's author, and emergency changes follow a defined path and are reviewed after the fact.",
    features: [
      "a release record per deployment (in-toto attestation in Harbor, VictoriaLogs line, hash-chained signed ledger in the config repository)",
      "Argo CD sync events kept in VictoriaLogs beyond Argo CD's history",
      "platform changes (pulumi up) recorded by the repository's CI",
      "an emergency path with an on-call group, a follow-up issue and an overdue alert",
      "npm run evidence -- --ledger: chain, signatures, approver independence, emergency reviews, the four DORA keys",
    ],
    evidence: [releaseRecordsWritten(), ledgerBranchesProtected(), syncEventsDelivered(), emergencyPath()],
    notes: [
      "Approver independence and review completion are judged on a ledger export (npm run evidence -- --ledger), not on the plan; keep that summary with this report.",
      "GitLab cannot lower approval rules per label: the reduced on-call approval is the recorded path, not a different GitLab rule.",
    ],
  },
  {
    id: "DORA-ART8-ASSETS",
    regulation: "DORA",
    article: "Art. 8",
    title: "ICT asset inventory",
    requirement: "Identify and inventory ICT assets and their dependencies, including third-party components.",
    features: ["platform SBOM", "owner labels on namespaces and workloads", "the plan document itself (every resource by URN)"],
    evidence: [
      platformSbomArtifact(),
      guardrails("namespace-labels", "workload-labels"),
      resources({
        looksFor: "namespaces labelled with their owner",
        type: "kubernetes:core/v1:Namespace",
        settings: (r) => {
          const labels = (valueAt(r.inputs, "metadata.labels") ?? {}) as Record<string, unknown>;
          return { owner: display(labels["platform.delivery/service"] ?? labels["platform.delivery/team"]) };
        },
        problems: (r) => {
          const labels = (valueAt(r.inputs, "metadata.labels") ?? {}) as Record<string, unknown>;
          return labels["platform.delivery/service"] === undefined && labels["platform.delivery/team"] === undefined
            ? ["no owner label"]
            : [];
        },
      }),
    ],
  },
  {
    id: "DORA-ACCESS-CONTROL",
    regulation: "DORA",
    // The RTS article on access control is not in the reference notes: the reference stays generic.
    article: "Access control",
    title: "Access control and least privilege",
    requirement: "Access to ICT assets is limited to what each role needs, separated between tenants, and every exception is recorded.",
    features: [
      "per-app Vault roles, Harbor robots, Argo CD projects and namespaces",
      "CI identities per ref class: merge requests and unprotected refs get no secrets",
      "accepted risks recorded as explicit edges of the access graph",
      "teams as identity-provider groups: one group per team role, mapped to Argo CD, Harbor, Vault, Grafana and Kubernetes",
      "leavers: offline sessions, Vault SSO tokens and API keys time-limited",
    ],
    evidence: [
      accessPaths(
        ["cross-owner", "untrusted-ref", "unapproved-production-change", "exposed-job"],
        "the access graph's paths that break an isolation rule, and the risks the stack accepts",
      ),
      guardrails(
        "vault-policy-least-privilege",
        "vault-kubernetes-role-bound",
        "vault-jwt-role-bound-claims",
        "harbor-robot-least-privilege",
      ),
      ssoEvidence(),
      leaverEvidence(),
    ],
  },
  {
    id: "DORA-BACKUP-RESTORE",
    regulation: "DORA",
    article: "Backup and restoration",
    title: "Backup policies and restoration",
    requirement: "Data and systems are backed up on a schedule with defined retention, protected from deletion, and can be restored.",
    features: [
      "Velero with file-system backups to object storage",
      "schedules for Harbor, Vault and every production app namespace",
      "protected stateful resources",
      "scheduled restore drills into scratch namespaces, with failure and overdue alerts",
    ],
    evidence: [
      release("velero", {
        looksFor: "Velero with a backup storage location",
        settings: (r) => ({
          uploaderType: display(valueAt(r.inputs, "values.configuration.uploaderType")),
          defaultBackupTTL: display(valueAt(r.inputs, "values.configuration.defaultBackupTTL")),
          bucket: display(valueAt(r.inputs, "values.configuration.backupStorageLocation.0.bucket")),
        }),
      }),
      selector("Velero schedules for the stateful platform services and every production app namespace", ({ plan }) => {
        const schedules = veleroSchedules(plan);
        const evidence: EvidenceItem[] = [];
        const missing: MissingItem[] = [];
        const required = [
          ...STATEFUL_PLATFORM_CHARTS.flatMap((chart) =>
            releasesOf(plan, chart).map((r) => ({ namespace: display(r.inputs.namespace), why: `${chart} data` })),
          ),
          ...ofType(plan, "kubernetes:core/v1:Namespace")
            .filter((n) => valueAt(n.inputs, ["metadata", "labels", "platform.delivery/environment"]) === "prod")
            .map((n) => ({ namespace: display(valueAt(n.inputs, "metadata.name")), why: "production app" })),
        ];
        for (const { namespace, why } of required) {
          const covering = schedules.filter((s) => s.namespaces.includes(namespace));
          if (covering.length === 0) missing.push({ what: `no Velero schedule backs up namespace '${namespace}' (${why})` });
          for (const s of covering)
            evidence.push(resourceEvidence(s.resource, { includedNamespaces: s.namespaces.join(", "), schedule: s.cron, ttl: s.ttl }));
        }
        return { evidence: uniqueEvidence(evidence), missing };
      }),
      guardrails("stateful-resources-protected", "prod-namespaces-backed-up", "vault-transit-keys-retained"),
      // Backups that are never restored are no evidence of restoration: the drills are (restore-drill-evidence.ts).
      restoreDrillConfiguration(),
      restoreDrillResults(),
      guardrails("drill-restores-confined"),
    ],
  },
];
