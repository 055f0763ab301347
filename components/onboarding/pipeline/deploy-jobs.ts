import { deployBranch } from "../repositories/write-model";
import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import { EMERGENCY_LABEL } from "./ledger-jobs";
import type { ParsedPipelineInput } from "./pipeline-input";
import { PRODUCTION_SCAN_JOB } from "./scan-jobs";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { gitopsSecrets, vaultAccess } from "./vault-access";

/**
 * Deploys by digest through GitOps (argoproj/argo-cd docs/user-guide/ci_automation.md): the
 * job bumps `images[0].digest` in the environment's overlay of the app's config repository and
 * Argo CD syncs it. Non-production force-pushes the environment's own branch (main plus the bump),
 * which Argo CD tracks. Production pushes a branch and opens a merge request into main (GitLab push
 * options), so a person other than the pipeline approves it:
 * the config repository's approval rules (author cannot approve) enforce the four eyes
 * (DORA RTS 2024/1774 Art. 17). Rollback = revert the commit.
 *
 * The deploy identity reads only the GitOps writer token and only the default branch gets it
 * (ci-purposes.ts). git comes with the pinned image; nothing is installed while the token is held.
 */

const deploymentTier = (name: string, production: boolean): NonNullable<CiJob["environment"]>["deployment_tier"] => {
  if (production) return "production";
  if (/^stag/.test(name)) return "staging";
  if (/^(test|qa|uat)/.test(name)) return "testing";
  return "development";
};

export const deployJobName = (environment: string): string => `deploy:${environment}`;

function deployJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  environment: { name: string; production: boolean },
  gates: string[],
  signedAfter: string,
  promotedFrom: string | undefined,
): CiJob {
  const { names, configRepository, gitlab } = input;
  const access = vaultAccess(input, "deploy", "git", images.git, gitopsSecrets);
  const host = gitlab.url.replace(/^https:\/\//, "");
  const branch = shellQuote(configRepository.branch);
  const overlay = `${configRepository.overlayDirectory.replace(/\{environment\}/g, environment.name)}/kustomization.yaml`;
  const title = `deploy(${names.app}): ${environment.name} $IMAGE_DIGEST`;
  const commit =
    `git -c ${shellQuote(`user.name=${names.app} pipeline`)} -c ${shellQuote(`user.email=pipeline@${host}`)} commit -q -am "${title}" ` +
    '-m "Pipeline: $CI_PIPELINE_URL" -m "Source: $CI_PROJECT_URL/-/commit/$CI_COMMIT_SHA" -m "Template: $PIPELINE_TEMPLATE_VERSION"';
  // Production: a merge request into main, which someone other than the bot approves. Elsewhere the
  // environment's own branch, rebuilt as main plus this digest (repositories/write-model.ts).
  const publish = environment.production
    ? [
        'if git diff --quiet; then echo "$OVERLAY already deploys $IMAGE_DIGEST"; exit 0; fi',
        commit,
        'BRANCH="deploy/' + environment.name + '/$(printf %s "$IMAGE_DIGEST" | cut -c8-19)"',
        // Emergency changes are labelled so the on-call approval and the review can find them (docs/release-ledger.md).
        `if [ "$CHANGE_TYPE" = emergency ]; then CHANGE_LABEL=${shellQuote(`merge_request.label=${EMERGENCY_LABEL}`)}; else CHANGE_LABEL=${shellQuote("merge_request.label=standard-change")}; fi`,
        `git push -o merge_request.create -o ${shellQuote(`merge_request.target=${configRepository.branch}`)} -o merge_request.remove_source_branch ` +
          `-o "merge_request.title=${title}" -o "$CHANGE_LABEL" origin "HEAD:refs/heads/$BRANCH"`,
      ]
    : [`git diff --quiet || ${commit}`, `git push --force origin ${shellQuote(`HEAD:refs/heads/${deployBranch(environment)}`)}`];
  return {
    stage: "deploy",
    image: { name: images.git.image, entrypoint: [""] },
    // Promotion: an environment deploys only after the one before it in the platform's order has.
    needs: [...needs("build", signedAfter, ...gates), ...(promotedFrom ? [{ job: deployJobName(promotedFrom), artifacts: false }] : [])],
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none", OVERLAY: overlay },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [
      ...access.lines,
      // A fresh directory: with GIT_STRATEGY none the build directory may hold an earlier clone.
      'CONFIG_DIR="$(mktemp -d)"',
      // The token expands inside double quotes; the platform's host and path are one quoted word.
      `git clone --depth 1 --branch ${branch} "https://pipeline:$CONFIG_REPO_TOKEN@"${shellQuote(`${host}/${names.gitlab.configRepoPath}.git`)} "$CONFIG_DIR"`,
      'cd "$CONFIG_DIR"',
      'test "$(grep -c "digest: sha256:" "$OVERLAY")" -eq 1 || { echo "$OVERLAY must pin exactly one image digest" >&2; exit 1; }',
      'sed -i "s|digest: sha256:[0-9a-f]*|digest: $IMAGE_DIGEST|" "$OVERLAY"',
      ...publish,
    ],
    environment: { name: environment.name, deployment_tier: deploymentTier(environment.name, environment.production) },
    // One bump at a time per overlay: concurrent pipelines would race on the same file.
    resource_group: names.ci.resourceGroups[environment.name],
    interruptible: false,
  };
}

export function deployJobs(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  scanJobNames: readonly string[],
  /** The job after which the image is signed in the registry (sign-job.ts). */
  signedAfter: string,
): Record<string, CiJob> {
  const jobs: Record<string, CiJob> = {};
  // The platform's environment order is the promotion order (dev -> staging -> prod), whatever order the app lists them in.
  const promotion = input.environments.filter((e) => input.spec.environments.includes(e.name));
  promotion.forEach((environment, index) => {
    const gates = environment.production && scanJobNames.includes(PRODUCTION_SCAN_JOB) ? [PRODUCTION_SCAN_JOB] : [];
    jobs[deployJobName(environment.name)] = deployJob(input, images, environment, gates, signedAfter, promotion[index - 1]?.name);
  });
  return jobs;
}
