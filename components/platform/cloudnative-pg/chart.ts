import type { ChartPin } from "../../kubernetes/chart-pin";

const CNPG_0_29_0 = {
  repository: "cloudnative-pg/charts",
  ref: "cloudnative-pg-v0.29.0",
  commit: "d1b5ad60cee2d9432a9cc05627b42a8d8dc7bbae",
};
const BARMAN_0_7_0 = {
  repository: "cloudnative-pg/charts",
  ref: "plugin-barman-cloud-v0.7.0",
  commit: "83bd9c59514cb7ff3692049d85ba604dcb458700",
};

/**
 * CloudNativePG operator chart 0.29.0 (operator 1.30.0): newest `cloudnative-pg-v*` tag (2026-06-29) of
 * github.com/cloudnative-pg/charts, the repository behind https://cloudnative-pg.github.io/charts.
 * kubeVersion >=1.29.0-0; the chart supports only the operator's latest point release.
 */
export const CLOUDNATIVE_PG_CHART: ChartPin = {
  chart: "cloudnative-pg",
  version: "0.29.0",
  repository: "https://cloudnative-pg.github.io/charts",
  evidence: { kind: "upstream", appVersion: "1.30.0", source: { ...CNPG_0_29_0, path: "charts/cloudnative-pg/Chart.yaml" } },
  crds: {
    kind: "templates",
    values: { crds: { create: true } },
    keptOnUninstall: true,
    how:
      "The CRDs are one template (templates/crds/crds.yaml) behind crds.create, so Helm applies them on every install and " +
      "upgrade; each carries helm.sh/resource-policy: keep, so uninstalling the release leaves them and every database in place.",
    sources: [{ ...CNPG_0_29_0, path: "charts/cloudnative-pg/templates/crds/crds.yaml" }],
  },
};

/**
 * Barman Cloud plugin chart 0.7.0 (plugin v0.13.0): newest `plugin-barman-cloud-v*` tag (2026-06-10) of the same
 * repository. Plugin v0.14.0 is tagged upstream but no chart ships it. Needs CloudNativePG >=1.26 and cert-manager,
 * installed in the operator's namespace.
 */
export const BARMAN_CLOUD_CHART: ChartPin = {
  chart: "plugin-barman-cloud",
  version: "0.7.0",
  repository: "https://cloudnative-pg.github.io/charts",
  evidence: { kind: "upstream", appVersion: "v0.13.0", source: { ...BARMAN_0_7_0, path: "charts/plugin-barman-cloud/Chart.yaml" } },
  crds: {
    kind: "templates",
    values: { crds: { create: true } },
    keptOnUninstall: true,
    how:
      "The ObjectStore CRD is a template (templates/crds/crds.yaml) behind crds.create, applied on every install and upgrade, " +
      "with helm.sh/resource-policy: keep, so an uninstall leaves the backup configuration in place.",
    sources: [{ ...BARMAN_0_7_0, path: "charts/plugin-barman-cloud/templates/crds/crds.yaml" }],
  },
};

const VALKEY_0_11_0 = { repository: "valkey-io/valkey-helm", ref: "valkey-0.11.0", commit: "dbcf6a6093cab69ef174ed0c1bb679ba92d0bf2d" };

/**
 * The valkey-io `valkey` chart 0.11.0 (Valkey 9.1.1, BSD-3-Clause): newest `valkey-*` tag (2026-07-22) of
 * github.com/valkey-io/valkey-helm and newest `valkey` entry of its gh-pages index.yaml, the repository behind
 * https://valkey.io/valkey-helm/. Maintained by the Valkey project (Bitnami's chart stopped getting images in 2025).
 * Installed per app environment by onboarding (backing-services/), not in the operator's namespace.
 */
export const VALKEY_CHART: ChartPin = {
  chart: "valkey",
  version: "0.11.0",
  repository: "https://valkey.io/valkey-helm/",
  evidence: { kind: "upstream", appVersion: "9.1.1", source: { ...VALKEY_0_11_0, path: "valkey/Chart.yaml" } },
  crds: { kind: "none", checked: { ...VALKEY_0_11_0, path: "valkey" } },
};
