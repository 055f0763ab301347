/**
 * The images the generated pipelines run, in one table platform teams can override
 * (`toolImages(registry, overrides)`). Every entry is an exact upstream version; jobs pull
 * it through the platform's Harbor proxy cache (`<harbor>/<proxy project>/<repository>`),
 * so CI never reaches Docker Hub, GHCR or Quay directly and Harbor keeps a copy.
 *
 * Digests are pinned where a source records one (the Docker Official Images' repo-info);
 * for the others none of the sources below publishes one we could check. Pin a digest with an
 * override (`"docker.io/aquasec/trivy:0.74.0@sha256:..."`) once you have verified the image
 * (for example with `cosign verify`).
 *
 * Jobs that hold a Vault token (build, SBOM, scan, sign, deploy) install nothing at run time:
 * every tool comes with its pinned image.
 */

export const TOOL_NAMES = ["test", "buildkit", "buildah", "kaniko", "syft", "trivy", "cosign", "vault", "git"] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** What a job in this image can use to reach Vault over verified TLS (`vault-login` secrets mode). */
export type VaultClient = "vault" | "curl";

export interface ToolImage {
  /** Upstream reference: `registry/repository:tag[@sha256:digest]` (registry defaults to docker.io). */
  reference: string;
  /** Client for Vault logins inside the job; absent when the image has none we trust (see docs/pipeline.md). */
  vaultClient?: VaultClient;
}

export const DEFAULT_TOOL_IMAGES: Readonly<Record<ToolName, ToolImage>> = {
  // docker-library/official-images library/alpine @ 2026-08-21: 3.24.1 is the newest 3.24 tag.
  test: { reference: "docker.io/library/alpine:3.24.1" },
  // moby/buildkit tag v0.32.2 (2026-08-04); images are tagged `<tag>-rootless` (docs/images-readme.md).
  buildkit: { reference: "docker.io/moby/buildkit:v0.32.2-rootless" },
  // containers/buildah tag v1.44.0 (2026-05-27); `-immutable` tags are never overwritten (containers/image_build README).
  buildah: { reference: "quay.io/containers/buildah:v1.44.0-immutable", vaultClient: "curl" },
  // The maintained Kaniko fork, osscontainertools/kaniko v1.28.3 (2026-08-13); `<tag>-debug` has the
  // busybox shell GitLab needs (.github/workflows/images.yaml "Apply release tags").
  kaniko: { reference: "ghcr.io/osscontainertools/kaniko:v1.28.3-debug" },
  // anchore/syft v1.51.0; `<tag>-debug` is distroless + busybox, binary at /syft (.goreleaser.yaml, Dockerfile.debug).
  syft: { reference: "docker.io/anchore/syft:v1.51.0-debug" },
  // aquasecurity/trivy v0.74.0 (2026-08-14); Docker Hub tags carry no `v` (goreleaser.yml dockers_v2).
  trivy: { reference: "docker.io/aquasec/trivy:0.74.0" },
  // sigstore/cosign v3.1.2 (2026-07-17); `<tag>-dev` is distroless debug (busybox), binary at /ko-app/cosign (Makefile ko-cosign-dev).
  cosign: { reference: "ghcr.io/sigstore/cosign/cosign:v3.1.2-dev" },
  // The Vault version the platform installs (components/platform/vault/chart.ts: hashicorp/vault 2.0.4), for
  // the transit signing job: its CLI logs in, signs with the app's transit key and revokes the token; the
  // Alpine base's busybox builds cosign's payloads (sign-job.ts), so nothing is installed while it holds the key.
  vault: { reference: "docker.io/hashicorp/vault:2.0.4", vaultClient: "vault" },
  // The deploy jobs: git and curl (their Vault client in vault-login mode) from the Docker Official Image
  // buildpack-deps `trixie-scm` (Debian 13: the `curl` variant's ca-certificates, curl, gnupg, plus git and
  // openssh-client). It has no version tags, so it is pinned to the digest of its image index as
  // docker-library/repo-info recorded it (repos/buildpack-deps/remote/trixie-scm.md at 5cf9cef, amd64 and
  // arm64 built 2026-08-25).
  git: {
    reference: "docker.io/library/buildpack-deps:trixie-scm@sha256:11ccdf36e8296088e3c64661fb415509b8979f811e8f40ef3dff4be98c7bfcab",
    vaultClient: "curl",
  },
};

/** An image reference split into parts. */
export interface ImageReference {
  registry: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const EXACT_VERSION = /\d+\.\d+\.\d+/;

export class ToolImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolImageError";
  }
}

/** Splits `registry/repo:tag@digest`; Docker Hub's implicit registry and `library/` are made explicit. */
export function parseImageReference(reference: string): ImageReference {
  const [nameAndTag = "", digest, ...rest] = reference.split("@");
  if (rest.length > 0 || nameAndTag === "") throw new ToolImageError(`'${reference}' is not an image reference`);
  const slash = nameAndTag.indexOf("/");
  const first = slash === -1 ? "" : nameAndTag.slice(0, slash);
  const hasRegistry = first.includes(".") || first.includes(":") || first === "localhost";
  const registry = hasRegistry ? first : "docker.io";
  let path = hasRegistry ? nameAndTag.slice(slash + 1) : nameAndTag;
  let tag: string | undefined;
  const colon = path.lastIndexOf(":");
  if (colon !== -1) {
    tag = path.slice(colon + 1);
    path = path.slice(0, colon);
  }
  if (registry === "docker.io" && !path.includes("/")) path = `library/${path}`;
  if (!/^[a-z0-9]+([._/-][a-z0-9]+)*$/.test(path)) throw new ToolImageError(`'${reference}' has an invalid repository '${path}'`);
  if (digest !== undefined && !DIGEST.test(digest))
    throw new ToolImageError(`'${reference}' has an invalid digest (expected sha256:<64 hex>)`);
  return { registry, repository: path, ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

export const formatImageReference = (ref: ImageReference): string =>
  `${ref.registry}/${ref.repository}${ref.tag ? `:${ref.tag}` : ""}${ref.digest ? `@${ref.digest}` : ""}`;

interface Refusal {
  /** Matches the end of the repository path, so proxied references (`<proxy>/aquasec/trivy`) match too. */
  repositories: readonly string[];
  /** Refused versions (`x.y.z`, without `v` or suffix); `"any"` refuses every version. */
  versions: readonly string[] | "any";
  reason: string;
}

/** Tool versions the generator will not emit, whoever asks for them. */
export const REFUSED_TOOL_VERSIONS: readonly Refusal[] = [
  {
    repositories: ["aquasec/trivy", "aquasecurity/trivy"],
    versions: ["0.69.4", "0.69.5", "0.69.6"],
    reason:
      "compromised release: credential-stealing Trivy builds were published in March 2026 " +
      "(CVE-2026-33634, GHSA-69fq-xp46-6x23; 0.69.5/0.69.6 were Docker Hub images, future-architect/vuls#2489); use 0.70.0 or later",
  },
  {
    repositories: ["kaniko-project/executor"],
    versions: "any",
    reason:
      "GoogleContainerTools/kaniko was archived on 2025-06-03 and gets no fixes; use the maintained fork ghcr.io/osscontainertools/kaniko",
  },
];

const bareVersion = (tag: string): string => tag.replace(/^v/, "").split("-")[0] ?? tag;

/** Throws unless the reference names an exact version (x.y.z tag or a digest) that is not refused. */
export function assertAcceptableImage(reference: string, what: string): ImageReference {
  const ref = parseImageReference(reference);
  if (!ref.digest && !(ref.tag && EXACT_VERSION.test(ref.tag)))
    throw new ToolImageError(
      `${what}: '${reference}' must name an exact version (a tag such as 1.2.3 or v1.2.3-debug, or @sha256:<digest>), not '${ref.tag ?? "no tag"}'`,
    );
  for (const refusal of REFUSED_TOOL_VERSIONS) {
    const repoMatches = refusal.repositories.some((r) => ref.repository === r || ref.repository.endsWith(`/${r}`));
    if (!repoMatches) continue;
    if (refusal.versions === "any" || (ref.tag !== undefined && refusal.versions.includes(bareVersion(ref.tag))))
      throw new ToolImageError(`${what}: '${reference}' is refused: ${refusal.reason}`);
  }
  return ref;
}

export interface ProxyRegistry {
  /** Harbor host, without scheme. */
  host: string;
  /** Upstream registry -> proxy-cache project (docker.io -> dockerhub-proxy). */
  proxyCacheProjects: Readonly<Record<string, string>>;
}

/** Rewrites an upstream reference to the Harbor proxy cache; references already on Harbor stay as they are. */
export function throughProxyCache(reference: string, registry: ProxyRegistry, what: string): string {
  const ref = assertAcceptableImage(reference, what);
  if (ref.registry === registry.host) return formatImageReference(ref);
  const project = registry.proxyCacheProjects[ref.registry];
  if (!project)
    throw new ToolImageError(
      `${what}: no Harbor proxy-cache project for '${ref.registry}' (known: ${Object.keys(registry.proxyCacheProjects).join(", ") || "none"}); ` +
        `add one to registry.proxyCacheProjects or point the image at ${registry.host}`,
    );
  return formatImageReference({ ...ref, registry: registry.host, repository: `${project}/${ref.repository}` });
}

export type ToolImageOverride = string | ToolImage;

export interface ResolvedToolImage {
  /** The reference jobs use (through the proxy cache). */
  image: string;
  vaultClient?: VaultClient;
}

/**
 * The effective tool table: defaults merged with `overrides`, each checked (exact version,
 * not refused) and rewritten to the proxy cache. A string override keeps the default's
 * `vaultClient` only when it names the same repository.
 */
export function toolImages(
  registry: ProxyRegistry,
  overrides: Partial<Record<ToolName, ToolImageOverride>> = {},
): Record<ToolName, ResolvedToolImage> {
  const unknown = Object.keys(overrides).filter((k) => !(k in DEFAULT_TOOL_IMAGES));
  if (unknown.length > 0)
    throw new ToolImageError(`toolImages: unknown tool(s) ${unknown.join(", ")}; known: ${Object.keys(DEFAULT_TOOL_IMAGES).join(", ")}`);
  const resolved = {} as Record<ToolName, ResolvedToolImage>;
  for (const name of Object.keys(DEFAULT_TOOL_IMAGES) as ToolName[]) {
    const fallback = DEFAULT_TOOL_IMAGES[name];
    const override = overrides[name];
    let entry: ToolImage = fallback;
    if (typeof override === "string") {
      const sameRepository = parseImageReference(override).repository.endsWith(parseImageReference(fallback.reference).repository);
      entry = sameRepository ? { ...fallback, reference: override } : { reference: override };
    } else if (override) entry = override;
    resolved[name] = {
      image: throughProxyCache(entry.reference, registry, `toolImages.${name}`),
      ...(entry.vaultClient ? { vaultClient: entry.vaultClient } : {}),
    };
  }
  return resolved;
}
