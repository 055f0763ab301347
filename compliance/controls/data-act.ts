/**
 * Data Act, Regulation (EU) 2023/2854: switching between data processing
 * services and data export. No article numbers are cited (none are in the
 * project's checked notes).
 */
import { uniqueEvidence, type ControlDefinition, type EvidenceItem, type MissingItem } from "../evidence-model";
import { exitPlan } from "../exit-plan";
import { display, releasesOf, valueAt } from "../plan-queries";
import { resources, selector } from "../selectors";

export const DATA_ACT_CONTROLS: readonly ControlDefinition[] = [
  {
    id: "DATA-ACT-SWITCHING",
    regulation: "DataAct",
    article: "Switching between data processing services",
    title: "Exit plan: dependencies, data locations, export procedures",
    requirement: "Customers can switch provider: every external dependency and data location is known and has an export procedure.",
    features: [
      "an exit plan derived from the planned resources (compliance/exit-plan.ts)",
      "all infrastructure as code in this repository",
    ],
    evidence: [
      selector("an exit plan with an export procedure for every data location", ({ plan }) => {
        const exit = exitPlan(plan);
        const evidence: EvidenceItem[] = [...exit.dependencies, ...exit.dataLocations].flatMap((d) => d.evidence);
        const missing: MissingItem[] = [];
        if (exit.dependencies.length === 0) missing.push({ what: "no external dependency found in the plan" });
        if (exit.dataLocations.length === 0) missing.push({ what: "no data location found in the plan" });
        const covered = new Set(exit.procedures.map((p) => p.service));
        for (const location of exit.dataLocations)
          if (!covered.has(location.service)) missing.push({ what: `no export procedure for ${location.description}` });
        // The procedures are documented steps; an auditor needs one carried out.
        missing.push({ what: "no export drill on record: the export procedures have not been carried out and timed" });
        return { evidence: uniqueEvidence(evidence), missing };
      }),
    ],
    notes: ["Contractual switching terms (notice periods, transition period, charges) are outside the platform."],
  },
  {
    id: "DATA-ACT-EXPORT",
    regulation: "DataAct",
    article: "Data export",
    title: "Data exportable in open, machine-readable formats",
    requirement: "Data and digital assets can be exported in structured, commonly used and machine-readable formats.",
    features: [
      "Git repositories (full history)",
      "OCI images and signatures",
      "Vault Raft snapshots",
      "Velero backups in S3-compatible object storage",
    ],
    evidence: [
      resources({
        looksFor: "GitLab projects (Git)",
        type: "gitlab:index/project:Project",
        settings: (r) => ({ path: display(r.inputs.path) }),
      }),
      resources({
        looksFor: "Harbor projects (OCI registry)",
        type: "harbor:index/project:Project",
        settings: (r) => ({ name: display(r.inputs.name) }),
      }),
      backupOutsideCluster("a Velero backup location outside the cluster"),
    ],
  },
];

/** Velero backups only leave the cluster when the bucket is not a service inside it. */
function backupOutsideCluster(looksFor: string) {
  return selector(looksFor, ({ plan }) => {
    const found = releasesOf(plan, "velero");
    if (found.length === 0) return { evidence: [], missing: [{ what: "no Velero release in the plan" }] };
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    for (const r of found) {
      const locations = valueAt(r.inputs, "values.configuration.backupStorageLocation");
      for (const bsl of Array.isArray(locations) ? locations : []) {
        const url = display(valueAt(bsl, "config.s3Url"));
        evidence.push({
          kind: "resource",
          urn: r.urn,
          type: r.type,
          name: r.name,
          settings: { bucket: display(valueAt(bsl, "bucket")), s3Url: url },
        });
        if (/\.svc(\.|:|$)/.test(url))
          missing.push({ what: `backups go to ${url}, a store inside the same cluster: they are lost with it (dev only?)` });
      }
    }
    return { evidence, missing };
  });
}
