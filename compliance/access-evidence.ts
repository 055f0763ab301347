import { brokenPromises } from "../access/delivery-flow-promises";
import { jobAbilities } from "../access/delivery-flow-table";
import type { RuleId } from "../access/rules";
import type { EvidenceItem, EvidenceSelector } from "./evidence-model";
import { selector } from "./selectors";

/**
 * Evidence from the access graph (compliance/access-matrix.ts): the graph's size, each path a
 * stack accepts as a risk (with its reason), and each path that breaks one of `rules` as a
 * missing item. Without a computed graph (a report built without it) it says nothing.
 */
export function accessPaths(rules: readonly RuleId[], looksFor: string): EvidenceSelector {
  return selector(looksFor, ({ access }) => {
    if (access === undefined) return { evidence: [], missing: [] };
    if (access.kind === "invalid")
      return { evidence: [], missing: access.problems.map((what) => ({ what: `access graph not computed: ${what}` })) };
    const relevant = access.paths.filter((p) => rules.includes(p.rule));
    const evidence: EvidenceItem[] = [
      {
        kind: "artifact",
        id: "access-graph",
        title: "Access graph of this plan (npm run access): principals, assets and the edges between them",
        settings: {
          principals: String(access.principals),
          assets: String(access.assets),
          edges: String(access.edges),
          "broken rule paths": String(access.paths.filter((p) => p.accepted === undefined).length),
          "accepted risks": String(access.paths.filter((p) => p.accepted !== undefined).length),
        },
      },
      ...relevant
        .filter((p) => p.accepted !== undefined)
        .map((p, i): EvidenceItem => ({
          kind: "artifact",
          id: `access-accepted-${p.rule}-${i + 1}`,
          title: `Accepted risk ${p.accepted!.id} (${p.rule})`,
          settings: { reason: p.accepted!.reason, path: p.path },
        })),
    ];
    return {
      evidence,
      missing: relevant
        .filter((p) => p.accepted === undefined)
        .map((p) => ({ what: `access path breaks ${p.rule} (${p.description}): ${p.path}` })),
    };
  });
}

/**
 * The delivery flow of every app (access/delivery-flow.ts) as evidence: per ref class the jobs that
 * run with the Vault role each logs in to and what it can do next, admission parity and each
 * environment's sync; every broken promise of the flow is a missing item.
 */
export function deliveryFlowEvidence(looksFor: string): EvidenceSelector {
  return selector(looksFor, ({ access }) => {
    if (access === undefined || access.kind === "invalid") return { evidence: [], missing: [] };
    const evidence = access.flow.apps.map((app): EvidenceItem => ({
      kind: "artifact",
      id: `delivery-flow-${app.app}`,
      title: `Delivery flow of ${app.app} (team ${app.team}): what each ref's pipeline can do`,
      settings: {
        ...Object.fromEntries(
          app.refClasses.map((ref) => [
            ref.refClass,
            ref.jobs
              .map(
                (job) =>
                  `${job.job}${job.vaultRoles.length > 0 ? ` as ${job.vaultRoles.join(", ")}` : ""}${jobAbilities(job) ? `: ${jobAbilities(job)}` : ""}`,
              )
              .join("; ") || "no job runs",
          ]),
        ),
        admission: `${app.admission.admitsDefaultBranch ? "admits" : "does not admit"} the default branch's signature (${app.admission.detail})`,
        ...Object.fromEntries(
          app.environments.map((e) => [
            `environment ${e.environment}`,
            `${e.application ?? "no Application"} syncs ${e.branch ?? "-"} ${e.automated ? "automatically" : "manually"}; written ${e.written}`,
          ]),
        ),
      },
    }));
    return { evidence, missing: brokenPromises(access.flow).map((what) => ({ what: `delivery flow: ${what}` })) };
  });
}
