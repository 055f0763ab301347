import type { PolicyResource } from "@pulumi/policy";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { PROXY_CACHES } from "../../components/platform/harbor/proxy-caches";
import { planApps, type PlanApps } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import { asObject, textOf, type Json } from "./kubernetes-objects";
import { schemaWithDefaults, withDefaults, type ResourceRule, type StackRule } from "./rule";
import { rawValue, settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

/** Helm resources: one release the SDK installs, or charts rendered into Pulumi children (v3 in-process, v4 by the provider). */
export const HELM_TYPES: readonly string[] = [
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:helm.sh/v4:Chart",
];
const HARBOR_PROJECT = "harbor:index/project:Project";
const HARBOR_REGISTRY = "harbor:index/registry:Registry";

// Exact semver (optionally v-prefixed, with pre-release/build): no ranges, wildcards or "latest".
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
export const isExactVersion = (version: unknown): boolean => typeof version === "string" && EXACT_VERSION.test(version);

/** Inputs that decide which chart, from where, in which version (v3 Chart keeps some under fetchOpts). */
const CHART_INPUTS = ["chart", "version", "repositoryOpts.repo", "fetchOpts.repo", "fetchOpts.version", "repo", "path"];

/** A rule over Helm resources that settles unknown chart inputs (fail closed in prod). */
function helmRule<C extends object>(defaults: C, check: (props: Json, config: C) => string[]): ResourceRule {
  const allDefaults = { ...defaults, ...UNKNOWN_INPUT_DEFAULTS };
  return {
    configSchema: schemaWithDefaults(allDefaults),
    validateResource: (args, report) => {
      if (!HELM_TYPES.includes(args.type)) return args.notApplicable(`applies to ${HELM_TYPES.join(", ")}`);
      const config = withDefaults(allDefaults, args.getConfig<Partial<C & UnknownInputConfig>>());
      const props = asObject(rawValue(args.props));
      const unknown = unknownInputs(props, CHART_INPUTS);
      if (unknown.length > 0)
        return settleUnknowns(
          unknown.map((path) => ({ path, subject: `${args.type} '${args.name}'` })),
          config,
          report,
        );
      for (const problem of check(props, config)) report(problem);
    },
  };
}

const chartName = (props: Json) => textOf(props.chart ?? props.path ?? "");

export const helmChartPinned: ResourceRule = helmRule({}, (props) => {
  const versions: unknown[] = [props.version, asObject(props.fetchOpts).version].filter((version) => version !== undefined);
  if (versions.length === 0) versions.push(undefined);
  return versions
    .filter((version) => !isExactVersion(version))
    .map((version) => `chart '${chartName(props)}' is not pinned to an exact version (version: ${JSON.stringify(version ?? null)})`);
});

const normalise = (url: string) => url.replace(/\/+$/, "");

/** The chart sources and the charts of the reviewed chart catalog (`<source>/<chart>`): https repositories and OCI paths. */
export const HELM_REPOSITORY_DEFAULTS = {
  allowedRepositories: [...new Set(PLATFORM_CHARTS.map((pin) => pin.repository))].sort() as readonly string[],
  allowedCharts: [...new Set(PLATFORM_CHARTS.map((pin) => `${normalise(pin.repository)}/${pin.chart}`))].sort() as readonly string[],
};

/** A chart and where it comes from: its https repository, or the OCI or https path its chart reference is under. */
interface ChartReference {
  source: string;
  chart: string;
}

/**
 * Where a Helm resource's chart comes from. A chart reference that is a URL names its own source,
 * whatever repository is also set (and both must be allowed); a chart without a repository is a
 * local directory or a repository alias of the machine that runs the deploy.
 */
export function chartReferences(props: Record<string, unknown>): ChartReference[] {
  const chart = typeof props.chart === "string" ? props.chart : "";
  const repositories = [asObject(props.repositoryOpts).repo, asObject(props.fetchOpts).repo, props.repo].filter(
    (repo): repo is string => typeof repo === "string" && repo !== "",
  );
  const references: ChartReference[] = [];
  if (chart.includes("://")) {
    const slash = chart.lastIndexOf("/");
    references.push({ source: chart.slice(0, slash), chart: chart.slice(slash + 1) });
  }
  for (const repository of repositories)
    references.push({ source: repository, chart: chart.includes("://") ? references[0]!.chart : chart });
  if (references.length === 0) references.push({ source: "(local chart)", chart: chartName(props) });
  return references;
}

export const helmRepositoryAllowed: ResourceRule = helmRule(HELM_REPOSITORY_DEFAULTS, (props, config) => {
  const repositories = config.allowedRepositories.map(normalise);
  return chartReferences(props).flatMap(({ source, chart }) => {
    if (!repositories.includes(normalise(source)))
      return [`chart '${chartName(props)}' comes from '${source}', which is not an allowed chart source`];
    return config.allowedCharts.includes(`${normalise(source)}/${chart}`)
      ? []
      : [`chart '${chart}' of '${source}' is not in the reviewed chart catalog (only its charts may be installed from that source)`];
  });
});

export const harborProjectPrivateScanned: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== HARBOR_PROJECT) return args.notApplicable(`applies to ${HARBOR_PROJECT}`);
    const name = String(args.props.name ?? args.name);
    if (args.props.public === true) report(`Harbor project '${name}' is public`);
    // The provider's default for vulnerabilityScanning is true, so only an explicit false disables it.
    if (args.props.vulnerabilityScanning === false) report(`Harbor project '${name}' does not scan on push`);
  },
};

const harborProjects = (resources: readonly PolicyResource[]) => resourcesOfType(resources, HARBOR_PROJECT);

export const HARBOR_DEPLOYMENT_SECURITY_DEFAULTS = { allowedSeverities: ["high", "medium", "low"] as readonly string[] };
export const harborDeploymentSecurity: StackRule = {
  configSchema: schemaWithDefaults(HARBOR_DEPLOYMENT_SECURITY_DEFAULTS),
  validateStack: (args, report) => {
    const { allowedSeverities } = withDefaults(
      HARBOR_DEPLOYMENT_SECURITY_DEFAULTS,
      args.getConfig<Partial<typeof HARBOR_DEPLOYMENT_SECURITY_DEFAULTS>>(),
    );
    // The platform's proxy caches scan without blocking: the pipeline's Trivy gate is the control
    // (docs/services/harbor.md). Exempt exactly as from cosign, never by merely depending on a Registry.
    const apps = planApps(args.resources);
    for (const project of harborProjects(args.resources).filter(
      (p) => proxyCacheExemption(p, apps, HARBOR_COSIGN_DEFAULTS) !== undefined,
    )) {
      const value: unknown = project.props.deploymentSecurity;
      if (typeof value !== "string" || !allowedSeverities.includes(value))
        report(
          `Harbor project '${String(project.props.name ?? project.name)}' has deploymentSecurity ${JSON.stringify(value ?? null)}; expected one of ${allowedSeverities.join(", ")}`,
          project.urn,
        );
    }
  },
};

export const HARBOR_COSIGN_DEFAULTS = {
  /** The platform's proxy-cache projects (components/platform/harbor/proxy-caches.ts): the only projects exempt from cosign. */
  proxyCacheProjects: Object.values(PROXY_CACHES).map((cache) => cache.project) as readonly string[],
  /** The upstream registries they mirror. */
  proxyCacheUpstreams: Object.values(PROXY_CACHES).map((cache) => cache.endpointUrl) as readonly string[],
};

const normaliseUrl = (url: string) => url.replace(/\/+$/, "").toLowerCase();

/**
 * Why a project is not exempt from cosign as a proxy cache, or undefined when it is. Upstream
 * images carry no platform signature, so a proxy cache cannot enforce cosign; but the exemption
 * must not be had by depending on some Registry: the project must be one of the platform's proxy
 * caches (never an app's project), set `registryId` (what makes Harbor proxy it), and mirror an
 * allowed upstream through a Registry of the plan.
 */
function proxyCacheExemption(project: PolicyResource, apps: PlanApps, config: typeof HARBOR_COSIGN_DEFAULTS): string | undefined {
  const name = String(project.props.name ?? project.name);
  if (apps.registryProject(name) !== undefined) return `it is ${name}'s app project`;
  if (!config.proxyCacheProjects.includes(name))
    return `it is not one of the platform's proxy caches (${config.proxyCacheProjects.join(", ")})`;
  if (project.props.registryId === undefined || project.props.registryId === null)
    return "it sets no registryId, so Harbor does not proxy it";
  const upstreams = project.dependencies.filter((d) => d.type === HARBOR_REGISTRY).map((r) => String(r.props.endpointUrl ?? ""));
  if (upstreams.length !== 1) return `it mirrors ${upstreams.length} registries of the plan, not one`;
  if (!config.proxyCacheUpstreams.map(normaliseUrl).includes(normaliseUrl(upstreams[0]!)))
    return `it mirrors '${upstreams[0]!}', which is not an allowed upstream (${config.proxyCacheUpstreams.join(", ")})`;
  return undefined;
}

export const harborCosignEnforced: StackRule = {
  configSchema: schemaWithDefaults(HARBOR_COSIGN_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(HARBOR_COSIGN_DEFAULTS, args.getConfig<Partial<typeof HARBOR_COSIGN_DEFAULTS>>());
    const apps = planApps(args.resources);
    for (const project of harborProjects(args.resources)) {
      if (project.props.enableContentTrustCosign === true) continue;
      // Preview projects hold unsigned merge-request images by design; admission keeps them out of
      // every namespace but the app's previews (app-images-own-project, preview-images-confined).
      if (apps.previewProject(String(project.props.name ?? project.name)) !== undefined) continue;
      const looksLikeProxy = "registryId" in project.props || project.dependencies.some((d) => d.type === HARBOR_REGISTRY);
      const notExempt = proxyCacheExemption(project, apps, config);
      if (notExempt === undefined) continue;
      report(
        `Harbor project '${String(project.props.name ?? project.name)}' does not enforce cosign signatures${looksLikeProxy ? ` and is no exempt proxy cache: ${notExempt}` : ""}`,
        project.urn,
      );
    }
  },
};
