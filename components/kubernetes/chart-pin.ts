/**
 * What the platform pins of a Helm chart, and why it may believe the pin: the version, where that
 * version was seen (`evidence`) and how the chart's CRDs follow the pin on every `pulumi up`
 * (`crds`). Data only: the CrossGuard pack and the docs generator load the pins, never the SDK.
 */

/** A file of a public GitHub repository at one commit: where a fact about a chart was read. */
export interface UpstreamFile {
  /** `owner/name` on GitHub. */
  repository: string;
  /** The tag (or branch, for an index such as `gh-pages`) the commit was reached by, where one is known. */
  ref?: string;
  /** The full 40-hex commit. */
  commit: string;
  /** File or directory inside the repository. */
  path: string;
}

/**
 * Why the pinned version is believed to exist.
 * - `upstream`: the chart's own repository shows it: Chart.yaml at a tag, or the release tag of a
 *   chart whose version the release tooling stamps (cert-manager), or the repository's index.
 * - `upstream-announced`: the upstream project announced the release (release tracker, release notes)
 *   but no tag or Chart.yaml of it is readable here.
 * - `third-party`: only others' use of the version shows it (vendored archives, automated bumps).
 * The last two must name the newest upstream-verified version of the same minor line (`basis`):
 * the values and CRD facts were checked against it.
 */
export type PinEvidence =
  | { kind: "upstream"; source: UpstreamFile; appVersion: string }
  | {
      kind: "upstream-announced" | "third-party";
      /** Why the pin stays ahead of what upstream shows here, in a sentence or two. */
      statement: string;
      /** Where the version is seen (URLs of issues, pull requests, release notes). */
      sightings: readonly string[];
      appVersion: string;
      basis: { version: string; source: UpstreamFile };
    };

/**
 * How the chart's CustomResourceDefinitions move with the pin. Helm 3 applies a chart's `crds/`
 * directory on install only and never upgrades or deletes it ("There is no support at this time for
 * upgrading or deleting CRDs using Helm": helm/helm-www content/en/docs/chart_best_practices/
 * custom_resource_definitions.md @ 1508577bbec6395c418c1cb87af51269195f80cc), so each chart with CRDs
 * needs a path that re-applies them on upgrade.
 * - `none`: the chart ships no CRDs (`checked` is where that was looked at).
 * - `templates`: CRDs are chart templates behind `values`; Helm applies them on every install and upgrade.
 * - `upgrade-hook`: CRDs sit in `crds/`; a pre-upgrade hook Job the `values` enable re-applies them.
 * - `separate-chart`: CRDs sit in `crds/` only, so the release skips them (`skipCrds`) and another pinned
 *   chart of the catalog (`chart`) renders the same CRDs as templates.
 * - `install-only`: CRDs sit in `crds/` and nothing upgrades them. No pin may have this (a test fails).
 */
export type CrdLifecycle =
  | { kind: "none"; checked: UpstreamFile }
  | {
      kind: "templates" | "upgrade-hook";
      /** The Helm values that select this path; every release of the chart gets them (pinnedRelease). */
      values: Readonly<Record<string, unknown>>;
      /** `templates` only: the CRD templates render whatever the values (a CRD-only chart), so `values` may be empty. */
      unconditional?: boolean;
      /** Whether uninstalling the release leaves the CRDs (and so every custom resource) in place. */
      keptOnUninstall: boolean;
      /** What happens, and why these values, in a sentence or two. */
      how: string;
      sources: readonly UpstreamFile[];
    }
  | {
      kind: "separate-chart";
      /** The catalog chart whose templates are these CRDs; it must be installed before this chart's release. */
      chart: string;
      how: string;
      sources: readonly UpstreamFile[];
    }
  | { kind: "install-only"; how: string; sources: readonly UpstreamFile[] };

/** An exactly pinned chart. `repository` is an https Helm repo or an `oci://` registry path. */
export interface ChartPin {
  chart: string;
  version: string;
  repository: string;
  evidence: PinEvidence;
  crds: CrdLifecycle;
}

/** The Helm values a release of the pin must carry for its CRDs to follow the pin. */
export const crdValues = (pin: ChartPin): Readonly<Record<string, unknown>> =>
  pin.crds.kind === "templates" || pin.crds.kind === "upgrade-hook" ? pin.crds.values : {};

/** `<repository> <path> @ <commit> (<ref>)`, as the docs and the SBOM print a source. */
export const describeUpstreamFile = (file: UpstreamFile): string =>
  `${file.repository} ${file.path} @ ${file.commit}${file.ref ? ` (${file.ref})` : ""}`;

/** The file on github.com, for links in the SBOM and the docs. */
export const upstreamFileUrl = (file: UpstreamFile): string =>
  `https://github.com/${file.repository}/tree/${file.commit}/${file.path.replace(/^\.?\/?/, "")}`;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Dotted paths where `overrides` (`services.<name>.values`, merged last) set one of the pin's CRD
 * values to something else: the operator keeps the last word, and is told that the CRDs may then
 * stop following the pin.
 */
export function crdOverrideConflicts(pin: ChartPin, overrides: Record<string, unknown> = {}): string[] {
  const conflicts: string[] = [];
  const walk = (expected: unknown, actual: unknown, path: string) => {
    if (actual === undefined) return;
    if (isRecord(expected) && isRecord(actual)) {
      for (const [key, value] of Object.entries(expected)) walk(value, actual[key], path ? `${path}.${key}` : key);
    } else if (JSON.stringify(expected) !== JSON.stringify(actual)) conflicts.push(path);
  };
  walk(crdValues(pin), overrides, "");
  return conflicts;
}
