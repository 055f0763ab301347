import type { AppNames } from "../app-names";
import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { registrySecrets, vaultAccess } from "./vault-access";

export const REGISTRY_SCAN_JOB = "registry-scan";

/** The report mime type Harbor's Trivy adapter writes (goharbor/harbor, pkg/scan/rest/v1 MimeTypeNativeReport). */
const VULNERABILITY_REPORT = "application/vnd.security.vulnerability.report; version=1.1";
const ATTEMPTS = 90;
const INTERVAL_SECONDS = 10;

/** Harbor's artifact API path of the pushed digest: `projects/<project>/repositories/<repository>/artifacts/<digest>`. */
export function artifactApiPath(names: Pick<AppNames, "registry">): string {
  const [, project, ...repository] = names.registry.repository.split("/");
  if (project !== names.registry.project || repository.length === 0)
    throw new Error(`registry repository '${names.registry.repository}' is not <host>/${names.registry.project}/<repository>`);
  // A repository name with '/' is double-encoded in Harbor's API (`a%252Fb`); app repositories have none.
  return `/api/v2.0/projects/${project}/repositories/${repository.map(encodeURIComponent).join("%252F")}/artifacts`;
}

/**
 * Waits until Harbor has scanned the pushed digest, before anything pulls it. App projects of
 * production-grade apps prevent vulnerable images (`deploymentSecurity`), which also refuses every
 * pull of a digest Harbor has not scanned yet (HTTP 412): the SBOM, scan and sign jobs would race
 * scan-on-push. This job polls the artifact's `scan_overview` (GET
 * /api/v2.0/projects/{project}/repositories/{repository}/artifacts/{digest}?with_scan_overview=true,
 * header X-Accept-Vulnerabilities) with the push robot, which may read artifacts
 * (robot-permissions.ts), and fails on a scan that ended in Error or Stopped, or after 15 minutes.
 * It prints Harbor's verdict; the pipeline's own Trivy gate decides (scan-jobs.ts).
 *
 * Credentials go to curl on standard input (`-K -`), never on its command line. The `git` tool
 * image carries curl with CA certificates (tool-images.ts).
 */
export function registryScanJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob {
  const access = vaultAccess(input, "build", "git", images.git, registrySecrets);
  const url = `https://$REGISTRY_HOST${artifactApiPath(input.names)}/$IMAGE_DIGEST?with_scan_overview=true`;
  return {
    stage: "build",
    image: { name: images.git.image, entrypoint: [""] },
    needs: needs("build"),
    rules: onDefaultBranch,
    variables: { ...access.variables, GIT_STRATEGY: "none" },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [
      ...access.lines,
      `for attempt in $(seq 1 ${ATTEMPTS}); do ` +
        `REPORT="$(printf 'user = "%s:%s"\\n' "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD" | curl -fsS -K - ` +
        `-H ${shellQuote(`X-Accept-Vulnerabilities: ${VULNERABILITY_REPORT}`)} "${url}")"; ` +
        `STATUS="$(printf '%s' "$REPORT" | grep -o '"scan_status": *"[A-Za-z]*"' | head -n 1 | sed 's/.*"\\([A-Za-z]*\\)"$/\\1/')"; ` +
        `case "$STATUS" in Success) break ;; Error|Stopped) echo "Harbor's scan of $IMAGE_REF ended: $STATUS" >&2; exit 1 ;; esac; ` +
        `echo "waiting for Harbor's scan of $IMAGE_REF (\${STATUS:-not started}, attempt $attempt)"; sleep ${INTERVAL_SECONDS}; ` +
        `done`,
      `test "$STATUS" = Success || { echo "Harbor did not finish scanning $IMAGE_REF in ${(ATTEMPTS * INTERVAL_SECONDS) / 60} minutes" >&2; exit 1; }`,
      `printf '%s' "$REPORT" | grep -o '"severity": *"[A-Za-z]*"' | head -n 1 | sed 's/^/Harbor verdict: /'`,
    ],
    interruptible: true,
    timeout: "20m",
  };
}
