import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * hashicorp/vault-helm 0.34.1 (Vault 2.0.4, vault-k8s 1.7.6), released 2026-08-13: the newest tag in
 * github.com/hashicorp/vault-helm (Chart.yaml and CHANGELOG.md at aa1c92e, "Release v0.34.1 preparation").
 */
export const VAULT_CHART: ChartPin = {
  chart: "vault",
  version: "0.34.1",
  repository: "https://helm.releases.hashicorp.com",
};

/** Fixed release name: the chart derives its Service names (`vault`, `vault-active`, `vault-internal`) from it. */
export const VAULT_RELEASE_NAME = "vault";
/** The chart's API port (server.service.port); TLS terminates at the ingress (global.tlsDisable). */
export const VAULT_API_PORT = 8200;
