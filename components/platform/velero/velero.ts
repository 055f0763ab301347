import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace as platformNamespace } from "../../kubernetes/namespace";
import { parseComponentArgs } from "../../validation/issues";
import { PROFILES } from "../../shared/profiles";
import type { PlatformContext } from "../platform-context";
import type { SecretField } from "../service-settings";
import { VELERO_CHART } from "./chart";
import { DevObjectStore } from "./dev-object-store";
import { PLATFORM_BACKUP_TARGETS, platformSchedules, targetSlug, type PlatformBackupTarget } from "./platform-schedules";
import { veleroMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { backupSchedule, DEFAULT_BACKUP_STORAGE_LOCATION } from "./schedule";
import { VELERO_SERVICE } from "./service";
import { veleroSettings, type VeleroSettings } from "./settings";
import { veleroValues, type BackupStorageRef } from "./values";

const RELEASE_NAME = "velero";
/** Velero uses this Secret for the kopia repository key when it exists, and otherwise creates it with a built-in constant. */
const REPOSITORY_SECRET = { name: "velero-repo-credentials", key: "repository-password" };
/** Bucket of the dev in-cluster store. */
const DEV_BUCKET = "velero";

export interface VeleroArgs {
  context: PlatformContext;
  /** `services.velero`, as parsed from the stack config. */
  settings: VeleroSettings;
  /** Namespaces of the enabled platform services to back up, e.g. `{ vault: "vault", argocd: "argocd" }`. */
  platformNamespaces?: Partial<Record<PlatformBackupTarget, string>>;
}

/** Re-validating parsed settings: secret fields already are Pulumi Outputs. */
const parsedSecret: SecretField = (_path, description) =>
  z
    .custom<pulumi.Output<string>>((value) => pulumi.Output.isInstance(value), "must be a Pulumi secret Output")
    .meta({ description, secret: true }) as unknown as ReturnType<SecretField>;

const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label");

const argsSchema = z.strictObject({
  context: z.custom<PlatformContext>(
    (value) =>
      typeof value === "object" &&
      value !== null &&
      PROFILES.includes((value as { profile?: unknown }).profile as (typeof PROFILES)[number]),
    `must be a PlatformContext with profile one of ${PROFILES.join(", ")}`,
  ),
  settings: veleroSettings(parsedSecret),
  platformNamespaces: z
    .strictObject(
      Object.fromEntries(PLATFORM_BACKUP_TARGETS.map((target) => [target, dnsLabel.optional()])) as Record<
        PlatformBackupTarget,
        z.ZodOptional<typeof dnsLabel>
      >,
    )
    .default({}),
});

/**
 * Velero with the AWS/S3 plugin and the node agent (file-system backups), its backup
 * storage location from settings (or the dev in-cluster store), and backup Schedules
 * for the platform's own namespaces.
 */
export class Velero extends pulumi.ComponentResource {
  public readonly namespace: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;
  /** The default BackupStorageLocation, created by the chart. */
  public readonly backupStorageLocation: string;
  /** Kubernetes names of the platform Schedules. */
  public readonly scheduleNames: string[];
  /** Secret with the object store credentials (key `cloud`). */
  public readonly credentialsSecretName: pulumi.Output<string>;
  /** Key that encrypts file-system (kopia) backups; restores into a new cluster need it. */
  public readonly repositoryPassword: pulumi.Output<string>;
  /** The dev in-cluster store, when `storage.kind` is `in-cluster`. */
  public readonly objectStore?: DevObjectStore;
  /** The metrics Service, as VictoriaMetrics scrapes it. */
  public readonly metrics: MetricsEndpoint[];

  constructor(name: string, args: VeleroArgs, opts?: pulumi.ComponentResourceOptions) {
    const { context, settings, platformNamespaces } = parseComponentArgs("Velero", argsSchema, args);
    super("delivery-platform:platform:Velero", name, {}, opts);

    const ns = platformNamespace(
      `${name}-namespace`,
      // The node agent mounts pod volumes from the host (hostPath, root).
      { name: VELERO_SERVICE.namespace, podSecurity: "privileged", labels: { "platform.delivery/service": VELERO_SERVICE.namespace } },
      { parent: this },
    );
    this.namespace = ns.metadata.name;

    this.objectStore =
      settings.storage.kind === "in-cluster"
        ? new DevObjectStore(
            `${name}-store`,
            {
              namespace: this.namespace,
              bucket: DEV_BUCKET,
              size: settings.storage.size,
              storageClassName: settings.storage.storageClassName,
            },
            { parent: this },
          )
        : undefined;
    const { storage, accessKeyId, secretAccessKey } = storageTarget(settings.storage, this.objectStore);

    const credentials = new k8s.core.v1.Secret(
      `${name}-credentials`,
      {
        metadata: { name: "velero-credentials", namespace: this.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        type: "Opaque",
        stringData: {
          // An AWS shared credentials file: the chart mounts the Secret and points AWS_SHARED_CREDENTIALS_FILE at key `cloud`.
          cloud: pulumi.secret(
            pulumi
              .all([accessKeyId, secretAccessKey])
              .apply(([id, key]) => `[default]\naws_access_key_id=${id}\naws_secret_access_key=${key}\n`),
          ),
        },
      },
      { parent: this },
    );
    this.credentialsSecretName = credentials.metadata.name;

    // Replacing this key would make every existing file-system backup unreadable.
    const repositoryKey = new random.RandomPassword(
      `${name}-repository-password`,
      { length: 32, special: false },
      { parent: this, protect: true },
    );
    this.repositoryPassword = pulumi.secret(repositoryKey.result);
    const repositorySecret = new k8s.core.v1.Secret(
      `${name}-repository-credentials`,
      {
        metadata: { name: REPOSITORY_SECRET.name, namespace: this.namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        type: "Opaque",
        stringData: { [REPOSITORY_SECRET.key]: this.repositoryPassword },
      },
      { parent: this },
    );

    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: VELERO_CHART,
        versionOverride: settings.chartVersion,
        releaseName: RELEASE_NAME,
        namespace: this.namespace,
        values: pulumi
          .all([this.credentialsSecretName, storage])
          .apply(([credentialsSecretName, storageRef]) => veleroValues(context, settings, { credentialsSecretName, storage: storageRef })),
        overrides: settings.values,
      },
      // Velero would otherwise create the repository Secret itself, with a well-known key.
      { parent: this, dependsOn: [repositorySecret] },
    );

    const schedules = platformSchedules(context.profile, platformNamespaces, settings.backups);
    for (const { target, ...schedule } of schedules) {
      // The Schedule CRD comes from the chart's crds/ directory.
      backupSchedule(
        `${name}-${targetSlug(target)}`,
        { ...schedule, veleroNamespace: this.namespace },
        { parent: this, dependsOn: [this.release] },
      );
    }
    this.scheduleNames = schedules.map((schedule) => schedule.scheduleName);
    this.backupStorageLocation = DEFAULT_BACKUP_STORAGE_LOCATION;
    this.metrics = veleroMetricsEndpoints(this.namespace);

    this.registerOutputs({
      namespace: this.namespace,
      release: this.release.name,
      backupStorageLocation: this.backupStorageLocation,
      scheduleNames: this.scheduleNames,
      repositoryPassword: this.repositoryPassword,
    });
  }
}

/** Where the backup storage location points and which keys open it. */
function storageTarget(
  storage: VeleroSettings["storage"],
  store: DevObjectStore | undefined,
): { storage: pulumi.Output<BackupStorageRef>; accessKeyId: pulumi.Output<string>; secretAccessKey: pulumi.Output<string> } {
  if (storage.kind === "s3") {
    return {
      storage: pulumi.output({
        bucket: storage.bucket,
        region: storage.region,
        ...(storage.prefix ? { prefix: storage.prefix } : {}),
        ...(storage.endpoint ? { endpoint: storage.endpoint } : {}),
        s3ForcePathStyle: storage.s3ForcePathStyle,
        encryption: storage.encryption,
      }),
      accessKeyId: storage.accessKeyId,
      secretAccessKey: storage.secretAccessKey,
    };
  }
  if (!store) throw new Error("the in-cluster storage kind needs the dev object store");
  // The endpoint is known before the store is up: Velero revalidates the location until it answers.
  return {
    storage: store.endpoint.apply((endpoint) => ({ bucket: store.bucket, region: store.region, endpoint, s3ForcePathStyle: true })),
    accessKeyId: store.accessKeyId,
    secretAccessKey: store.secretAccessKey,
  };
}
