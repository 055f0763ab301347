import { LEDGER_BRANCH, LEDGER_FILE, LEDGER_GENESIS, LEDGER_LOG_SOURCES } from "../../shared/release-record";
import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { LEDGER_ENV_FILE, LEDGER_LINES_FILE, LEDGER_LOG_FILE, ledgerLogsUrl, REVIEW_ENV_FILE } from "./release-record-script";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { gitopsSecrets, reviewSecrets, vaultAccess } from "./vault-access";

/**
 * The release ledger's jobs (docs/release-ledger.md). The ledger is `ledger/releases.jsonl` on the
 * config repository's `ledger` branch (repositories/write-model.ts): the GitOps writer bot may push
 * it, never force-push it, and no Application deploys from it, so writing the ledger gives no way
 * into an environment. Signing stays in `sign` (the only job with the transit key): `ledger:prepare`
 * reads the chain's tip for it, `ledger:append` pushes what it signed, both with the deploy identity.
 */
export const LEDGER_PREPARE_JOB = "ledger:prepare";
export const LEDGER_APPEND_JOB = "ledger:append";
export const SCAN_GATE_FAILURE_JOB = "ledger:scan-gate";
export const EMERGENCY_REVIEW_JOB = "emergency-review";
/** Where the retroactive review of an emergency pipeline lands in the config repository (merged into main). */
export const REVIEW_DIRECTORY = "reviews";
export const EMERGENCY_LABEL = "emergency";
export const REVIEW_LABEL = "emergency-review";

const onEmergency = [{ if: '$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CHANGE_TYPE == "emergency"' }];

/** The GitLab host without scheme, as the clone URLs embed it. */
const gitlabHost = (input: ParsedPipelineInput): string => input.gitlab.url.replace(/^https:\/\//, "");

/** The git tool image, shell entrypoint, for every ledger job. */
const gitImage = (images: Record<ToolName, ResolvedToolImage>) => ({ name: images.git.image, entrypoint: [""] });

/** A job's Vault login (ID token, variables, GitLab `secrets:` when the mode uses them), without a checkout. */
const credentialed = (access: ReturnType<typeof vaultAccess>) => ({
  variables: { ...access.variables, GIT_STRATEGY: "none" },
  id_tokens: access.id_tokens,
  ...(access.secrets ? { secrets: access.secrets } : {}),
});

function configRemote(input: ParsedPipelineInput): string {
  const host = gitlabHost(input);
  // The token expands inside double quotes; the platform's host and path are one quoted word.
  return `"https://pipeline:$CONFIG_REPO_TOKEN@"${shellQuote(`${host}/${input.names.gitlab.configRepoPath}.git`)}`;
}

const tipLines = (ledger: string): string[] => [
  `if [ -s ${ledger} ]; then TIP="$(tail -n 1 ${ledger} | tr -d '\\n' | sha256sum | cut -c1-64)"; COUNT="$(wc -l < ${ledger} | tr -d ' ')"; else TIP=${LEDGER_GENESIS}; COUNT=0; fi`,
];

/** The URL of a review document on the config repository's main. */
export const reviewDocumentBase = (input: ParsedPipelineInput): string =>
  `${input.gitlab.url}/${input.names.gitlab.configRepoPath}/-/blob/${input.configRepository.branch}/${REVIEW_DIRECTORY}`;

export function ledgerPrepareJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob {
  const access = vaultAccess(input, "deploy", "git", images.git, gitopsSecrets);
  const remote = configRemote(input);
  const ledger = `"$CONFIG_DIR/ledger/${LEDGER_FILE}"`;
  return {
    // Early and on its own (needs: []): sign waits for it, nothing else does.
    stage: "build",
    image: gitImage(images),
    needs: [],
    rules: onDefaultBranch,
    ...credentialed(access),
    script: [
      ...access.lines,
      'CONFIG_DIR="$(mktemp -d)"',
      `git clone -q --depth 1 --branch ${shellQuote(input.configRepository.branch)} ${remote} "$CONFIG_DIR/main"`,
      `if git ls-remote --exit-code --heads ${remote} ${LEDGER_BRANCH} > /dev/null; then git clone -q --branch ${LEDGER_BRANCH} ${remote} "$CONFIG_DIR/ledger"; fi`,
      ...tipLines(ledger),
      // Decoded payloads, to see which emergencies already have their review entry.
      `: > "$CONFIG_DIR/decoded"; if [ -s ${ledger} ]; then while IFS= read -r LINE; do printf '%s' "$LINE" | sed -n 's/.*"payload":"\\([^"]*\\)".*/\\1/p' | base64 -d >> "$CONFIG_DIR/decoded"; echo >> "$CONFIG_DIR/decoded"; done < ${ledger}; fi`,
      "REVIEWS=''",
      `for DOC in "$CONFIG_DIR"/main/${REVIEW_DIRECTORY}/*.md; do [ -e "$DOC" ] || continue; ID="$(basename "$DOC" .md)"; printf '%s' "$ID" | grep -Eq '^[0-9]+$' || continue; ` +
        `grep -q "\\"changeType\\":\\"emergency\\".*\\"pipeline\\":{\\"id\\":\\"$ID\\"" "$CONFIG_DIR/decoded" || continue; ` +
        `grep -q "\\"review\\":{\\"pipeline\\":\\"$ID\\"" "$CONFIG_DIR/decoded" && continue; ` +
        `AT="$(git -C "$CONFIG_DIR/main" log -1 --format=%cI -- "${REVIEW_DIRECTORY}/$ID.md")"; REVIEWS="\${REVIEWS:+$REVIEWS,}$ID=$AT"; done`,
      `printf 'LEDGER_PREV=%s\\nLEDGER_SEQ=%s\\nLEDGER_REVIEWS=%s\\n' "$TIP" "$((COUNT + 1))" "$REVIEWS" > "$CI_PROJECT_DIR/${LEDGER_ENV_FILE}"`,
    ],
    artifacts: { reports: { dotenv: LEDGER_ENV_FILE } },
    interruptible: false,
  };
}

export function ledgerAppendJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  signJob: string,
  deployJobs: readonly string[],
): CiJob {
  const access = vaultAccess(input, "deploy", "git", images.git, gitopsSecrets);
  const remote = configRemote(input);
  const host = gitlabHost(input);
  const logs = input.ledger.logsIngestUrl;
  return {
    stage: "record",
    image: gitImage(images),
    needs: [...needs(LEDGER_PREPARE_JOB, signJob), ...deployJobs.map((job) => ({ job, artifacts: false }))],
    rules: onDefaultBranch,
    ...credentialed(access),
    script: [
      ...access.lines,
      `test -s ${LEDGER_LINES_FILE} || { echo "sign wrote no ledger lines" >&2; exit 1; }`,
      'CONFIG_DIR="$(mktemp -d)"',
      `if git ls-remote --exit-code --heads ${remote} ${LEDGER_BRANCH} > /dev/null; then git clone -q --branch ${LEDGER_BRANCH} ${remote} "$CONFIG_DIR"; else git init -q -b ${LEDGER_BRANCH} "$CONFIG_DIR" && git -C "$CONFIG_DIR" remote add origin ${remote}; fi`,
      `cp ${LEDGER_LINES_FILE} "$CONFIG_DIR/.new-lines" && cd "$CONFIG_DIR" && mkdir -p "$(dirname ${LEDGER_FILE})"`,
      ...tipLines(LEDGER_FILE),
      // The lines sign made hash-chain to the tip ledger:prepare saw; another pipeline's append in between breaks that.
      'test "$TIP" = "$LEDGER_PREV" || { echo "the ledger moved since ledger:prepare; re-run the pipeline to chain onto the new tip" >&2; exit 1; }',
      // A review entry only for a review document on main, at the time git says: LEDGER_REVIEWS is a
      // variable, and a pipeline trigger's variables outrank a dotenv artifact's.
      `git clone -q --depth 50 --branch ${shellQuote(input.configRepository.branch)} ${remote} "$CONFIG_DIR/.main"`,
      `for REVIEW in $(printf '%s' "\${LEDGER_REVIEWS:-}" | tr ',' ' '); do ID="\${REVIEW%%=*}"; AT="\${REVIEW#*=}"; ` +
        `test "$(git -C "$CONFIG_DIR/.main" log -1 --format=%cI -- "${REVIEW_DIRECTORY}/$ID.md")" = "$AT" || { echo "no review document ${REVIEW_DIRECTORY}/$ID.md on main at $AT" >&2; exit 1; }; done`,
      'rm -rf "$CONFIG_DIR/.main"',
      `cat .new-lines >> ${LEDGER_FILE} && rm .new-lines`,
      `git add ${LEDGER_FILE}`,
      `git -c ${shellQuote(`user.name=${input.names.app} pipeline`)} -c ${shellQuote(`user.email=pipeline@${host}`)} commit -q -m "ledger(${input.names.app}): pipeline $CI_PIPELINE_ID" -m "Pipeline: $CI_PIPELINE_URL"`,
      // No --force: the branch protection refuses anything but a fast-forward, so history only grows.
      `git push -q origin HEAD:refs/heads/${LEDGER_BRANCH}`,
      ...(logs
        ? [
            `curl -fsS -H 'Content-Type: application/stream+json' --data-binary @"$CI_PROJECT_DIR/${LEDGER_LOG_FILE}" ${shellQuote(ledgerLogsUrl(logs))}`,
          ]
        : []),
    ],
    // One append at a time per app; with GitLab's resource group the tip check above rarely fails.
    resource_group: `ledger-${input.names.stable}`,
    interruptible: false,
  };
}

/**
 * Emergency changes only (CHANGE_TYPE=emergency on the protected default branch): checks that the
 * person who started the pipeline is in the on-call group, and opens the follow-up issue, due in
 * `reviewDueDays`, whose closing step is merging `reviews/<pipeline id>.md` into the config repository.
 */
export function emergencyReviewJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob | undefined {
  const emergency = input.ledger.emergency;
  if (!emergency) return undefined;
  const access = vaultAccess(input, "deploy", "git", images.git, reviewSecrets);
  const group = encodeURIComponent(emergency.onCallGroup);
  const document = `${input.names.gitlab.configRepoPath}: ${REVIEW_DIRECTORY}/`;
  return {
    stage: "build",
    image: gitImage(images),
    needs: [],
    rules: onEmergency,
    ...credentialed(access),
    script: [
      ...access.lines,
      `printf '%s' "$GITLAB_USER_ID" | grep -Eq '^[0-9]+$' || { echo "GITLAB_USER_ID is not a number" >&2; exit 1; }`,
      `curl -fsS -o /dev/null -H "PRIVATE-TOKEN: $REVIEW_TOKEN" "$CI_API_V4_URL/groups/"${shellQuote(group)}"/members/all/$GITLAB_USER_ID" || { echo "$GITLAB_USER_LOGIN is not in the on-call group "${shellQuote(emergency.onCallGroup)}": emergency changes are theirs" >&2; exit 1; }`,
      `REVIEW_DUE="$(date -u -d "@$(( $(date +%s) + ${emergency.reviewDueDays} * 86400 ))" +%Y-%m-%d)"`,
      `ISSUE="$(curl -fsS -H "PRIVATE-TOKEN: $REVIEW_TOKEN" --data-urlencode "title=Emergency change review: $APP_NAME pipeline $CI_PIPELINE_ID" --data-urlencode "due_date=$REVIEW_DUE" --data-urlencode ${shellQuote(`labels=${REVIEW_LABEL}`)} ` +
        `--data-urlencode "description=Retroactive review of the emergency change of pipeline $CI_PIPELINE_URL (started by @$GITLAB_USER_LOGIN). Record the review by merging "${shellQuote(document)}"$CI_PIPELINE_ID.md into the config repository's main; the release ledger then records it." "$CI_API_V4_URL/projects/$CI_PROJECT_ID/issues")"`,
      `REVIEW_ISSUE_URL="$(printf '%s' "$ISSUE" | grep -o '"web_url":"https://[^"]*/-/issues/[0-9]*"' | head -n 1 | sed 's/^"web_url":"//; s/"$//')"`,
      'test -n "$REVIEW_ISSUE_URL" || { echo "GitLab did not open the follow-up issue" >&2; exit 1; }',
      `printf 'REVIEW_DUE=%s\\nREVIEW_ISSUE_URL=%s\\n' "$REVIEW_DUE" "$REVIEW_ISSUE_URL" > "$CI_PROJECT_DIR/${REVIEW_ENV_FILE}"`,
    ],
    artifacts: { reports: { dotenv: REVIEW_ENV_FILE } },
    interruptible: false,
  };
}

/**
 * Guardrail effectiveness: when a scan gate fails, one JSON line to VictoriaLogs (the dashboard's
 * scan-gate failures). Runs only on that failure (`when: on_failure` with the gates as its needs) and
 * holds no credentials: it sends app, pipeline and commit, nothing secret.
 */
export function scanGateFailureJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  gates: readonly string[],
): CiJob | undefined {
  const logs = input.ledger.logsIngestUrl;
  if (!logs || gates.length === 0) return undefined;
  return {
    stage: "scan",
    image: gitImage(images),
    needs: gates.map((job) => ({ job, artifacts: false })),
    rules: [{ if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH", when: "on_failure" }],
    variables: { GIT_STRATEGY: "none" },
    script: [
      `printf '%s' "$CI_PIPELINE_ID" | grep -Eq '^[0-9]+$' && printf '%s' "$CI_COMMIT_SHA" | grep -Eq '^[0-9a-f]{40}$' || exit 1`,
      `printf '{"source":"${LEDGER_LOG_SOURCES.ledger}","kind":"scan-gate","phase":"failed","app":"%s","env":"all","pipeline_id":"%s","commit":"%s","time":"%s","message":"scan gate failed: %s pipeline %s"}\n' "$APP_NAME" "$CI_PIPELINE_ID" "$CI_COMMIT_SHA" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$APP_NAME" "$CI_PIPELINE_ID" > scan-gate.jsonl`,
      `curl -fsS -H 'Content-Type: application/stream+json' --data-binary @scan-gate.jsonl ${shellQuote(ledgerLogsUrl(logs))}`,
    ],
    allow_failure: true,
    interruptible: true,
  };
}
