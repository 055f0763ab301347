import { DEFAULT_BRANCH } from "./project-settings";

/**
 * Who may write what in an app's config repository (`<app>-config`); docs/config-repository.md
 * explains it. GitLab lets a user who may push a protected branch bypass every merge request
 * rule on it, Code Owners included (gitlab-org/gitlab#35097, MR !44126), so the GitOps writer
 * bot must never be able to push the branch production is deployed from:
 *
 * - `main` holds the base and every overlay; production deploys from it. Nobody pushes it except
 *   the platform's own automation (Pulumi's GitLab identity, for the files it manages); changes
 *   land through merge requests that someone other than the author approves.
 * - `env/<environment>` branches, one per non-production environment, are what Argo CD deploys
 *   those environments from. Only the bot pushes them: each deploy rebuilds the branch as `main`
 *   plus the new image digest in that environment's overlay, so base changes reach them with the
 *   next deploy and two environments never race for one branch.
 * - Production deploys are merge requests into `main` that the bot opens from a `deploy/...`
 *   branch; the config repository's approval rules decide who may approve them.
 * - `ledger` holds the release ledger (`ledger/releases.jsonl`, docs/release-ledger.md): only the bot
 *   pushes it, force pushes are refused, no Application deploys from it.
 */

/** Protected-branch pattern of the environment branches. */
export const ENVIRONMENT_BRANCHES = "env/*";

/** The branch Argo CD deploys an environment from, and the one the pipeline's deploy job writes. */
export function deployBranch(environment: { name: string; production: boolean }): string {
  return environment.production ? DEFAULT_BRANCH : `env/${environment.name}`;
}
