import type { ChartPin } from "../../kubernetes/chart-pin";

const ESO_2_9_0 = {
  repository: "external-secrets/external-secrets",
  ref: "helm-chart-2.9.0",
  commit: "cc5bfbc2234ace9cb0caff4ea89c435cf517b27b",
};

/**
 * External Secrets Operator's chart 2.9.0 (ESO v2.9.0): tag helm-chart-2.9.0, also the newest entry of
 * the gh-pages index.yaml @ 629cd69 (2026-08-08). Upstream announced 2.10.0 and 2.11.0
 * (external-secrets/external-secrets#6997), but neither is readable here, and the values were only ever
 * checked against 2.9.0's values.yaml and values.schema.json, which Helm enforces at install. Two
 * unread minor releases are too far to vouch for (the maintainers advise one minor at a time,
 * external-secrets/external-secrets#6442), so the pin is the version whose schema the values satisfy.
 */
export const EXTERNAL_SECRETS_CHART: ChartPin = {
  chart: "external-secrets",
  version: "2.9.0",
  repository: "https://charts.external-secrets.io",
  evidence: { kind: "upstream", appVersion: "v2.9.0", source: { ...ESO_2_9_0, path: "deploy/charts/external-secrets/Chart.yaml" } },
  crds: {
    kind: "templates",
    values: { installCRDs: true, crds: { annotations: { "helm.sh/resource-policy": "keep" } } },
    keptOnUninstall: true,
    how:
      "hack/helm.generate.sh splits the CRD bundle into templates/crds/ when the chart is packaged, each behind " +
      "installCRDs and carrying crds.annotations; the keep annotation leaves them on uninstall, since deleting " +
      "the CRDs deletes every ExternalSecret and, through owner references, the Secrets they created.",
    sources: [
      { ...ESO_2_9_0, path: "hack/helm.generate.sh" },
      { ...ESO_2_9_0, path: "deploy/charts/external-secrets/templates/crds/README.md" },
    ],
  },
};

/** The Helm release name; the chart derives object names and labels from it. */
export const EXTERNAL_SECRETS_RELEASE = "external-secrets";

/** The operator's service account; the Vault Kubernetes-auth role binds to it. */
export const EXTERNAL_SECRETS_SERVICE_ACCOUNT = "external-secrets";
