/**
 * The drill runner's image, pulled through Harbor's Docker Hub proxy cache like the platform's
 * other job images: alpine/k8s 1.34.1 (github.com/alpine-docker/k8s, an Alpine image with kubectl
 * 1.34.1, jq and curl, the three tools the drill script calls). The digest is the multi-arch index
 * digest several unrelated public repositories pin for this tag (found by code search, 2026-12);
 * it is not computed here: check with `crane digest docker.io/alpine/k8s:1.34.1` before a bump.
 */
export const DRILL_IMAGE = {
  repository: "alpine/k8s",
  tag: "1.34.1",
  digest: "sha256:ec714df3813b5405292860f8a1c55c5727bf8c33c88992f1e981efad8065547f",
} as const;

/** `<harbor>/<Docker Hub proxy project>/<repository>:<tag>@<digest>`. */
export const drillImage = (registry: { host: string; dockerHubProxy: string }): string =>
  `${registry.host}/${registry.dockerHubProxy}/${DRILL_IMAGE.repository}:${DRILL_IMAGE.tag}@${DRILL_IMAGE.digest}`;
