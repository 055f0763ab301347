import type { ChartPin } from "../../kubernetes/helm-release";

/**
 * External Secrets Operator's chart. Pinned to 2.11.0, the newest release
 * confirmed on 2026-11-26: github.com/linode/apl-core/pull/3681 (2026-09-22)
 * renders chart 2.11.0 and shows only image tag changes from 2.10.0 in the
 * templates this component uses. Values keys checked against
 * deploy/charts/external-secrets/values.yaml and values.schema.json at tag
 * helm-chart-2.9.0 (the newest tag in the stored source snapshot).
 */
export const EXTERNAL_SECRETS_CHART: ChartPin = {
  chart: "external-secrets",
  version: "2.11.0",
  repository: "https://charts.external-secrets.io",
};

/** The Helm release name; the chart derives object names and labels from it. */
export const EXTERNAL_SECRETS_RELEASE = "external-secrets";

/** The operator's service account; the Vault Kubernetes-auth role binds to it. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
