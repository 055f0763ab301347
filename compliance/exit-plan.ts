/**
 * The Data Act exit plan, derived from the plan: what the platform depends on
 * outside itself, where its data lives, and how each service's data is
 * exported to switch provider.
 */
import type { PlanDocument, PlanResource } from "../plan/plan-document";
import { resourceEvidence, type EvidenceItem } from "./evidence-model";
import { display, HELM_RELEASE, ofType, releasesOf, releaseValueImages, valueAt } from "./plan-queries";

export type DependencyCategory =
  | "Helm chart"
  | "Upstream registry"
  | "Container image"
  | "Pulumi provider"
  | "Object store"
  | "Database"
  | "Git hosting"
  | "Identity provider"
  | "Key management"
  | "Certificate authority";

export interface ExternalDependency {
  category: DependencyCategory;
  name: string;
  location: string;
  evidence: EvidenceItem[];
}

export type ExportService = "registry" | "vault" | "backups" | "git" | "logs" | "metrics" | "dashboards";

export interface DataLocation {
  service: ExportService;
  kind: "volume" | "bucket" | "database" | "in-memory" | "vault-kv" | "vault-transit" | "git" | "registry-project";
  description: string;
  evidence: EvidenceItem[];
}

export interface ExportProcedure {
  service: ExportService;
  title: string;
  steps: readonly string[];
}

export interface ExitPlan {
  dependencies: ExternalDependency[];
  dataLocations: DataLocation[];
  procedures: ExportProcedure[];
  gaps: string[];
}

/** Per service, how its data leaves the platform in a format another provider can read. */
export const EXPORT_PROCEDURES: Readonly<Record<ExportService, ExportProcedure>> = {
  registry: {
    service: "registry",
    title: "Container images, signatures and SBOMs (Harbor)",
    steps: [
      "Add the target registry as a Harbor registry endpoint and create a push-based replication rule per project (or copy with `skopeo sync`).",
      "Copy cosign signatures and attestations with the images (`cosign copy <src> <dst>`): they are separate OCI artifacts.",
      "Export project settings (retention, immutability, robot accounts) from this repository's code, not from Harbor.",
    ],
  },
  vault: {
    service: "vault",
    title: "Secrets and signing keys (Vault)",
    steps: [
      "Take a Raft snapshot: `vault operator raft snapshot save vault.snap` (token with access to sys/storage/raft/snapshot); restore into another Vault with `vault operator raft snapshot restore`.",
      "Or export KV secrets one by one: `vault kv get -format=json <mount>/<path>`.",
      "Transit signing keys are created non-exportable: a new provider gets new keys; re-sign the images it must run and update the Kyverno/cosign verification keys.",
    ],
  },
  backups: {
    service: "backups",
    title: "Cluster state and volumes (Velero)",
    steps: [
      "Backups are Velero/Kopia objects in an S3-compatible bucket: copy the bucket, or point a Velero in the target cluster at it as a read-only BackupStorageLocation.",
      "Restore with `velero restore create --from-backup <name>` (or `--from-schedule <schedule>`).",
    ],
  },
  git: {
    service: "git",
    title: "Application and config repositories (GitLab)",
    steps: [
      "Mirror every repository with full history: `git clone --mirror <url>` and push it to the new Git host.",
      "Use GitLab's project export for issues, merge requests and CI settings where they are needed.",
    ],
  },
  logs: {
    service: "logs",
    title: "Logs and audit logs (VictoriaLogs)",
    steps: [
      "Query the retention window through the VictoriaLogs HTTP query API (LogsQL) and store the JSON lines it returns; the volume can also be copied while the server is stopped.",
    ],
  },
  metrics: {
    service: "metrics",
    title: "Metrics (VictoriaMetrics)",
    steps: [
      "Export series through the VictoriaMetrics export API (JSON lines) from vmselect/vmsingle, or copy the storage volumes while stopped.",
    ],
  },
  dashboards: {
    service: "dashboards",
    title: "Dashboards (Grafana)",
    steps: [
      "Dashboards created by hand live in Grafana's volume: export them as JSON through Grafana's HTTP API or UI; provisioned ones are in code.",
    ],
  },
};

const SIZE = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi)$/;

/** Every volume size a release's values request, with its path. */
function volumePaths(values: unknown, at = ""): [string, string][] {
  if (Array.isArray(values)) return values.flatMap((v, i) => volumePaths(v, `${at}[${i}]`));
  if (values !== null && typeof values === "object")
    return Object.entries(values).flatMap(([k, v]) => volumePaths(v, at ? `${at}.${k}` : k));
  return typeof values === "string" && SIZE.test(values) && /(\.size|requests\.storage)$/.test(at) ? [[at, values]] : [];
}

/** Harbor's chart only creates the registry, database and redis volumes when those are internal. */
function unusedHarborVolume(release: PlanResource, path: string): boolean {
  const values = release.inputs.values;
  if (path.startsWith("persistence.persistentVolumeClaim.registry."))
    return valueAt(values, "persistence.imageChartStorage.type") !== "filesystem";
  if (path.startsWith("persistence.persistentVolumeClaim.database.")) return valueAt(values, "database.type") === "external";
  if (path.startsWith("persistence.persistentVolumeClaim.redis.")) return valueAt(values, "redis.type") === "external";
  return false;
}

const RELEASE_SERVICE: Readonly<Record<string, ExportService>> = {
  harbor: "registry",
  vault: "vault",
  "victoria-logs-single": "logs",
  "victoria-metrics-k8s-stack": "metrics",
  seaweedfs: "backups",
};

const chartName = (release: PlanResource) => display(release.inputs.chart).split("/").pop() ?? "";

function chartLocation(release: PlanResource): string {
  const chart = display(release.inputs.chart);
  if (chart.startsWith("oci://")) return chart;
  return display(valueAt(release.inputs, "repositoryOpts.repo"));
}

function dependencies(plan: PlanDocument, gaps: string[]): ExternalDependency[] {
  const found: ExternalDependency[] = [];
  const releases = ofType(plan, HELM_RELEASE);
  for (const release of releases)
    found.push({
      category: "Helm chart",
      name: `${chartName(release)} ${display(release.inputs.version)}`,
      location: chartLocation(release),
      evidence: [resourceEvidence(release, { chart: display(release.inputs.chart), version: display(release.inputs.version) })],
    });
  for (const registry of ofType(plan, "harbor:index/registry:Registry"))
    found.push({
      category: "Upstream registry",
      name: display(registry.inputs.name),
      location: display(registry.inputs.endpointUrl),
      evidence: [
        resourceEvidence(registry, {
          providerName: display(registry.inputs.providerName),
          endpointUrl: display(registry.inputs.endpointUrl),
        }),
      ],
    });
  for (const release of releases)
    for (const [path, image] of releaseValueImages(release.inputs.values))
      found.push({
        category: "Container image",
        name: image,
        location: `${release.name} values ${path}`,
        evidence: [resourceEvidence(release, { [path]: image })],
      });
  for (const provider of plan.resources.filter((r) => r.type.startsWith("pulumi:providers:"))) {
    const endpoint = ["baseUrl", "url", "address"].map((k) => provider.inputs[k]).find((v) => typeof v === "string");
    found.push({
      category: "Pulumi provider",
      name: `${provider.type.replace("pulumi:providers:", "")} ${provider.pluginVersion ?? "(SDK version)"}`,
      location: `${provider.pluginDownloadURL ?? "Pulumi's default plugin source"}${typeof endpoint === "string" ? `; manages ${endpoint}` : ""}`,
      evidence: [
        resourceEvidence(provider, {
          pluginVersion: display(provider.pluginVersion),
          pluginDownloadURL: display(provider.pluginDownloadURL),
        }),
      ],
    });
  }
  for (const velero of releasesOf(plan, "velero")) {
    const locations = valueAt(velero.inputs, "values.configuration.backupStorageLocation");
    for (const [i, bsl] of (Array.isArray(locations) ? locations : []).entries())
      found.push({
        category: "Object store",
        name: `Velero backup location '${display(valueAt(bsl, "name"))}'`,
        location: `${display(valueAt(bsl, "provider"))} bucket ${display(valueAt(bsl, "bucket"))} (${display(valueAt(bsl, "config.s3Url") ?? valueAt(bsl, "config.region"))})`,
        evidence: [
          resourceEvidence(velero, { [`values.configuration.backupStorageLocation[${i}].bucket`]: display(valueAt(bsl, "bucket")) }),
        ],
      });
  }
  for (const harbor of releasesOf(plan, "harbor")) {
    const storage = display(valueAt(harbor.inputs, "values.persistence.imageChartStorage.type"));
    if (storage !== "filesystem" && storage !== "not set")
      found.push({
        category: "Object store",
        name: "Harbor image storage",
        location: `${storage} bucket ${display(valueAt(harbor.inputs, `values.persistence.imageChartStorage.${storage}.bucket`))}`,
        evidence: [resourceEvidence(harbor, { "values.persistence.imageChartStorage.type": storage })],
      });
    if (valueAt(harbor.inputs, "values.database.type") === "external")
      found.push({
        category: "Database",
        name: "Harbor PostgreSQL",
        location: display(valueAt(harbor.inputs, "values.database.external.host")),
        evidence: [resourceEvidence(harbor, { "values.database.type": "external" })],
      });
    if (valueAt(harbor.inputs, "values.redis.type") === "external")
      found.push({
        category: "Database",
        name: "Harbor Redis",
        location: display(valueAt(harbor.inputs, "values.redis.external.addr")),
        evidence: [resourceEvidence(harbor, { "values.redis.type": "external" })],
      });
  }
  const gitlab = ofType(plan, "pulumi:providers:gitlab")[0];
  if (gitlab)
    found.push({
      category: "Git hosting",
      name: "GitLab",
      location: display(gitlab.inputs.baseUrl),
      evidence: [resourceEvidence(gitlab, { baseUrl: display(gitlab.inputs.baseUrl) })],
    });
  for (const jwt of ofType(plan, "vault:jwt/authBackend:AuthBackend"))
    found.push({
      category: "Identity provider",
      name: `Vault ${jwt.inputs.type === "oidc" ? "OIDC" : "JWT"} auth '${display(jwt.inputs.path)}' (${jwt.inputs.type === "oidc" ? "people, single sign-on" : "CI identities"})`,
      location: display(jwt.inputs.oidcDiscoveryUrl ?? jwt.inputs.boundIssuer),
      evidence: [resourceEvidence(jwt, { boundIssuer: display(jwt.inputs.boundIssuer) })],
    });
  for (const argocd of releasesOf(plan, "argo-cd")) {
    const sso =
      valueAt(argocd.inputs, "values.dex.enabled") === true ||
      valueAt(argocd.inputs, ["values", "configs", "cm", "oidc.config"]) !== undefined;
    if (!sso) gaps.push("Argo CD has no external identity provider configured (Dex disabled, no oidc.config): users are local accounts");
  }
  for (const vault of releasesOf(plan, "vault")) {
    const config = valueAt(vault.inputs, "values.server.ha.raft.config");
    const seal = typeof config === "string" ? /seal\s+"([a-z0-9]+)"/.exec(config)?.[1] : undefined;
    if (seal !== undefined)
      found.push({
        category: "Key management",
        name: `Vault auto-unseal (${seal})`,
        location: `seal "${seal}" in the Vault server config`,
        evidence: [resourceEvidence(vault, { seal })],
      });
  }
  for (const issuer of ofType(plan, "kubernetes:cert-manager.io/v1:ClusterIssuer")) {
    const server = valueAt(issuer.inputs, "spec.acme.server");
    if (typeof server === "string")
      found.push({
        category: "Certificate authority",
        name: `ACME issuer ${display(valueAt(issuer.inputs, "metadata.name"))}`,
        location: server,
        evidence: [resourceEvidence(issuer, { "spec.acme.server": server })],
      });
  }
  return found;
}

function dataLocations(plan: PlanDocument): DataLocation[] {
  const found: DataLocation[] = [];
  for (const release of ofType(plan, HELM_RELEASE)) {
    const service = RELEASE_SERVICE[chartName(release)];
    if (service === undefined) continue;
    if (chartName(release) === "vault" && valueAt(release.inputs, "values.server.dev.enabled") === true)
      found.push({
        service,
        kind: "in-memory",
        description: "Vault dev mode: all secrets in memory, lost on restart (dev only)",
        evidence: [resourceEvidence(release, { "values.server.dev.enabled": "true" })],
      });
    for (const [path, size] of volumePaths(release.inputs.values)) {
      if (chartName(release) === "harbor" && unusedHarborVolume(release, path)) continue;
      const volumeService = path.startsWith("grafana.") ? "dashboards" : service;
      found.push({
        service: volumeService,
        kind: "volume",
        description: `${chartName(release)} volume ${path} = ${size} (namespace ${display(release.inputs.namespace)})`,
        evidence: [resourceEvidence(release, { [`values.${path}`]: size })],
      });
    }
  }
  for (const pvc of ofType(plan, "kubernetes:core/v1:PersistentVolumeClaim"))
    found.push({
      service: "backups",
      kind: "volume",
      description: `PVC ${display(valueAt(pvc.inputs, "metadata.namespace"))}/${display(valueAt(pvc.inputs, "metadata.name"))} (${display(valueAt(pvc.inputs, "spec.resources.requests.storage"))})`,
      evidence: [resourceEvidence(pvc, { protect: String(pvc.protect) })],
    });
  for (const velero of releasesOf(plan, "velero")) {
    const locations = valueAt(velero.inputs, "values.configuration.backupStorageLocation");
    for (const bsl of Array.isArray(locations) ? locations : [])
      found.push({
        service: "backups",
        kind: "bucket",
        description: `Velero backups in bucket ${display(valueAt(bsl, "bucket"))}`,
        evidence: [
          resourceEvidence(velero, {
            bucket: display(valueAt(bsl, "bucket")),
            defaultBackupTTL: display(valueAt(velero.inputs, "values.configuration.defaultBackupTTL")),
          }),
        ],
      });
  }
  for (const harbor of releasesOf(plan, "harbor")) {
    const storage = valueAt(harbor.inputs, "values.persistence.imageChartStorage.type");
    if (typeof storage === "string" && storage !== "filesystem")
      found.push({
        service: "registry",
        kind: "bucket",
        description: `Harbor image blobs in ${storage} bucket ${display(valueAt(harbor.inputs, `values.persistence.imageChartStorage.${storage}.bucket`))}`,
        evidence: [resourceEvidence(harbor, { "values.persistence.imageChartStorage.type": storage })],
      });
    if (valueAt(harbor.inputs, "values.database.type") === "external")
      found.push({
        service: "registry",
        kind: "database",
        description: `Harbor's database (projects, audit log, scan results) on ${display(valueAt(harbor.inputs, "values.database.external.host"))}`,
        evidence: [resourceEvidence(harbor, { "values.database.type": "external" })],
      });
  }
  for (const project of ofType(plan, "harbor:index/project:Project"))
    found.push({
      service: "registry",
      kind: "registry-project",
      description: `Harbor project ${display(project.inputs.name)}`,
      evidence: [resourceEvidence(project, { public: display(project.inputs.public), protect: String(project.protect) })],
    });
  for (const mount of ofType(plan, "vault:index/mount:Mount")) {
    const kind = mount.inputs.type === "transit" ? "vault-transit" : "vault-kv";
    const entries =
      kind === "vault-kv"
        ? ofType(plan, "vault:kv/secretV2:SecretV2").filter((s) => s.inputs.mount === mount.inputs.path).length
        : ofType(plan, "vault:transit/secretBackendKey:SecretBackendKey").length;
    found.push({
      service: "vault",
      kind,
      description: `Vault ${display(mount.inputs.type)} mount '${display(mount.inputs.path)}' (${entries} ${kind === "vault-kv" ? "secrets" : "keys"} managed by the plan)`,
      evidence: [resourceEvidence(mount, { type: display(mount.inputs.type), protect: String(mount.protect) })],
    });
  }
  for (const key of ofType(plan, "vault:transit/secretBackendKey:SecretBackendKey"))
    found.push({
      service: "vault",
      kind: "vault-transit",
      description: `transit key ${display(key.inputs.name)} (exportable: ${display(key.inputs.exportable)})`,
      evidence: [resourceEvidence(key, { exportable: display(key.inputs.exportable) })],
    });
  for (const project of ofType(plan, "gitlab:index/project:Project"))
    found.push({
      service: "git",
      kind: "git",
      description: `GitLab project ${display(project.inputs.path)} (${display(project.inputs.description)})`,
      evidence: [
        resourceEvidence(project, { archiveOnDestroy: display(project.inputs.archiveOnDestroy), protect: String(project.protect) }),
      ],
    });
  return found;
}

export function exitPlan(plan: PlanDocument): ExitPlan {
  const gaps: string[] = [];
  const deps = dependencies(plan, gaps);
  const locations = dataLocations(plan);
  const services = [...new Set(locations.map((l) => l.service))];
  if (ofType(plan, "kubernetes:velero.io/v1:Schedule").length > 0 && !services.includes("backups")) services.push("backups");
  const procedures = (Object.keys(EXPORT_PROCEDURES) as ExportService[])
    .filter((s) => services.includes(s))
    .map((s) => EXPORT_PROCEDURES[s]);
  return { dependencies: deps, dataLocations: locations, procedures, gaps };
}
