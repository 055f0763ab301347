/**
 * Upstream registries Harbor caches, keyed by the registry host workloads would otherwise pull from.
 * Data only: the supply-chain guardrails read it to tell the platform's proxy caches (exempt from
 * cosign, since upstream images carry no platform signature) from any other project.
 */
export const PROXY_CACHES = {
  "docker.io": { project: "dockerhub-proxy", providerName: "docker-hub", endpointUrl: "https://hub.docker.com" },
  "ghcr.io": { project: "ghcr-proxy", providerName: "github", endpointUrl: "https://ghcr.io" },
  "quay.io": { project: "quay-proxy", providerName: "quay", endpointUrl: "https://quay.io" },
} as const;
export type Upstream = keyof typeof PROXY_CACHES;
