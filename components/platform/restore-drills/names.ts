/**
 * Names of the restore drills. The runner lives in its own platform namespace `restore-drill`:
 * `drill` is a reserved name word (components/onboarding/app-names.ts), so no app namespace
 * `<app>-<environment>` can equal it, nor any drill target `<app>-drill-<environment>`.
 */
export const DRILL_RUNNER_NAMESPACE = "restore-drill";
export const DRILL_SERVICE_ACCOUNT = "restore-drill";
/** The user name the API server gives the runner's ServiceAccount: the admission policy matches Restores it creates. */
export const DRILL_RUNNER_USERNAME = `system:serviceaccount:${DRILL_RUNNER_NAMESPACE}:${DRILL_SERVICE_ACCOUNT}`;
/** Label on the drill namespaces (value: the namespace they copy) and on the runner's objects. */
export const DRILL_LABEL = "platform.delivery/restore-drill";
/** Velero labels every restored object with it (site/content/docs/v1.18/restore-reference.md): clean-up selects by it. */
export const RESTORED_BY_LABEL = "velero.io/restore-name";

/**
 * A drill target: `drill` as an inner '-'-separated word (`shop-drill-prod`). Only drill names
 * have that form, since no app or environment name may contain the word; the runner's own
 * namespace (`restore-drill`, the word last) does not match, so no Restore can be mapped into it.
 */
export const DRILL_TARGET_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?-drill-[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const isDrillTarget = (namespace: string): boolean => namespace.length <= 63 && new RegExp(DRILL_TARGET_PATTERN).test(namespace);

/**
 * vmagent's push endpoint for Prometheus text (docs.victoriametrics.com/vmagent, "/api/v1/import/prometheus"):
 * the operator names the Service `vmagent-<fullname>` (chart tests/vmagent_test.yaml, fullname `vm`
 * here) and VMAgent listens on 8429 by default (operator api/operator/v1beta1 vmagent_types.go port).
 */
export const vmagentImportUrl = (fullname: string, namespace: string): string =>
  `http://vmagent-${fullname}.${namespace}.svc:8429/api/v1/import/prometheus`;
