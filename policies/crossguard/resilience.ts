import type { PolicyResource } from "@pulumi/policy";
import { CRD_SOURCES } from "../../components/platform/chart-catalog";
import { resourcesOfType } from "./resource-index";
import { appNamespaces } from "./tenancy";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const SCHEDULE = "kubernetes:velero.io/v1:Schedule";
const ENVIRONMENT_LABEL = "platform.delivery/environment";

export const STATEFUL_DEFAULTS = {
  statefulTypes: [
    "harbor:index/project:Project",
    "gitlab:index/project:Project",
    "gitlab:index/group:Group",
    "vault:index/mount:Mount",
    "vault:kv/secretV2:SecretV2",
    "kubernetes:core/v1:PersistentVolumeClaim",
  ] as readonly string[],
};

export const statefulResourcesProtected: StackRule = {
  configSchema: schemaWithDefaults(STATEFUL_DEFAULTS),
  validateStack: (args, report) => {
    const { statefulTypes } = withDefaults(STATEFUL_DEFAULTS, args.getConfig<Partial<typeof STATEFUL_DEFAULTS>>());
    for (const resource of args.resources)
      if (statefulTypes.includes(resource.type) && resource.opts.protect !== true)
        report(`${resource.type} '${resource.name}' holds data but is not protected`, resource.urn);
  },
};

export const CRD_DEPENDENCY_DEFAULTS = { crdSources: { ...CRD_SOURCES } as Record<string, string> };

const groupOf = (resource: PolicyResource): string | undefined => {
  const apiVersion: unknown = resource.props.apiVersion;
  return typeof apiVersion === "string" && apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.indexOf("/")) : undefined;
};

/** Whether `from` waits for a resource matching `target`, directly or through other dependencies. */
function dependsTransitively(from: PolicyResource, target: (r: PolicyResource) => boolean): boolean {
  const seen = new Set<string>();
  const queue = [...from.dependencies];
  for (let head = 0; head < queue.length; head++) {
    const next = queue[head]!;
    if (seen.has(next.urn)) continue;
    seen.add(next.urn);
    if (target(next)) return true;
    queue.push(...next.dependencies);
  }
  return false;
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** The release installing the CRD or, in a tenant stack, the reference to the platform stack that installed it. */
const installsChart = (chart: string) => (r: PolicyResource) =>
  r.type === STACK_REFERENCE || (r.type === RELEASE && (r.props.chart === chart || String(r.props.chart ?? "").endsWith(`/${chart}`)));

export const crdReleaseDependency: StackRule = {
  configSchema: schemaWithDefaults(CRD_DEPENDENCY_DEFAULTS),
  validateStack: (args, report) => {
    const { crdSources } = withDefaults(CRD_DEPENDENCY_DEFAULTS, args.getConfig<Partial<typeof CRD_DEPENDENCY_DEFAULTS>>());
    for (const resource of args.resources) {
      if (!resource.type.startsWith("kubernetes:")) continue;
      const group = groupOf(resource);
      const chart = group === undefined ? undefined : crdSources[group];
      if (chart === undefined) continue;
      if (!dependsTransitively(resource, installsChart(chart)))
        report(
          `${resource.type} '${resource.name}' does not depend on the '${chart}' release that installs the ${group} CRDs`,
          resource.urn,
        );
    }
  },
};

/** Go durations as Velero writes them (`720h`, `72h0m0s`), in seconds. */
export function durationSeconds(duration: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (match === null || duration === "") return undefined;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

export const BACKUP_DEFAULTS = { productionEnvironments: ["prod", "production"] as readonly string[], minRetention: "720h" };

export const prodNamespacesBackedUp: StackRule = {
  configSchema: schemaWithDefaults(BACKUP_DEFAULTS),
  validateStack: (args, report) => {
    const config = withDefaults(BACKUP_DEFAULTS, args.getConfig<Partial<typeof BACKUP_DEFAULTS>>());
    const minimum = durationSeconds(config.minRetention) ?? 0;
    // Retention (seconds) of each schedule covering a namespace, by namespace; "*" covers all.
    const retentionsByNamespace = new Map<string, number[]>();
    for (const schedule of resourcesOfType(args.resources, SCHEDULE)) {
      const template = ((schedule.props.spec ?? {}) as { template?: { includedNamespaces?: string[]; ttl?: string } }).template ?? {};
      const ttl = durationSeconds(template.ttl ?? "") ?? 0;
      for (const included of new Set(template.includedNamespaces ?? []))
        retentionsByNamespace.set(included, [...(retentionsByNamespace.get(included) ?? []), ttl]);
    }
    for (const namespace of appNamespaces(args.resources)) {
      const metadata = (namespace.props.metadata ?? {}) as { name?: string; labels?: Record<string, string> };
      if (!config.productionEnvironments.includes(metadata.labels?.[ENVIRONMENT_LABEL] ?? "")) continue;
      const name = metadata.name ?? namespace.name;
      const covering = [...(retentionsByNamespace.get(name) ?? []), ...(retentionsByNamespace.get("*") ?? [])];
      if (covering.length === 0) report(`production namespace '${name}' is in no Velero schedule`, namespace.urn);
      else if (!covering.some((ttl) => ttl >= minimum))
        report(`production namespace '${name}' is only in schedules that keep backups less than ${config.minRetention}`, namespace.urn);
    }
  },
};
