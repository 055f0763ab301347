import {
  CHANGE_TYPES,
  JSONLINE_INGEST_PATH,
  LEDGER_ENTRY_PAYLOAD_TYPE,
  LEDGER_LOG_SOURCES,
  RELEASE_RECORD_PREDICATE_TYPE,
} from "../../shared/release-record";
import { SBOM_CYCLONEDX } from "./sbom-job";
import { SCAN_REPORT, TRIVY_VERSION_FILE } from "./scan-jobs";
import { shellQuote } from "./shell-quote";

/**
 * The shell that writes an app's release record (compliance/schemas/release-record.schema.json) and
 * its ledger lines, run by the pipeline's `sign` job in the pinned Vault or cosign image (busybox: sh,
 * sed, grep, sha256sum, base64, date) and by test/pipeline/release-record.test.ts, which validates
 * the output against the schema. JSON is built with printf because no pinned image has a JSON tool;
 * every CI-provided string goes through `json_str` (control characters dropped, `\` and `"`
 * escaped), every generator value through shellQuote, and every value with a known shape (digest,
 * change type, dates, counts, pipeline ID) is checked before use.
 */

export const RELEASE_RECORD_FILE = "signing/release-record.json";
export const RELEASE_RECORD_ATTESTATION = "signing/release-record.attestation.json";
export const LEDGER_LINES_FILE = "signing/ledger-lines.jsonl";
export const LEDGER_LOG_FILE = "signing/ledger-log.jsonl";
/** dotenv of `ledger:prepare`: LEDGER_PREV, LEDGER_SEQ and LEDGER_REVIEWS. */
export const LEDGER_ENV_FILE = "ledger.env";
/** dotenv of `emergency-review`: REVIEW_DUE and REVIEW_ISSUE_URL. */
export const REVIEW_ENV_FILE = "review.env";
export const CYCLONEDX_PREDICATE_TYPE = "https://cyclonedx.org/bom";

export interface RecordScriptOptions {
  app: string;
  /** The environments the pipeline deploys to, in promotion order, with their production flag. */
  environments: readonly { name: string; production: boolean }[];
  productionScanGate: boolean;
  emergency?: { onCallGroup: string; reviewDueDays: number };
  /** Image signature produced before the record (transit: signing/payload.sig; keyless: cosign --output-signature). */
  signatureFile: string;
  /** DSSE envelopes of the image's other attestations (transit: the SBOM attestation). */
  attestationFiles: readonly { predicateType: string; file: string }[];
}

const JSON_HELPERS = [
  String.raw`json_str() { printf '"%s"' "$(printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }`,
  `sha_of() { printf 'sha256:%s' "$(sha256sum "$1" | cut -c1-64)"; }`,
  String.raw`sev() { grep -o "\"severity\": *\"$1\"" ${SCAN_REPORT} | wc -l | tr -d ' '; }`,
];

// Environment names are written into printf formats: only DNS labels, never a quote or a `%`.
function assertNames(environments: RecordScriptOptions["environments"]): void {
  for (const { name } of environments)
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(name)) throw new Error(`release record: environment '${name}' is not a DNS label`);
}

/** Lines that check CHANGE_TYPE (a pipeline variable) against the types this app allows. */
export function changeTypeCheckLines(emergencyAllowed: boolean): string[] {
  const allowed = emergencyAllowed ? CHANGE_TYPES : CHANGE_TYPES.filter((t) => t !== "emergency");
  return [
    `case "$CHANGE_TYPE" in ${allowed.join("|")}) ;; *) echo "CHANGE_TYPE must be one of: ${allowed.join(", ")}" >&2; exit 1 ;; esac`,
  ];
}

/** Builds RELEASE_RECORD_FILE from the CI variables and the artifacts of build, sbom, scan and sign. */
export function releaseRecordLines(options: RecordScriptOptions): string[] {
  assertNames(options.environments);
  const environments = JSON.stringify(options.environments.map((e) => e.name));
  const attestations = options.attestationFiles.map((a) => `{"predicateType":"${a.predicateType}","digest":"%s"}`).join(",");
  const emergency = options.emergency
    ? [
        'if [ "$CHANGE_TYPE" = emergency ]; then',
        // emergency-review must have run (and passed the on-call check); the due date is computed here,
        // not taken from a variable a pipeline trigger could set.
        `  test -n "$REVIEW_DUE" || { echo "REVIEW_DUE missing: emergency-review did not run" >&2; exit 1; }`,
        `  REVIEW_DUE="$(date -u -d "@$(( $(date +%s) + ${options.emergency.reviewDueDays} * 86400 ))" +%Y-%m-%d)"`,
        '  case "$REVIEW_ISSUE_URL" in https://*) ISSUE_JSON="$(json_str "$REVIEW_ISSUE_URL")" ;; *) ISSUE_JSON=null ;; esac',
        `  EMERGENCY_JSON="$(printf '{"onCallGroup":%s,"reviewDue":"%s","reviewIssue":%s}' "$(json_str ${shellQuote(options.emergency.onCallGroup)})" "$REVIEW_DUE" "$ISSUE_JSON")"`,
        "else EMERGENCY_JSON=null; fi",
      ]
    : ["EMERGENCY_JSON=null"];
  return [
    ...JSON_HELPERS,
    ...changeTypeCheckLines(options.emergency !== undefined),
    `test -s ${SCAN_REPORT} && test -s ${SBOM_CYCLONEDX} && test -s ${options.signatureFile} || { echo "scan report, SBOM or signature missing" >&2; exit 1; }`,
    `printf '%s' "$CI_PIPELINE_ID" | grep -Eq '^[0-9]+$' || { echo "CI_PIPELINE_ID is not a number" >&2; exit 1; }`,
    `printf '%s' "$CI_COMMIT_SHA" | grep -Eq '^[0-9a-f]{40}$' || { echo "CI_COMMIT_SHA is not a commit" >&2; exit 1; }`,
    `DB_TIME="$(sed -n 's/.*"VulnerabilityDB":{[^}]*"UpdatedAt":"\\([^"]*\\)".*/\\1/p' ${TRIVY_VERSION_FILE} 2>/dev/null | head -n 1)"`,
    `printf '%s' "$DB_TIME" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(Z|[+-][0-9:]+)$' && DB_JSON="\\"$DB_TIME\\"" || DB_JSON=null`,
    ...emergency,
    'RECORDED_AT="$(date -u +%Y-%m-%dT%H:%M:%SZ)"',
    "mkdir -p signing",
    "{",
    `  printf '{"kind":"app","app":%s,"environments":%s,"changeType":"%s",' "$(json_str "$APP_NAME")" ${shellQuote(environments)} "$CHANGE_TYPE"`,
    `  printf '"image":{"repository":%s,"digest":"sha256:%s"},' "$(json_str "$IMAGE_REPOSITORY")" "$DIGEST_HEX"`,
    `  printf '"source":{"project":%s,"commit":"%s","ref":%s,"commitTime":%s,"author":%s,"triggeredBy":%s},' "$(json_str "$CI_PROJECT_PATH")" "$CI_COMMIT_SHA" "$(json_str "$CI_COMMIT_REF_NAME")" "$(json_str "$CI_COMMIT_TIMESTAMP")" "$(json_str "$CI_COMMIT_AUTHOR")" "$(json_str "$GITLAB_USER_LOGIN")"`,
    `  printf '"mergeRequest":{"iid":null,"title":null,"author":null,"approvers":null,"approverIsAuthorOrCommitter":null},'`,
    `  printf '"pipeline":{"id":"%s","url":%s,"templateVersion":%s},' "$CI_PIPELINE_ID" "$(json_str "$CI_PIPELINE_URL")" "$(json_str "$PIPELINE_TEMPLATE_VERSION")"`,
    `  printf '"scan":{"scanner":"trivy","critical":%s,"high":%s,"medium":%s,"low":%s,"unknown":%s,"dbUpdatedAt":%s},' "$(sev Critical)" "$(sev High)" "$(sev Medium)" "$(sev Low)" "$(sev Unknown)" "$DB_JSON"`,
    `  printf '"sbom":{"digest":"%s"},"signature":{"digest":"%s"},"attestations":[${attestations}],' "$(sha_of ${SBOM_CYCLONEDX})" "$(sha_of ${options.signatureFile})"${options.attestationFiles.map((a) => ` "$(sha_of ${a.file})"`).join("")}`,
    // The sign job needs the scan gates, so reaching this line means they passed.
    `  printf '"guardrails":{"scanGate":"passed","productionScanGate":"${options.productionScanGate ? "passed" : "not-run"}"},"sync":null,"emergency":%s,"recordedAt":"%s"}' "$EMERGENCY_JSON" "$RECORDED_AT"`,
    `} > ${RELEASE_RECORD_FILE}`,
  ];
}

/**
 * Builds LEDGER_LINES_FILE and LEDGER_LOG_FILE: first a `review` entry for each emergency whose
 * review document `ledger:prepare` found (LEDGER_REVIEWS: `<pipeline id>=<time>` words), then one
 * `release` entry per environment, each a DSSE envelope whose payload names the SHA-256 of the line
 * before it (LEDGER_PREV for the first). `sign` is the command printing the signature of a base64
 * file (Vault transit), or undefined for unsigned lines (keyless apps, see docs/release-ledger.md).
 */
export function ledgerEntryLines(
  options: RecordScriptOptions & { keyId: string; reviewDocumentBase: string },
  sign?: (b64File: string) => string,
): string[] {
  assertNames(options.environments);
  const entry = "signing/entry.json";
  const signature = sign
    ? [
        `{ printf 'DSSEv1 ${LEDGER_ENTRY_PAYLOAD_TYPE.length} ${LEDGER_ENTRY_PAYLOAD_TYPE} %s ' "$(wc -c < ${entry} | tr -d ' ')"; cat ${entry}; } | base64 | tr -d '\\n' > ${entry}.b64`,
        `  SIG="$(${sign(`${entry}.b64`)})"`,
        `  test -n "$SIG" || { echo "Vault returned no signature" >&2; exit 1; }`,
        `  SIGS="$(printf '[{"keyid":"%s","sig":"%s"}]' ${shellQuote(options.keyId)} "\${SIG#vault:v*:}")"`,
      ]
    : ["SIGS='[]'"];
  // One function for both kinds: the body is in signing/entry.json, the log line's fields in $1.
  const append = [
    "append_entry() {",
    ...signature.map((l) => `  ${l.trim()}`),
    `  LINE="$(printf '{"payloadType":"${LEDGER_ENTRY_PAYLOAD_TYPE}","payload":"%s","signatures":%s}' "$(base64 < ${entry} | tr -d '\\n')" "$SIGS")"`,
    `  printf '%s\\n' "$LINE" >> ${LEDGER_LINES_FILE}`,
    `  PREV="$(printf '%s' "$LINE" | sha256sum | cut -c1-64)"`,
    `  printf '{"source":"${LEDGER_LOG_SOURCES.ledger}",%s,"seq":%s,"entry_sha256":"%s","time":"%s","message":"%s"}\\n' "$1" "$SEQ" "$PREV" "$RECORDED_AT" "$2" >> ${LEDGER_LOG_FILE}`,
    "  SEQ=$((SEQ + 1))",
    "}",
  ];
  const production = options.environments.find((e) => e.production)?.name ?? options.environments.at(-1)?.name ?? "all";
  const releases = options.environments.flatMap((environment) => [
    `{ printf '{"seq":%s,"prev":"%s","kind":"release","time":"%s","app":%s,"environment":"${environment.name}","production":${environment.production},"release":{"predicateType":"${RELEASE_RECORD_PREDICATE_TYPE}","record":' "$SEQ" "$PREV" "$RECORDED_AT" "$(json_str "$APP_NAME")"; cat ${RELEASE_RECORD_FILE}; printf '}}'; } > ${entry}`,
    `append_entry "$(printf '"kind":"release","app":%s,"env":"${environment.name}","change_type":"%s","digest":"sha256:%s","commit":"%s","pipeline_id":"%s","pipeline_url":%s,"review_due":"%s"' "$(json_str "$APP_NAME")" "$CHANGE_TYPE" "$DIGEST_HEX" "$CI_COMMIT_SHA" "$CI_PIPELINE_ID" "$(json_str "$CI_PIPELINE_URL")" "\${REVIEW_DUE:-}")" "release $APP_NAME ${environment.name} sha256:$DIGEST_HEX"`,
  ]);
  return [
    ...append,
    `printf '%s' "$LEDGER_PREV" | grep -Eq '^[0-9a-f]{64}$' || { echo "LEDGER_PREV missing: ledger:prepare did not run" >&2; exit 1; }`,
    `printf '%s' "$LEDGER_SEQ" | grep -Eq '^[1-9][0-9]*$' || { echo "LEDGER_SEQ is not a number" >&2; exit 1; }`,
    'PREV="$LEDGER_PREV"; SEQ="$LEDGER_SEQ"',
    `: > ${LEDGER_LINES_FILE}; : > ${LEDGER_LOG_FILE}`,
    // Reviews first: `<pipeline id>=<ISO time>` words, each checked before it becomes JSON.
    "for REVIEW in $(printf '%s' \"${LEDGER_REVIEWS:-}\" | tr ',' ' '); do",
    '  R_PIPELINE="${REVIEW%%=*}"; R_TIME="${REVIEW#*=}"',
    `  printf '%s' "$R_PIPELINE" | grep -Eq '^[0-9]+$' && printf '%s' "$R_TIME" | grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]+(Z|[+-][0-9:]+)$' || { echo "LEDGER_REVIEWS has a malformed word" >&2; exit 1; }`,
    `  { printf '{"seq":%s,"prev":"%s","kind":"review","time":"%s","app":%s,"environment":"${production}","production":true,"review":{"pipeline":"%s","document":%s,"closedAt":"%s"}}' "$SEQ" "$PREV" "$R_TIME" "$(json_str "$APP_NAME")" "$R_PIPELINE" "$(json_str ${shellQuote(options.reviewDocumentBase)}"/$R_PIPELINE.md")" "$R_TIME"; } > ${entry}`,
    `  append_entry "$(printf '"kind":"review","app":%s,"env":"${production}","pipeline_id":"%s"' "$(json_str "$APP_NAME")" "$R_PIPELINE")" "review of emergency pipeline $R_PIPELINE"`,
    "done",
    ...releases,
  ];
}

/** The VictoriaLogs JSON-lines URL the ledger's log lines go to. */
export const ledgerLogsUrl = (base: string): string => `${base.replace(/\/+$/, "")}${JSONLINE_INGEST_PATH}`;
