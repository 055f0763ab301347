import type { ChartPin } from "../../kubernetes/chart-pin";

const VAULT_HELM_0_34_1 = { repository: "hashicorp/vault-helm", ref: "v0.34.1", commit: "aa1c92e4adddbce9660e536dfe5222a88eda6d52" };

/**
 * hashicorp/vault-helm 0.34.1 (Vault 2.0.4, vault-k8s 1.7.6), released 2026-08-13: the newest tag in
 * github.com/hashicorp/vault-helm (Chart.yaml and CHANGELOG.md at aa1c92e, "Release v0.34.1 preparation").
 */
export const VAULT_CHART: ChartPin = {
  chart: "vault",
  version: "0.34.1",
  repository: "https://helm.releases.hashicorp.com",
  evidence: { kind: "upstream", appVersion: "2.0.4", source: { ...VAULT_HELM_0_34_1, path: "Chart.yaml" } },
  // No crds/ directory and no CustomResourceDefinition in templates/ at the tag.
  crds: { kind: "none", checked: { ...VAULT_HELM_0_34_1, path: "." } },
};

/** Fixed release name: the chart derives its Service names (`vault`, `vault-active`, `vault-internal`) from it. */
export const VAULT_RELEASE_NAME = "vault";
/** The chart's API port (server.service.port); TLS terminates at the ingress (global.tlsDisable). */
export const VAULT_API_PORT = 8200;
