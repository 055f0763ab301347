import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import { APP_PIPELINE_FILE } from "../pipeline/template-version";
import type { RepositoryFileContent } from "./config-repo-files";

/** Where Renovate finds an app repository's configuration (renovatebot docs/usage/configuration-options.md: config file names). */
export const APP_RENOVATE_FILE = "renovate.json";

/** `/<path>/` as Renovate reads a regex in `managerFilePatterns`, anchored to the whole path. */
const pathPattern = (file: string): string => `/^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}$/`;

/**
 * The Renovate configuration of an app repository: update proposals for the app's own dependencies
 * (Dockerfile base images, language packages: the presets' default managers) with vulnerability fixes
 * labelled and unscheduled. The platform-owned `.gitlab-ci.yml` is left alone: its tool images move with
 * the platform's own Renovate configuration (renovate.json at the platform repository's root). Validated
 * with renovate-config-validator in CI (.ci/renovate-configs.ts writes every app's file for it).
 */
export function appRenovateConfig(spec: AppSpec, names: AppNames): Record<string, unknown> {
  return {
    $schema: "https://docs.renovatebot.com/renovate-schema.json",
    description: `Update proposals for ${names.app} (team ${names.team}), written once by the delivery platform; the team owns it.`,
    extends: ["config:recommended"],
    labels: ["dependencies"],
    dependencyDashboard: true,
    osvVulnerabilityAlerts: true,
    vulnerabilityAlerts: { labels: ["security"] },
    ignorePaths: ["**/node_modules/**", APP_PIPELINE_FILE],
    // The Dockerfile the pipeline builds, wherever the spec puts it (the default pattern covers Dockerfile*).
    dockerfile: { managerFilePatterns: [pathPattern(spec.pipeline.dockerfile)] },
  };
}

/**
 * Files of the app repository besides the platform-owned pipeline: seeded once, then the team's (like the
 * config repository's overlays), so a team's Renovate tuning survives `pulumi up`.
 */
export function appRepoFiles(spec: AppSpec, names: AppNames): RepositoryFileContent[] {
  return [{ path: APP_RENOVATE_FILE, content: `${JSON.stringify(appRenovateConfig(spec, names), null, 2)}\n`, owner: "seed" }];
}
