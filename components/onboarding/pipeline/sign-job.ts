import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { SBOM_CYCLONEDX, SBOM_JOB } from "./sbom-job";
import { SCAN_JOB } from "./scan-jobs";
import { shellQuote } from "./shell-quote";
import type { SigningIdentity } from "./signing-identity";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { dockerConfigLines, registrySecrets, vaultAccess } from "./vault-access";

export const SIGN_JOB = "sign";

/**
 * Signs the digest and attests the CycloneDX SBOM to it. It needs the scan, so an image that
 * failed the gate is never signed, and admission (Kyverno, from `signingIdentity`) only
 * admits signed images. `id_tokens` stay inline in the app's own file: GitLab does not
 * support them from included files or child pipelines for signing (gitlab-org&11637).
 *
 * cosign 3.1.2 refuses custom service URLs and `--tlog-upload=false` unless
 * `--use-signing-config=false` (cmd/cosign/cli/signcommon/common.go), so those flags travel together.
 */
export function signJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>, identity: SigningIdentity): CiJob {
  const subject = '"$IMAGE_REF"';
  const attest = `--type cyclonedx --predicate ${SBOM_CYCLONEDX} ${subject}`;
  if (identity.mode === "keyless") {
    const access = vaultAccess(input, "sign", "cosign", images.cosign, registrySecrets);
    const services = identity.fulcioUrl
      ? ` --use-signing-config=false --fulcio-url ${shellQuote(identity.fulcioUrl)} --rekor-url ${shellQuote(identity.rekorUrl ?? "")}`
      : "";
    return {
      stage: "sign",
      image: { name: images.cosign.image, entrypoint: [""] },
      needs: needs("build", SBOM_JOB, SCAN_JOB),
      rules: onDefaultBranch,
      variables: { ...access.variables, GIT_STRATEGY: "none", DOCKER_CONFIG: "/tmp/.docker", COSIGN_YES: "true" },
      // cosign reads SIGSTORE_ID_TOKEN; Fulcio requires aud "sigstore" (GitLab doc/ci/yaml/signing_examples.md).
      id_tokens: { ...access.id_tokens, SIGSTORE_ID_TOKEN: { aud: "sigstore" } },
      ...(access.secrets ? { secrets: access.secrets } : {}),
      script: [
        // ko images keep the binary in /ko-app (sigstore/cosign Makefile, ko-cosign-dev).
        'export PATH="$PATH:/ko-app"',
        ...access.lines,
        ...dockerConfigLines("/tmp/.docker"),
        `cosign sign${services} ${subject}`,
        `cosign attest${services} ${attest}`,
      ],
      interruptible: false,
    };
  }
  // Transit: cosign's hashivault KMS signs inside Vault with VAULT_ADDR/VAULT_TOKEN; the job logs in
  // with its ID token. The vault image brings the CLI; cosign is added from Alpine's package at the
  // exact version the tool table pins (no image carries both, see tool-images.ts), which may be an
  // older cosign than the keyless job's, hence the flag probe.
  const access = vaultAccess(input, "sign", "vault", images.vault, registrySecrets, { needsToken: true });
  const packages = images.vault.packages ?? [];
  const key = `--key ${identity.kms}`;
  return {
    stage: "sign",
    image: { name: images.vault.image, entrypoint: [""] },
    needs: needs("build", SBOM_JOB, SCAN_JOB),
    rules: onDefaultBranch,
    variables: {
      ...access.variables,
      GIT_STRATEGY: "none",
      DOCKER_CONFIG: "/tmp/.docker",
      COSIGN_YES: "true",
      TRANSIT_SECRET_ENGINE_PATH: identity.transitMount,
    },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    ...(packages.length > 0 ? { before_script: [`apk add --no-cache ${packages.map(shellQuote).join(" ")}`] } : {}),
    script: [
      ...access.lines,
      ...dockerConfigLines("/tmp/.docker"),
      // Private images: no public transparency log (see signing-identity.ts).
      'NO_TLOG="--tlog-upload=false"; if cosign sign --help 2>&1 | grep -q -- --use-signing-config; then NO_TLOG="--use-signing-config=false $NO_TLOG"; fi',
      `cosign sign $NO_TLOG ${key} ${subject}`,
      `cosign attest $NO_TLOG ${key} ${attest}`,
      "vault token revoke -self",
    ],
    interruptible: false,
  };
}
