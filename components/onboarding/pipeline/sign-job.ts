import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { SBOM_CYCLONEDX, SBOM_JOB } from "./sbom-job";
import { SCAN_JOB } from "./scan-jobs";
import { shellQuote } from "./shell-quote";
import type { SigningIdentity, TransitSigningIdentity } from "./signing-identity";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { dockerConfigLines, registrySecrets, type VaultAccess, vaultAccess } from "./vault-access";
import { EMERGENCY_REVIEW_JOB, LEDGER_PREPARE_JOB, reviewDocumentBase } from "./ledger-jobs";
import {
  CYCLONEDX_PREDICATE_TYPE,
  LEDGER_LINES_FILE,
  LEDGER_LOG_FILE,
  ledgerEntryLines,
  RELEASE_RECORD_ATTESTATION,
  RELEASE_RECORD_FILE,
  releaseRecordLines,
  type RecordScriptOptions,
} from "./release-record-script";
import { RELEASE_RECORD_PREDICATE_TYPE } from "../../shared/release-record";

/** The job that holds the signing identity. */
export const SIGN_JOB = "sign";
/** Transit signing only: pushes what `sign` signed, with the push-only build identity. */
export const ATTACH_SIGNATURE_JOB = "attach-signature";
/** Files `sign` hands to `attach-signature` (and keeps as a record of what it signed). */
export const SIGNING_DIR = "signing";

/** The jobs that sign an image, and the one after which it is signed in the registry (deploy waits for it). */
export interface SigningJobs {
  jobs: Record<string, CiJob>;
  signedAfter: string;
}

// A dotenv artifact of `build` (the job that runs the app's Dockerfile) names the digest: accept only
// a sha256 digest of this app's own repository, so a tampered build.env cannot get another image signed.
const CHECK_IMAGE_REF = [
  'case "$IMAGE_REF" in "$IMAGE_REPOSITORY@sha256:"*) ;; *) echo "IMAGE_REF is not a digest of $IMAGE_REPOSITORY" >&2; exit 1 ;; esac',
  'DIGEST_HEX="${IMAGE_REF#"$IMAGE_REPOSITORY@sha256:"}"',
  `printf '%s' "$DIGEST_HEX" | grep -Eq '^[0-9a-f]{64}$' || { echo "IMAGE_REF has no sha256 digest" >&2; exit 1; }`,
];

/** The first lines of a job in cosign's image that pushes to Harbor: cosign on PATH, the digest checked, registry login. */
const cosignPushLines = (access: VaultAccess): string[] => [
  // ko images keep the binary in /ko-app (sigstore/cosign Makefile, ko-cosign-dev).
  'export PATH="$PATH:/ko-app"',
  ...CHECK_IMAGE_REF,
  ...access.lines,
  ...dockerConfigLines("/tmp/.docker"),
];

/**
 * Signs the digest and attests the CycloneDX SBOM to it. It needs the scan, so an image that
 * failed the gate is never signed, and admission (Kyverno, from `signingIdentity`) only admits
 * signed images. `id_tokens` stay inline in the app's own file: GitLab does not support them from
 * included files or child pipelines for signing (gitlab-org&11637).
 */
export function signingJobs(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  identity: SigningIdentity,
  gates: readonly string[] = [],
): SigningJobs {
  if (identity.mode === "keyless") return { jobs: { [SIGN_JOB]: keylessSignJob(input, images, identity, gates) }, signedAfter: SIGN_JOB };
  return {
    jobs: { [SIGN_JOB]: transitSignJob(input, images, identity, gates), [ATTACH_SIGNATURE_JOB]: attachSignatureJob(input, images) },
    signedAfter: ATTACH_SIGNATURE_JOB,
  };
}

/** The environments this pipeline deploys, in the platform's promotion order (deploy-jobs.ts). */
const promotion = (input: ParsedPipelineInput) => input.environments.filter((e) => input.spec.environments.includes(e.name));

function recordOptions(input: ParsedPipelineInput, signatureFile: string, attestationFiles: RecordScriptOptions["attestationFiles"]) {
  const environments = promotion(input);
  return {
    app: input.names.stable,
    environments,
    productionScanGate: environments.some((e) => e.production),
    ...(input.ledger.emergency
      ? { emergency: { onCallGroup: input.ledger.emergency.onCallGroup, reviewDueDays: input.ledger.emergency.reviewDueDays } }
      : {}),
    signatureFile,
    attestationFiles,
    keyId: input.names.vault.transitKey,
    reviewDocumentBase: reviewDocumentBase(input),
  };
}

/** sign needs the ledger's tip, and for an emergency the follow-up issue, before it writes the record. */
// `gates`: the stricter production scan gate when it is a job of its own (scan-jobs.ts): the record
// says it passed, so sign waits for it too.
const recordNeeds = (input: ParsedPipelineInput, gates: readonly string[]) => [
  ...needs(LEDGER_PREPARE_JOB, ...gates),
  ...(input.ledger.emergency ? [{ job: EMERGENCY_REVIEW_JOB, artifacts: true, optional: true }] : []),
];

/**
 * Keyless: cosign signs with a Fulcio certificate for the job's OIDC token, in cosign's own
 * pinned image. cosign 3.1.2 refuses custom service URLs and `--tlog-upload=false` unless
 * `--use-signing-config=false` (cmd/cosign/cli/signcommon/common.go), so those flags travel together.
 */
function keylessSignJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  identity: Extract<SigningIdentity, { mode: "keyless" }>,
  gates: readonly string[],
): CiJob {
  const subject = '"$IMAGE_REF"';
  const access = vaultAccess(input, "sign", "cosign", images.cosign, registrySecrets);
  const services = identity.fulcioUrl
    ? ` --use-signing-config=false --fulcio-url ${shellQuote(identity.fulcioUrl)} --rekor-url ${shellQuote(identity.rekorUrl ?? "")}`
    : "";
  return {
    stage: "sign",
    image: { name: images.cosign.image, entrypoint: [""] },
    needs: [...needs("build", SBOM_JOB, SCAN_JOB), ...recordNeeds(input, gates)],
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none", DOCKER_CONFIG: "/tmp/.docker", COSIGN_YES: "true" },
    // cosign reads SIGSTORE_ID_TOKEN; Fulcio requires aud "sigstore" (GitLab doc/ci/yaml/signing_examples.md).
    id_tokens: { ...access.id_tokens, SIGSTORE_ID_TOKEN: { aud: "sigstore" } },
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [
      ...cosignPushLines(access),
      `mkdir -p ${SIGNING_DIR}`,
      `cosign sign${services} --output-signature ${PAYLOAD_SIGNATURE} ${subject}`,
      `cosign attest${services} --type cyclonedx --predicate ${SBOM_CYCLONEDX} ${subject}`,
      // The release record (docs/release-ledger.md), attested with this project's predicate type.
      ...releaseRecordLines(recordOptions(input, PAYLOAD_SIGNATURE, [])),
      `cosign attest${services} --type ${RELEASE_RECORD_PREDICATE_TYPE} --predicate ${RELEASE_RECORD_FILE} ${subject}`,
      // No key a verifier can pin offline: the ledger lines stay unsigned (the attestation above is the signed copy).
      ...ledgerEntryLines(recordOptions(input, PAYLOAD_SIGNATURE, [])),
    ],
    artifacts: { paths: [RELEASE_RECORD_FILE, LEDGER_LINES_FILE, LEDGER_LOG_FILE], expire_in: "1 year" },
    interruptible: false,
  };
}

// cosign's payloads, built byte for byte here because no pinned image carries both cosign and a
// TLS-verifying Vault client (cosign's are distroless; its hashivault KMS takes a token but cannot
// log in). The simple-signing payload is what `cosign generate` prints (sigstore/sigstore
// pkg/signature/payload: critical.identity.docker-reference, critical.image.docker-manifest-digest,
// critical.type, optional); the statement is what `cosign attest --type cyclonedx` builds
// (sigstore/cosign pkg/cosign/attestation generateCycloneDXStatement: in-toto Statement v0.1,
// predicateType https://cyclonedx.org/bom, subject = repository + sha256). DSSE signs the
// pre-authentication encoding "DSSEv1 <len type> <type> <len body> <body>"
// (secure-systems-lab/dsse protocol.md), which is what a verifier checks the signature against.
const IN_TOTO = "application/vnd.in-toto+json";
const PAYLOAD = `${SIGNING_DIR}/payload.json`;
const STATEMENT = `${SIGNING_DIR}/statement.json`;
const PAE = `${SIGNING_DIR}/statement.pae`;
const PAYLOAD_SIGNATURE = `${SIGNING_DIR}/payload.sig`;
const ATTESTATION = `${SIGNING_DIR}/attestation.json`;

const RECORD_STATEMENT = `${SIGNING_DIR}/release-record.statement.json`;
const RECORD_PAE = `${SIGNING_DIR}/release-record.pae`;
const RECORD_STATEMENT_LINES = [
  `{ printf '{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"${RELEASE_RECORD_PREDICATE_TYPE}","subject":[{"name":"%s","digest":{"sha256":"%s"}}],"predicate":' "$IMAGE_REPOSITORY" "$DIGEST_HEX"; cat ${RELEASE_RECORD_FILE}; printf '}'; } > ${RECORD_STATEMENT}`,
  `{ printf 'DSSEv1 ${IN_TOTO.length} ${IN_TOTO} %s ' "$(wc -c < ${RECORD_STATEMENT} | tr -d ' ')"; cat ${RECORD_STATEMENT}; } > ${RECORD_PAE}`,
  `base64 ${RECORD_PAE} | tr -d '\\n' > ${RECORD_PAE}.b64`,
];

const PAYLOAD_LINES = [
  `mkdir -p ${SIGNING_DIR}`,
  `printf '{"critical":{"identity":{"docker-reference":"%s"},"image":{"docker-manifest-digest":"sha256:%s"},"type":"cosign container image signature"},"optional":null}' "$IMAGE_REPOSITORY" "$DIGEST_HEX" > ${PAYLOAD}`,
  `{ printf '{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://cyclonedx.org/bom","subject":[{"name":"%s","digest":{"sha256":"%s"}}],"predicate":' "$IMAGE_REPOSITORY" "$DIGEST_HEX"; cat ${SBOM_CYCLONEDX}; printf '}'; } > ${STATEMENT}`,
  `{ printf 'DSSEv1 ${IN_TOTO.length} ${IN_TOTO} %s ' "$(wc -c < ${STATEMENT} | tr -d ' ')"; cat ${STATEMENT}; } > ${PAE}`,
];

/**
 * Transit: the only job that holds the signing identity runs the pinned Vault image and installs
 * nothing. It builds the payloads from the checked digest and the SBOM artifact, has Vault sign
 * them with the app's key (`<mount>/sign/<key>/sha2-256`, ECDSA P-256, ASN.1 signatures, the
 * encoding cosign's hashivault KMS produces), and hands the signature and the DSSE envelope to
 * `attach-signature`. It needs no registry credentials.
 */
function transitSignJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  identity: TransitSigningIdentity,
  gates: readonly string[],
): CiJob {
  const access = vaultAccess(input, "sign", "vault", images.vault, [], { needsToken: true });
  const signB64 = (b64File: string): string =>
    `vault write -field=signature ${shellQuote(`${identity.transitMount}/sign/${identity.keyName}/sha2-256`)} input=@${b64File}`;
  const sign = (file: string): string => signB64(`${file}.b64`);
  const record = recordOptions(input, PAYLOAD_SIGNATURE, [{ predicateType: CYCLONEDX_PREDICATE_TYPE, file: ATTESTATION }]);
  return {
    stage: "sign",
    image: { name: images.vault.image, entrypoint: [""] },
    needs: [...needs("build", SBOM_JOB, SCAN_JOB), ...recordNeeds(input, gates)],
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none" },
    id_tokens: access.id_tokens,
    script: [
      ...CHECK_IMAGE_REF,
      ...PAYLOAD_LINES,
      `base64 ${PAYLOAD} | tr -d '\\n' > ${PAYLOAD}.b64`,
      `base64 ${PAE} | tr -d '\\n' > ${PAE}.b64`,
      ...access.lines,
      // Vault returns vault:v<version>:<base64>; cosign and DSSE carry the base64 part.
      `PAYLOAD_SIGNATURE="$(${sign(PAYLOAD)})"`,
      `STATEMENT_SIGNATURE="$(${sign(PAE)})"`,
      `printf '%s' "\${PAYLOAD_SIGNATURE#vault:v*:}" > ${PAYLOAD_SIGNATURE}`,
      `{ printf '{"payloadType":"${IN_TOTO}","payload":"'; base64 ${STATEMENT} | tr -d '\\n'; printf '","signatures":[{"keyid":"","sig":"%s"}]}' "\${STATEMENT_SIGNATURE#vault:v*:}"; } > ${ATTESTATION}`,
      `test -s ${PAYLOAD_SIGNATURE} || { echo "Vault returned no signature" >&2; exit 1; }`,
      // The release record (docs/release-ledger.md): its attestation, then the ledger lines, all signed here.
      ...releaseRecordLines(record),
      ...RECORD_STATEMENT_LINES,
      `RECORD_SIGNATURE="$(${sign(RECORD_PAE)})"`,
      `{ printf '{"payloadType":"${IN_TOTO}","payload":"'; base64 ${RECORD_STATEMENT} | tr -d '\\n'; printf '","signatures":[{"keyid":"","sig":"%s"}]}' "\${RECORD_SIGNATURE#vault:v*:}"; } > ${RELEASE_RECORD_ATTESTATION}`,
      ...ledgerEntryLines(record, signB64),
      "vault token revoke -self",
    ],
    artifacts: {
      paths: [PAYLOAD, PAYLOAD_SIGNATURE, ATTESTATION, RELEASE_RECORD_FILE, RELEASE_RECORD_ATTESTATION, LEDGER_LINES_FILE, LEDGER_LOG_FILE],
      expire_in: "1 year",
    },
    interruptible: false,
  };
}

/**
 * Pushes the signature and the attestation next to the image (`cosign attach`, cosign's pinned
 * image) with the push-only build identity: nothing here can sign.
 */
function attachSignatureJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob {
  const access = vaultAccess(input, "build", "cosign", images.cosign, registrySecrets);
  return {
    stage: "sign",
    image: { name: images.cosign.image, entrypoint: [""] },
    needs: needs("build", SIGN_JOB),
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none", DOCKER_CONFIG: "/tmp/.docker" },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [
      ...cosignPushLines(access),
      `cosign attach signature --payload ${PAYLOAD} --signature ${PAYLOAD_SIGNATURE} "$IMAGE_REF"`,
      `cosign attach attestation --attestation ${ATTESTATION} "$IMAGE_REF"`,
      `cosign attach attestation --attestation ${RELEASE_RECORD_ATTESTATION} "$IMAGE_REF"`,
    ],
    interruptible: false,
  };
}
