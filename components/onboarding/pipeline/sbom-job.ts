import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import { REGISTRY_SCAN_JOB } from "./registry-scan-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { dockerConfigLines, registrySecrets, vaultAccess } from "./vault-access";

export const SBOM_JOB = "sbom";
export const SBOM_CYCLONEDX = "sbom.cdx.json";
export const SBOM_SPDX = "sbom.spdx.json";

/**
 * SBOM of the pushed digest with Syft, in CycloneDX and SPDX. Both are kept as artifacts
 * (CRA Annex I Part II(1), DORA RTS Art. 10: an inventory of third-party components); the
 * CycloneDX one is also attested to the image by the sign job, so it travels with the image.
 * `registry:` pulls straight from Harbor without a Docker daemon.
 */
export function sbomJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob {
  const access = vaultAccess(input, "build", "syft", images.syft, registrySecrets);
  return {
    stage: "sbom",
    image: { name: images.syft.image, entrypoint: [""] },
    // After Harbor's scan: a production-grade project refuses to serve an unscanned digest (registry-scan-job.ts).
    needs: needs("build", REGISTRY_SCAN_JOB),
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none", DOCKER_CONFIG: "/tmp/.docker" },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [
      ...access.lines,
      ...dockerConfigLines("/tmp/.docker"),
      // The -debug image keeps the binary at /syft (anchore/syft Dockerfile.debug).
      `/syft scan "registry:$IMAGE_REF" -o cyclonedx-json=${SBOM_CYCLONEDX} -o spdx-json=${SBOM_SPDX}`,
    ],
    artifacts: { paths: [SBOM_CYCLONEDX, SBOM_SPDX], expire_in: "1 year", reports: { cyclonedx: [SBOM_CYCLONEDX] } },
    interruptible: true,
  };
}
