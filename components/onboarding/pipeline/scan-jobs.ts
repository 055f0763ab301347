import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import { REGISTRY_SCAN_JOB } from "./registry-scan-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { dockerConfigLines, registrySecrets, vaultAccess } from "./vault-access";
import { scanVex, type ScanVex } from "./vex-file";

/**
 * CVE gate on the pushed digest with Trivy (adapted from aquasecurity/trivy
 * docs/tutorials/integrations/gitlab-ci.md): first the GitLab container-scanning report
 * (exit 0, so the report exists even when the gate fails), then the gate itself.
 * The app's threshold applies to non-production deploys; the production path always
 * gates on HIGH and CRITICAL (plus anything stricter the app asked for).
 */

export const SEVERITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Severities at or above `threshold`, most severe last (Trivy's `--severity` list). */
export const severitiesFrom = (threshold: Severity): Severity[] => SEVERITIES.slice(SEVERITIES.indexOf(threshold));

/** The production gate: the app's threshold, but never more lenient than HIGH. */
export const productionSeverities = (threshold: Severity): Severity[] =>
  severitiesFrom(SEVERITIES.indexOf(threshold) < SEVERITIES.indexOf("HIGH") ? threshold : "HIGH");

export const SCAN_JOB = "scan";
export const PRODUCTION_SCAN_JOB = "scan:production";
export const SCAN_REPORT = "gl-container-scanning-report.json";
/** `trivy version --format json`: the vulnerability DB's UpdatedAt, for the release record. */
export const TRIVY_VERSION_FILE = "trivy-version.json";

// The app's accepted risks (OpenVEX, vex-file.ts) filter both the report and the gate.
const gateLine = (severities: Severity[], vex: ScanVex): string =>
  `trivy image --skip-db-update --exit-code 1 --severity ${severities.join(",")}${vex.args} "$IMAGE_REF"`;

function scanJob(
  input: ParsedPipelineInput,
  images: Record<ToolName, ResolvedToolImage>,
  script: string[],
  artifacts?: CiJob["artifacts"],
  vex: ScanVex = { lines: [], args: "" },
): CiJob {
  const access = vaultAccess(input, "build", "trivy", images.trivy, registrySecrets);
  return {
    stage: "scan",
    image: { name: images.trivy.image, entrypoint: [""] },
    // After Harbor's scan: a production-grade project refuses to serve an unscanned digest (registry-scan-job.ts).
    needs: needs("build", REGISTRY_SCAN_JOB),
    rules: onDefaultBranch,
    variables: {
      ...access.variables,
      // No checkout: exceptions cannot be smuggled in through a .trivyignore in the app repository.
      GIT_STRATEGY: "none",
      DOCKER_CONFIG: "/tmp/.docker",
      TRIVY_NO_PROGRESS: "true",
      TRIVY_CACHE_DIR: ".trivycache/",
    },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [...access.lines, ...dockerConfigLines("/tmp/.docker"), "trivy image --download-db-only", ...vex.lines, ...script],
    cache: { key: "trivy-db", paths: [".trivycache/"] },
    ...(artifacts ? { artifacts } : {}),
    allow_failure: false,
    interruptible: true,
  };
}

/** The scan jobs: `scan` always; `scan:production` only when the app's own gate is laxer than production's. */
export function scanJobs(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): Record<string, CiJob> {
  const threshold = input.spec.pipeline.scanSeverityThreshold;
  const appGate = severitiesFrom(threshold);
  const prodGate = productionSeverities(threshold);
  const vex = scanVex(input);
  const jobs: Record<string, CiJob> = {
    [SCAN_JOB]: scanJob(
      input,
      images,
      [
        `trivy image --skip-db-update --exit-code 0 --format template --template "@/contrib/gitlab.tpl" --output "$CI_PROJECT_DIR/${SCAN_REPORT}"${vex.args} "$IMAGE_REF"`,
        gateLine(appGate, vex),
        // The vulnerability DB's age for the release record (release-record-script.ts).
        `trivy version --format json > "$CI_PROJECT_DIR/${TRIVY_VERSION_FILE}"`,
      ],
      { when: "always", paths: [SCAN_REPORT, TRIVY_VERSION_FILE], expire_in: "1 year", reports: { container_scanning: SCAN_REPORT } },
      vex,
    ),
  };
  const deploysToProduction = input.environments.some((e) => e.production && input.spec.environments.includes(e.name));
  if (deploysToProduction && appGate.join() !== prodGate.join())
    jobs[PRODUCTION_SCAN_JOB] = scanJob(input, images, [gateLine(prodGate, vex)], undefined, vex);
  return jobs;
}
