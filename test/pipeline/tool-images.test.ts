import {
  assertAcceptableImage,
  DEFAULT_TOOL_IMAGES,
  parseImageReference,
  throughProxyCache,
  toolImages,
} from "../../components/onboarding/pipeline/tool-images";

const registry = {
  host: "harbor.example.test",
  proxyCacheProjects: { "docker.io": "dockerhub-proxy", "ghcr.io": "ghcr-proxy", "quay.io": "quay-proxy" },
};

describe("tool image table", () => {
  it("every default is an exact, accepted version and resolves through the proxy cache", () => {
    const resolved = toolImages(registry);
    for (const [name, tool] of Object.entries(DEFAULT_TOOL_IMAGES)) {
      expect(() => assertAcceptableImage(tool.reference, name)).not.toThrow();
      expect(resolved[name as keyof typeof resolved].image).toMatch(/^harbor\.example\.test\/(dockerhub|ghcr|quay)-proxy\//);
    }
    expect(resolved.trivy.image).toBe("harbor.example.test/dockerhub-proxy/aquasec/trivy:0.74.0");
    expect(resolved.kaniko.image).toBe("harbor.example.test/ghcr-proxy/osscontainertools/kaniko:v1.28.3-debug");
  });

  it("parses Docker Hub shorthand, registries with ports and digests", () => {
    expect(parseImageReference("alpine:3.24.1")).toEqual({ registry: "docker.io", repository: "library/alpine", tag: "3.24.1" });
    const digest = `sha256:${"0".repeat(64)}`;
    expect(parseImageReference(`registry.local:5000/team/tool@${digest}`)).toEqual({
      registry: "registry.local:5000",
      repository: "team/tool",
      digest,
    });
    expect(() => parseImageReference("alpine@sha256:abc")).toThrow(/invalid digest/);
  });

  it("refuses floating tags and known-compromised or abandoned tools", () => {
    expect(() => assertAcceptableImage("aquasec/trivy:latest", "t")).toThrow(/exact version/);
    expect(() => assertAcceptableImage("aquasec/trivy", "t")).toThrow(/exact version/);
    expect(() => assertAcceptableImage("harbor.example.test/dockerhub-proxy/aquasec/trivy:0.69.5", "t")).toThrow(/compromised/);
    expect(() => assertAcceptableImage("aquasec/trivy:0.69.3", "t")).not.toThrow();
    expect(() => assertAcceptableImage("gcr.io/kaniko-project/executor:v1.24.0-debug", "t")).toThrow(/osscontainertools/);
  });

  it("keeps Harbor references, and names the missing proxy-cache project", () => {
    expect(throughProxyCache("harbor.example.test/platform/ci-tools:1.0.0", registry, "x")).toBe(
      "harbor.example.test/platform/ci-tools:1.0.0",
    );
    expect(() => throughProxyCache("registry.k8s.io/kustomize/kustomize:v5.7.1", registry, "toolImages.x")).toThrow(
      /toolImages\.x: no Harbor proxy-cache project for 'registry\.k8s\.io'/,
    );
  });

  it("rejects unknown tools and keeps a default's Vault client only for the same repository", () => {
    expect(() => toolImages(registry, { trivvy: "aquasec/trivy:0.74.0" } as never)).toThrow(/unknown tool\(s\) trivvy/);
    expect(toolImages(registry, { vault: "hashicorp/vault:2.0.5" }).vault).toEqual({
      image: "harbor.example.test/dockerhub-proxy/hashicorp/vault:2.0.5",
      vaultClient: "vault",
    });
    expect(toolImages(registry, { vault: "alpine:3.24.1" }).vault).toEqual({
      image: "harbor.example.test/dockerhub-proxy/library/alpine:3.24.1",
    });
  });

  it("pins the deploy image (git, curl) by its recorded index digest, through the proxy cache", () => {
    expect(toolImages(registry).git).toEqual({
      image:
        "harbor.example.test/dockerhub-proxy/library/buildpack-deps:trixie-scm@sha256:11ccdf36e8296088e3c64661fb415509b8979f811e8f40ef3dff4be98c7bfcab",
      vaultClient: "curl",
    });
  });
});
