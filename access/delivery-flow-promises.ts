import { deployBranch } from "../components/onboarding/repositories/write-model";
import type { DeliveryFlow } from "./delivery-flow";

/**
 * What the delivery flow must show (issue 16): only the default branch signs and deploys; merge
 * requests, forks and unprotected refs get no Vault identity (at most a push-only one for a pusher
 * who writes their own CI file on a protected ref, and the app's push-only preview identity for a
 * same-project merge request, docs/preview-environments.md); production changes only through an approved
 * merge request; admission admits what the default branch signs; each Application syncs the branch
 * the deploy jobs write, non-production ones by themselves.
 */
/** `<jwt mount>/ci.<team>.<app>.preview`: the app's push-only preview identity (AppNames.previews.ciAccess). */
const isPreviewRole = (role: string, app: string): boolean => role.endsWith(`.${app}.preview`);

export function brokenPromises(flow: DeliveryFlow): string[] {
  const broken: string[] = [];
  for (const app of flow.apps) {
    for (const ref of app.refClasses) {
      for (const job of ref.jobs) {
        const where = `${app.app} ${ref.refClass} ${job.job}`;
        if (ref.refClass !== "default-branch") {
          if (job.signs.length > 0 || job.deploys.length > 0 || job.deploysAfterApproval.length > 0 || job.writes.length > 0)
            broken.push(`${where}: signs or deploys off the default branch`);
          const notPreview = job.vaultRoles.filter((role) => !(ref.refClass === "merge-request" && isPreviewRole(role, app.app)));
          if (ref.refClass.includes("merge-request") && notPreview.length > 0)
            broken.push(`${where}: a merge request job gets ${notPreview.join(", ")}`);
        }
        for (const environment of job.deploys)
          if (app.environments.find((e) => e.environment === environment)?.production)
            broken.push(`${where}: changes production ${environment} without an approval`);
        if (job.productionSecrets) broken.push(`${where}: reads production secrets`);
      }
      if (ref.refClass !== "default-branch")
        for (const role of ref.pusherRoles)
          if (!role.endsWith(".build") && !(ref.refClass === "merge-request" && isPreviewRole(role, app.app)))
            broken.push(`${app.app} ${ref.refClass}: its pusher can log in as ${role}`);
    }
    if (!app.admission.admitsDefaultBranch) broken.push(`${app.app}: admission does not admit its own signature (${app.admission.detail})`);
    for (const environment of app.environments) {
      const expected = deployBranch({ name: environment.environment, production: environment.production });
      if (environment.branch !== expected)
        broken.push(`${app.app} ${environment.environment}: Application syncs ${environment.branch}, deploys write ${expected}`);
      if (environment.written !== (environment.production ? "after approval" : "directly"))
        broken.push(`${app.app} ${environment.environment}: the deploy job writes it ${environment.written}`);
      if (!environment.production && environment.automated !== true)
        broken.push(`${app.app} ${environment.environment}: not synced automatically`);
    }
  }
  return broken;
}
