import { type CiJob, needs, onDefaultBranch } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { dockerConfigLines, registrySecrets, vaultAccess } from "./vault-access";

/**
 * Builds the image daemonless and rootless, pushes it to the app's Harbor project tagged with
 * the commit SHA, and hands the pushed digest to every later job as a dotenv artifact
 * (IMAGE_DIGEST, IMAGE_REF = repository@digest): everything after this job works on the
 * digest, never on a tag. It runs the app's own Dockerfile steps, so it holds the build
 * identity only: the registry credentials, nothing that signs or deploys. Nothing pulls the digest
 * before Harbor has scanned it: the next job waits for that (registry-scan-job.ts).
 *
 * `pipeline.dockerfile` and `pipeline.context` are checked at the spec boundary (safe relative
 * paths, repository-path.ts) and still written as quoted shell words.
 */

const DOTENV_LINES = [
  'case "$IMAGE_DIGEST" in sha256:*) ;; *) echo "no image digest from the build" >&2; exit 1 ;; esac',
  'printf "IMAGE_DIGEST=%s\\nIMAGE_REF=%s@%s\\n" "$IMAGE_DIGEST" "$IMAGE_REPOSITORY" "$IMAGE_DIGEST" > build.env',
];

const dirname = (file: string): string => (file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".");
const basename = (file: string): string => file.slice(file.lastIndexOf("/") + 1);

export function builderSteps(input: ParsedPipelineInput): { tool: ToolName; variables: Record<string, string>; script: string[] } {
  const { builder } = input.spec.pipeline;
  const dockerfile = shellQuote(input.spec.pipeline.dockerfile);
  const context = shellQuote(input.spec.pipeline.context);
  const dockerfileDir = shellQuote(dirname(input.spec.pipeline.dockerfile));
  const dockerfileName = shellQuote(basename(input.spec.pipeline.dockerfile));
  // Kaniko takes absolute paths: the quoted word follows the double-quoted project directory.
  const inProject = (path: string): string => (path === "." ? '"$CI_PROJECT_DIR/"' : `"$CI_PROJECT_DIR/"${shellQuote(path)}`);
  const destination = "$IMAGE_REPOSITORY:$CI_COMMIT_SHA";
  switch (builder) {
    case "buildkit":
      // GitLab's BuildKit page (doc/ci/docker/using_buildkit.md), the documented Kaniko replacement.
      return {
        tool: "buildkit",
        variables: { BUILDKITD_FLAGS: "--oci-worker-no-process-sandbox", DOCKER_CONFIG: "/tmp/.docker" },
        script: [
          ...dockerConfigLines("/tmp/.docker"),
          `buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=${context} --local dockerfile=${dockerfileDir} ` +
            `--opt filename=${dockerfileName} --output "type=image,name=${destination},push=true" --metadata-file metadata.json`,
          // moby/buildkit README: --metadata-file records "containerimage.digest".
          `IMAGE_DIGEST="$(grep -o '"containerimage.digest": *"sha256:[0-9a-f]*"' metadata.json | grep -o 'sha256:[0-9a-f]*')"`,
        ],
      };
    case "buildah":
      // GitLab's rootless Buildah page (doc/ci/docker/buildah_rootless_multi_arch.md).
      return {
        tool: "buildah",
        variables: { STORAGE_DRIVER: "vfs", BUILDAH_FORMAT: "oci", BUILDAH_ISOLATION: "chroot" },
        script: [
          `printf '%s' "$REGISTRY_PASSWORD" | buildah login -u "$REGISTRY_USERNAME" --password-stdin "$REGISTRY_HOST"`,
          `buildah build -f ${dockerfile} -t "${destination}" ${context}`,
          `buildah push --digestfile image.digest "${destination}"`,
          'IMAGE_DIGEST="$(cat image.digest)"',
        ],
      };
    case "kaniko":
      // The maintained fork (osscontainertools/kaniko); --digest-file and --reproducible are in its README.
      return {
        tool: "kaniko",
        variables: { DOCKER_CONFIG: "/kaniko/.docker" },
        script: [
          ...dockerConfigLines("/kaniko/.docker"),
          `/kaniko/executor --context ${inProject(input.spec.pipeline.context)} --dockerfile ${inProject(input.spec.pipeline.dockerfile)} ` +
            `--destination "${destination}" --digest-file "$CI_PROJECT_DIR/image.digest" --reproducible`,
          'IMAGE_DIGEST="$(cat "$CI_PROJECT_DIR/image.digest")"',
        ],
      };
  }
}

export function buildJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>, after: string[]): CiJob {
  const steps = builderSteps(input);
  const access = vaultAccess(input, "build", steps.tool, images[steps.tool], registrySecrets);
  return {
    stage: "build",
    image: { name: images[steps.tool].image, entrypoint: [""] },
    needs: needs(...after),
    rules: onDefaultBranch,
    variables: { ...access.variables, ...steps.variables },
    id_tokens: access.id_tokens,
    ...(access.secrets ? { secrets: access.secrets } : {}),
    script: [...access.lines, ...steps.script, ...DOTENV_LINES],
    artifacts: { reports: { dotenv: "build.env" } },
    interruptible: true,
  };
}
