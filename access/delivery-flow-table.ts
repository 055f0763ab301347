import type { AppFlow, DeliveryFlow, JobReach } from "./delivery-flow";
import type { RefClass } from "./graph";

const REF_CLASS_LABELS: Record<RefClass, string> = {
  "merge-request": "merge request (same project)",
  "fork-merge-request": "merge request from a fork",
  "unprotected-branch": "unprotected branch",
  "protected-branch": "protected branch",
  "default-branch": "default branch",
  tag: "release tag",
};

const cell = (text: string) => (text === "" ? "–" : text.replace(/\|/g, "\\|"));
const list = (values: readonly string[]) => values.join(", ");

/** What one job may do, in words: `push`, `sign (ledger)`, `write env/staging`, `deploy staging`, `prod after approval`. */
export function jobAbilities(job: JobReach): string {
  return [
    ...(job.push ? ["push"] : []),
    ...(job.signs.length > 0 ? [`sign (${list(job.signs)})`] : []),
    ...job.writes.map((b) => `write ${b}`),
    ...job.deploys.map((e) => `deploy ${e}`),
    ...job.deploysAfterApproval.map((e) => `${e} after approval`),
    ...(job.productionSecrets ? ["production secrets"] : []),
  ].join(", ");
}

const roleName = (role: string) => role.slice(role.indexOf("/") + 1);

function appSection(app: AppFlow): string {
  const rows = app.refClasses.flatMap((flow) => {
    const ref = REF_CLASS_LABELS[flow.refClass];
    const pusher = cell(list(flow.pusherRoles.map(roleName)));
    if (flow.jobs.length === 0) return [`| ${ref} | – | – | – | ${pusher} |`];
    return flow.jobs.map(
      (job, i) =>
        `| ${i === 0 ? ref : ""} | ${job.job} | ${cell(list(job.vaultRoles.map(roleName)))} | ${cell(jobAbilities(job))} | ${i === 0 ? pusher : ""} |`,
    );
  });
  const environments = app.environments.map(
    (e) =>
      `- \`${e.environment}\`${e.production ? " (production)" : ""}: ` +
      (e.application === undefined
        ? "no Argo CD Application"
        : `Application \`${e.application}\` syncs \`${e.branch ?? "HEAD"}\` ${e.automated ? "automatically" : "when a maintainer syncs it"}; ` +
          `the default branch's deploy jobs write it ${e.written === "no" ? "never" : e.written}.`),
  );
  return [
    `## ${app.app} (team ${app.team})`,
    "",
    "| Pipeline for | Job | Logs in to Vault as | Can then | A job the pusher writes could log in as |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
    "",
    `- Admission: ${app.admission.policy ? `\`${app.admission.policy}\` ` : ""}${app.admission.admitsDefaultBranch ? "admits" : "does NOT admit"} what the default branch signs (${app.admission.detail}).`,
    ...environments,
    "",
  ].join("\n");
}

/** The delivery flow as Markdown: one table per app (docs/delivery-flow.md, the evidence report). */
export function renderDeliveryFlow(flow: DeliveryFlow): string {
  return flow.apps.map(appSection).join("\n");
}
