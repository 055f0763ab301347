/**
 * Version of the generated app pipeline. Bump it (semver) whenever the rendered
 * output changes: the version is written into every app's `.gitlab-ci.yml` (a
 * header comment and the `PIPELINE_TEMPLATE_VERSION` variable) and into the
 * commit message that updates it, so `git log` and running pipelines show which
 * template an app is on. Major: teams must act; minor: new behaviour; patch: fixes.
 */
export const APP_PIPELINE_TEMPLATE_NAME = "delivery-platform/app-pipeline";
export const APP_PIPELINE_TEMPLATE_SEMVER = "1.3.0";
export const APP_PIPELINE_TEMPLATE_VERSION = `${APP_PIPELINE_TEMPLATE_NAME}@${APP_PIPELINE_TEMPLATE_SEMVER}`;

/** Where GitLab reads the pipeline; also part of the keyless signing identity (`ci_config_ref_uri`). */
export const APP_PIPELINE_FILE = ".gitlab-ci.yml";
