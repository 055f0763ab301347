import type { PolicyResource } from "@pulumi/policy";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
import { PROXY_CACHES } from "../../components/platform/harbor/proxy-caches";
import { planApps, type PlanApps } from "./plan-apps";
import { resourcesOfType } from "./resource-index";
import { schemaWithDefaults, withDefaults, type ResourceRule, type StackRule } from "./rule";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const HARBOR_PROJECT = "harbor:index/project:Project";
const HARBOR_REGISTRY = "harbor:index/registry:Registry";

// Exact semver (optionally v-prefixed, with pre-release/build): no ranges, wildcards or "latest".
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
export const isExactVersion = (version: unknown): boolean => typeof version === "string" && EXACT_VERSION.test(version);

export const helmChartPinned: ResourceRule = {
  validateResource: (args, report) => {
    if (args.type !== RELEASE) return args.notApplicable(`applies to ${RELEASE}`);
    const version: unknown = args.props.version;
    if (!isExactVersion(version))
      report(`chart '${String(args.props.chart)}' is not pinned to an exact version (version: ${JSON.stringify(version ?? null)})`);
  },
};

/** The chart sources of the reviewed chart catalog: https repositories and OCI paths. */
export const HELM_REPOSITORY_DEFAULTS = {
  allowedRepositories: [...new Set(PLATFORM_CHARTS.map((pin) => pin.repository))].sort() as readonly string[],
};

/** Where a release's chart comes from: its https repository, or the OCI path its chart reference is under. */
export function chartSource(props: Record<string, unknown>): string {
  const repo = (props.repositoryOpts as { repo?: string } | undefined)?.repo;
  if (repo !== undefined) return repo;
  const chart = typeof props.chart === "string" ? props.chart : "";
  return chart.startsWith("oci://") ? chart.slice(0, chart.lastIndexOf("/")) : "(local chart)";
}

export const helmRepositoryAllowed: ResourceRule = {
  configSchema: schemaWithDefaults(HELM_REPOSITORY_DEFAULTS),
  validateResource: (args, report) => {
    if (args.type !== RELEASE) return args.notApplicable(`applies to ${RELEASE}`);
    const { allowedRepositories } = withDefaults(HELM_REPOSITORY_DEFAULTS, args.getConfig<Partial<typeof HELM_REPOSITORY_DEFAULTS>>());
    const source = chartSource(args.props);
    const normalise = (url: string) => url.replace(/\/+$/, "");
    if (!allowedRepositories.map(normalise).includes(normalise(source)))
      report(`chart '${String(args.props.chart)}' comes from '${source}', which is not an allowed chart source`);
  },
};

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
    for (const project of harborProjects(args.resources)) {
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
