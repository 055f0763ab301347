import { PROXY_CACHES, type Upstream } from "../harbor/proxy-caches";

/**
 * The upstream images backing services run in app namespaces, pulled through Harbor's proxy
 * caches. Data only: the supply-chain guardrails admit exactly these repositories in app
 * namespaces besides the app's own project (app-images-own-project), and the operator's and the
 * chart's values point at the same paths, so what is deployed is what is admitted.
 */
export const BACKING_SERVICE_IMAGES: readonly { upstream: Upstream; repository: string; for: string }[] = [
  { upstream: "ghcr.io", repository: "cloudnative-pg/postgresql", for: "PostgreSQL instances (Cluster.spec.imageName)" },
  {
    upstream: "ghcr.io",
    repository: "cloudnative-pg/cloudnative-pg",
    for: "the instances' bootstrap-controller init container, which runs the operator's own image",
  },
  { upstream: "ghcr.io", repository: "cloudnative-pg/plugin-barman-cloud-sidecar", for: "the backup sidecar the plugin injects" },
  { upstream: "docker.io", repository: "valkey/valkey", for: "Valkey" },
];

/** `<registry>/<proxy project>`: where an upstream registry's images are pulled from through Harbor. */
export const proxyRegistry = (registryHost: string, upstream: Upstream): string => `${registryHost}/${PROXY_CACHES[upstream].project}`;

/** The repositories as admission compares them: `<registry>/<proxy project>/<repository>`, followed by `:` or `@` in an image. */
export const backingServiceRepositories = (registryHost: string): string[] =>
  BACKING_SERVICE_IMAGES.map((image) => `${proxyRegistry(registryHost, image.upstream)}/${image.repository}`);

/** Whether an image is one of those repositories (a tag or digest must follow: `postgresql-evil` is another repository). */
export const isBackingServiceImage = (image: string, registryHost: string): boolean =>
  backingServiceRepositories(registryHost).some((repository) => image.startsWith(`${repository}:`) || image.startsWith(`${repository}@`));
