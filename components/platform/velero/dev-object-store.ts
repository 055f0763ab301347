import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { z } from "zod";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { parseComponentArgs } from "../../validation/issues";
import { SEAWEEDFS_CHART } from "./chart";
import { devObjectStoreValues, s3IdentitiesConfig, S3_CONFIG_KEY, S3_PORT, STORE_METRICS_PORT } from "./dev-object-store-values";

/** Helm release name; the chart then names its objects `seaweedfs-*`. */
const RELEASE_NAME = "seaweedfs";

/** Velero's AWS plugin needs a region; SeaweedFS does not check it and uses us-east-1 as its own default. */
export const DEV_STORE_REGION = "us-east-1";

export interface DevObjectStoreArgs {
  namespace: pulumi.Input<string>;
  /** Bucket the chart's hook creates. */
  bucket: string;
  /** PVC size, such as 10Gi. */
  size: string;
  storageClassName?: string;
  chartVersion?: string;
}

const argsSchema = z.strictObject({
  namespace: z.custom<pulumi.Input<string>>((value) => value !== undefined && value !== null && value !== "", "required"),
  bucket: z
    .string()
    .min(3)
    .max(63)
    .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, "must be an S3 bucket name (lower-case letters, digits and '-')"),
  size: z.string().regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti)$/, "must be a storage quantity such as 10Gi"),
  storageClassName: z.string().min(1).optional(),
  chartVersion: z.string().optional(),
});

/**
 * A single-pod S3-compatible store inside the cluster for the dev profile. Its data
 * volume is a Pulumi-owned, protected PVC; credentials are generated and kept in Secrets.
 */
export class DevObjectStore extends pulumi.ComponentResource {
  /** In-cluster S3 endpoint, for Velero's `s3Url`. */
  public readonly endpoint: pulumi.Output<string>;
  public readonly bucket: string;
  public readonly region: string;
  public readonly accessKeyId: pulumi.Output<string>;
  public readonly secretAccessKey: pulumi.Output<string>;
  public readonly release: k8s.helm.v3.Release;
  public readonly dataClaim: k8s.core.v1.PersistentVolumeClaim;
  /** What a scrape config needs to find the store's metrics endpoint. */
  public readonly metrics: {
    namespace: pulumi.Output<string>;
    selector: Record<string, string>;
    port: string;
    path: string;
  };

  constructor(name: string, args: DevObjectStoreArgs, opts?: pulumi.ComponentResourceOptions) {
    const parsed = parseComponentArgs("DevObjectStore", argsSchema, args);
    super("delivery-platform:platform:DevObjectStore", name, {}, opts);

    const namespace = pulumi.output(parsed.namespace);
    // AWS-style key shapes: 20 upper-case alphanumerics, 40 characters of secret.
    const accessKey = new random.RandomPassword(
      `${name}-access-key-id`,
      { length: 20, special: false, lower: false, upper: true, numeric: true },
      { parent: this },
    );
    const secretKey = new random.RandomPassword(`${name}-secret-access-key`, { length: 40, special: false }, { parent: this });
    this.accessKeyId = pulumi.secret(accessKey.result);
    this.secretAccessKey = pulumi.secret(secretKey.result);

    const identities = new k8s.core.v1.Secret(
      `${name}-s3-identities`,
      {
        metadata: { name: "seaweedfs-s3-identities", namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        type: "Opaque",
        stringData: {
          [S3_CONFIG_KEY]: pulumi.secret(
            pulumi.all([accessKey.result, secretKey.result]).apply(([id, key]) => s3IdentitiesConfig(id, key)),
          ),
        },
      },
      { parent: this },
    );

    this.dataClaim = new k8s.core.v1.PersistentVolumeClaim(
      `${name}-data`,
      {
        metadata: { name: "seaweedfs-data", namespace, labels: { "app.kubernetes.io/managed-by": "pulumi" } },
        spec: {
          accessModes: ["ReadWriteOnce"],
          ...(parsed.storageClassName ? { storageClassName: parsed.storageClassName } : {}),
          resources: { requests: { storage: parsed.size } },
        },
      },
      // Holds every dev backup: deleting the stack must not silently drop it.
      { parent: this, protect: true },
    );

    this.release = pinnedRelease(
      `${name}-release`,
      {
        pin: SEAWEEDFS_CHART,
        versionOverride: parsed.chartVersion,
        releaseName: RELEASE_NAME,
        namespace,
        values: pulumi
          .all([identities.metadata.name, this.dataClaim.metadata.name])
          .apply(([configSecretName, claimName]) => devObjectStoreValues({ configSecretName, claimName, bucket: parsed.bucket })),
      },
      { parent: this },
    );

    this.bucket = parsed.bucket;
    this.region = DEV_STORE_REGION;
    // Service `<fullname>-all-in-one`; fullname is the release name because it contains the chart name.
    this.endpoint = pulumi.interpolate`http://${RELEASE_NAME}-all-in-one.${namespace}.svc:${S3_PORT}`;
    this.metrics = {
      namespace,
      selector: {
        "app.kubernetes.io/name": "seaweedfs",
        "app.kubernetes.io/instance": RELEASE_NAME,
        "app.kubernetes.io/component": "seaweedfs-all-in-one",
      },
      port: STORE_METRICS_PORT,
      path: "/metrics",
    };

    this.registerOutputs({
      endpoint: this.endpoint,
      bucket: this.bucket,
      accessKeyId: this.accessKeyId,
      secretAccessKey: this.secretAccessKey,
      release: this.release.name,
    });
  }
}
