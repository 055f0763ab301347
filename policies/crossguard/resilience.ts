import type { PolicyResource } from "@pulumi/policy";
import { CRD_SOURCES } from "../../components/platform/chart-catalog";
import { durationSeconds, scheduleCoverage, VELERO_GROUP, VELERO_NAMESPACE, type ScheduleCoverage } from "./backup-schedules";
import { asList, asObject, objectsOfResource, type KubernetesObject } from "./kubernetes-objects";
import { objectsOfKind } from "./resource-index";
import { appNamespaces } from "./tenancy";
import { schemaWithDefaults, withDefaults, type StackRule } from "./rule";
import { settleUnknowns, UNKNOWN_INPUT_DEFAULTS, unknownInputs, type UnknownInputConfig } from "./unknown-values";

const RELEASE = "kubernetes:helm.sh/v3:Release";

export const STATEFUL_DEFAULTS = {
  statefulTypes: [
    "harbor:index/project:Project",
    "gitlab:index/project:Project",
    "gitlab:index/group:Group",
    "vault:index/mount:Mount",
    "vault:kv/secretV2:SecretV2",
    "vault:transit/secretBackendKey:SecretBackendKey",
    "kubernetes:core/v1:PersistentVolumeClaim",
  ] as readonly string[],
};

/** Reclaim policies that destroy (Delete) or scrub (Recycle) a volume's data with the PersistentVolume. */
export const DATA_DESTROYING_RECLAIM_POLICIES: readonly string[] = ["Delete", "Recycle"];

/**
 * Why a Kubernetes object holds data that goes with it, beyond the stateful types: a volume whose
 * reclaim policy deletes the data, a StatefulSet whose claims are deleted with it or when it is
 * scaled down (`persistentVolumeClaimRetentionPolicy`).
 */
function dataLossOnDelete(object: KubernetesObject): string | undefined {
  const spec = asObject(object.body.spec);
  if (object.kind === "PersistentVolume") {
    const policy = spec.persistentVolumeReclaimPolicy;
    return typeof policy === "string" && DATA_DESTROYING_RECLAIM_POLICIES.includes(policy)
      ? `its reclaim policy ${policy} destroys the volume's data with it`
      : undefined;
  }
  if (object.kind === "StatefulSet" && (asList(spec.volumeClaimTemplates).length > 0 || object.patch)) {
    const retention = asObject(spec.persistentVolumeClaimRetentionPolicy);
    const deleting = ["whenDeleted", "whenScaled"].filter((when) => retention[when] === "Delete");
    return deleting.length > 0
      ? `its claims are deleted with it (persistentVolumeClaimRetentionPolicy.${deleting.join(", ")}: Delete)`
      : undefined;
  }
  return undefined;
}

export const statefulResourcesProtected: StackRule = {
  configSchema: schemaWithDefaults({ ...STATEFUL_DEFAULTS, ...UNKNOWN_INPUT_DEFAULTS }),
  validateStack: (args, report) => {
    const config = withDefaults(
      { ...STATEFUL_DEFAULTS, ...UNKNOWN_INPUT_DEFAULTS },
      args.getConfig<Partial<typeof STATEFUL_DEFAULTS & UnknownInputConfig>>(),
    );
    const unknowns: { path: string; subject: string; urn: string }[] = [];
    for (const resource of args.resources) {
      if (resource.opts.protect === true) continue;
      if (config.statefulTypes.includes(resource.type)) {
        report(`${resource.type} '${resource.name}' holds data but is not protected`, resource.urn);
        continue;
      }
      if (!resource.type.startsWith("kubernetes:")) continue;
      for (const object of objectsOfResource(resource.type, resource.props, resource.name).objects) {
        if (object.kind !== "PersistentVolume" && object.kind !== "StatefulSet") continue;
        const unknown = unknownInputs(object.body, [
          "spec.persistentVolumeReclaimPolicy",
          "spec.persistentVolumeClaimRetentionPolicy",
          "spec.volumeClaimTemplates",
        ]);
        if (unknown.length > 0)
          unknowns.push(...unknown.map((path) => ({ path, subject: `${resource.type} '${resource.name}'`, urn: resource.urn })));
        const why = unknown.length > 0 ? undefined : dataLossOnDelete(object);
        if (why !== undefined)
          report(
            `${resource.type} '${resource.name}'${object.where === "" ? "" : ` (${object.where})`} holds data (${why}) but is not protected`,
            resource.urn,
          );
      }
    }
    settleUnknowns(unknowns, config, report);
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

export { durationSeconds } from "./backup-schedules";

export const BACKUP_DEFAULTS = {
  productionEnvironments: ["prod", "production"] as readonly string[],
  minRetention: "720h",
  veleroNamespace: VELERO_NAMESPACE,
};

export const prodNamespacesBackedUp: StackRule = {
  configSchema: schemaWithDefaults({ ...BACKUP_DEFAULTS, ...UNKNOWN_INPUT_DEFAULTS }),
  validateStack: (args, report) => {
    const config = withDefaults(
      { ...BACKUP_DEFAULTS, ...UNKNOWN_INPUT_DEFAULTS },
      args.getConfig<Partial<typeof BACKUP_DEFAULTS & UnknownInputConfig>>(),
    );
    const minimum = durationSeconds(config.minRetention) ?? 0;
    const unknowns: { path: string; subject: string; urn: string }[] = [];
    const schedules: { name: string; urn: string; coverage: ScheduleCoverage }[] = [];
    for (const placed of objectsOfKind(args.resources, "Schedule")) {
      if (placed.object.group !== VELERO_GROUP) continue;
      const subject = `${placed.object.type} '${placed.object.name}'`;
      if (placed.object.patch) {
        // A patch may pause or narrow a schedule the checks below passed; change the Schedule itself.
        report(`${subject} patches a Velero schedule, which may pause or narrow it past this check`, placed.resource.urn);
        continue;
      }
      const unknown = unknownInputs(placed.object.body, ["spec", "metadata.namespace"]);
      if (unknown.length > 0) {
        unknowns.push(...unknown.map((path) => ({ path, subject, urn: placed.resource.urn })));
        continue;
      }
      schedules.push({
        name: placed.object.name,
        urn: placed.resource.urn,
        coverage: scheduleCoverage(placed.object.body, placed.namespace, config.veleroNamespace),
      });
    }
    for (const namespace of appNamespaces(args.resources)) {
      if (!config.productionEnvironments.includes(namespace.environment)) continue;
      const covering = schedules
        .map((schedule) => ({ schedule, gap: schedule.coverage.gapFor(namespace.name) }))
        .filter(({ gap }) => gap !== "not included");
      const urn = namespace.placed.resource.urn;
      if (covering.length === 0) report(`production namespace '${namespace.name}' is in no Velero schedule`, urn);
      else if (!covering.some(({ gap, schedule }) => gap === undefined && schedule.coverage.ttlSeconds >= minimum)) {
        const reasons = covering.map(
          ({ schedule, gap }) => `'${schedule.name}' ${gap ?? `keeps backups less than ${config.minRetention}`}`,
        );
        report(`production namespace '${namespace.name}' has no schedule that backs it up: ${reasons.join("; ")}`, urn);
      }
    }
    settleUnknowns(unknowns, config, report);
  },
};
