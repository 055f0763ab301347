import type { PolicyResource } from "@pulumi/policy";
import { PLATFORM_CHARTS } from "../../components/platform/chart-catalog";
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

/** Proxy-cache projects mirror upstream images: they cannot hold our signatures. */
const isProxyCache = (project: PolicyResource) =>
  "registryId" in project.props || project.dependencies.some((dependency) => dependency.type === HARBOR_REGISTRY);

const harborProjects = (resources: readonly PolicyResource[]) => resourcesOfType(resources, HARBOR_PROJECT);

export const HARBOR_DEPLOYMENT_SECURITY_DEFAULTS = { allowedSeverities: ["high", "medium", "low"] as readonly string[] };
export const harborDeploymentSecurity: StackRule = {
  configSchema: schemaWithDefaults(HARBOR_DEPLOYMENT_SECURITY_DEFAULTS),
  validateStack: (args, report) => {
    const { allowedSeverities } = withDefaults(
      HARBOR_DEPLOYMENT_SECURITY_DEFAULTS,
      args.getConfig<Partial<typeof HARBOR_DEPLOYMENT_SECURITY_DEFAULTS>>(),
    );
    // Proxy caches scan without blocking: the pipeline's Trivy gate is the control (docs/services/harbor.md).
    for (const project of harborProjects(args.resources).filter((p) => !isProxyCache(p))) {
      const value: unknown = project.props.deploymentSecurity;
      if (typeof value !== "string" || !allowedSeverities.includes(value))
        report(
          `Harbor project '${String(project.props.name ?? project.name)}' has deploymentSecurity ${JSON.stringify(value ?? null)}; expected one of ${allowedSeverities.join(", ")}`,
          project.urn,
        );
    }
  },
};

export const harborCosignEnforced: StackRule = {
  validateStack: (args, report) => {
    for (const project of harborProjects(args.resources).filter((p) => !isProxyCache(p))) {
      if (project.props.enableContentTrustCosign !== true)
        report(`Harbor project '${String(project.props.name ?? project.name)}' does not enforce cosign signatures`, project.urn);
    }
  },
};
