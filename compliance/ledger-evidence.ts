/**
 * Evidence of the release ledger (docs/release-ledger.md) from the plan: every app pipeline writes
 * release records, every config repository's ledger branch refuses force pushes, Argo CD sends sync
 * events to VictoriaLogs, and the emergency path exists with a review deadline. Each is read from
 * planned resources or stack outputs, never from this report.
 */
import { parse } from "yaml";
import { LEDGER_BRANCH } from "../components/shared/release-record";
import { resourceEvidence, type EvidenceSelector, type SelectorResult } from "./evidence-model";
import { display, ofType, releasesOf } from "./plan-queries";
import { selector } from "./selectors";

const PIPELINE_FILE = ".gitlab-ci.yml";
const RECORD_JOBS = ["ledger:prepare", "sign", "ledger:append"];

/** Each generated app pipeline has the ledger jobs, and its sign job writes the release record. */
export const releaseRecordsWritten = (): EvidenceSelector =>
  selector("app pipelines that write release records (attestation, ledger, log line)", ({ plan }): SelectorResult => {
    const files = ofType(plan, "gitlab:index/repositoryFile:RepositoryFile").filter((f) => f.inputs.filePath === PIPELINE_FILE);
    if (files.length === 0) return { evidence: [], missing: [{ what: "no generated app pipeline in the plan" }] };
    const result: SelectorResult = { evidence: [], missing: [] };
    for (const file of files) {
      const doc = (typeof file.inputs.content === "string" ? parse(file.inputs.content) : {}) as Record<string, { script?: string[] }>;
      const absent = RECORD_JOBS.filter((job) => doc[job] === undefined);
      const signScript = (doc.sign?.script ?? []).join("\n");
      if (absent.length > 0) result.missing.push({ what: `${file.name}: no ${absent.join(", ")} job` });
      else if (!signScript.includes("release-record.json")) result.missing.push({ what: `${file.name}: sign writes no release record` });
      else result.evidence.push(resourceEvidence(file, { "ledger jobs": RECORD_JOBS.join(", "), attestation: "release-record/v1" }));
    }
    return result;
  });

/** The config repositories' ledger branches: protected, no force push. */
export const ledgerBranchesProtected = (): EvidenceSelector =>
  selector(`'${LEDGER_BRANCH}' branch protections of the config repositories (append-only)`, ({ plan }): SelectorResult => {
    const protections = ofType(plan, "gitlab:index/branchProtection:BranchProtection").filter((r) => r.inputs.branch === LEDGER_BRANCH);
    if (protections.length === 0) return { evidence: [], missing: [{ what: `no protected '${LEDGER_BRANCH}' branch in the plan` }] };
    return {
      evidence: protections.map((r) =>
        resourceEvidence(r, { allowForcePush: display(r.inputs.allowForcePush), mergeAccessLevel: display(r.inputs.mergeAccessLevel) }),
      ),
      missing: protections
        .filter((r) => r.inputs.allowForcePush !== false)
        .map((r) => ({ what: `${r.name}: force pushes can rewrite the ledger` })),
    };
  });

/** Argo CD's notifications send the ledger's sync events (argocd/sync-events.ts). */
export const syncEventsDelivered = (): EvidenceSelector =>
  selector("Argo CD sync events delivered to VictoriaLogs", ({ plan }): SelectorResult => {
    const releases = releasesOf(plan, "argo-cd");
    if (releases.length === 0) return { evidence: [], missing: [{ what: "no Argo CD in the plan" }] };
    const result: SelectorResult = { evidence: [], missing: [] };
    for (const r of releases) {
      const notifiers = Object.keys(
        (r.inputs.values as { notifications?: { notifiers?: object } } | undefined)?.notifications?.notifiers ?? {},
      );
      const ledger = notifiers.filter((n) => n.startsWith("service.webhook.release-ledger-"));
      if (ledger.length === 0)
        result.missing.push({ what: `${r.name}: no sync-event webhook to VictoriaLogs (services.victoriaLogs disabled?)` });
      else result.evidence.push(resourceEvidence(r, { "sync event services": ledger.join(", ") }));
    }
    return result;
  });

/** The emergency path: the accepted risk the access graph shows, with its on-call group and review deadline. */
export const emergencyPath = (): EvidenceSelector =>
  selector("the emergency change path (on-call group, review deadline)", ({ plan }): SelectorResult => {
    const risks = (Array.isArray(plan.outputs.acceptedRisks) ? plan.outputs.acceptedRisks : []) as {
      id?: string;
      group?: string;
      approvals?: number;
    }[];
    const risk = risks.find((r) => r.id === "emergency-change");
    const ledger = plan.outputs.releaseLedger as { emergency?: { reviewDueDays?: number } } | undefined;
    if (risk === undefined || ledger?.emergency?.reviewDueDays === undefined)
      return {
        evidence: [],
        missing: [{ what: "no emergency change path (releaseLedger.emergency): urgent changes have no recorded, reviewed route" }],
      };
    return {
      evidence: [
        {
          kind: "artifact",
          id: "emergency-change",
          title: "emergency change path (stack outputs acceptedRisks, releaseLedger)",
          settings: {
            group: risk.group ?? "",
            approvals: String(risk.approvals ?? ""),
            reviewDueDays: String(ledger.emergency.reviewDueDays),
          },
        },
      ],
      missing: [],
    };
  });
