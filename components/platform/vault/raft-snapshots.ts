import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import type { Provider as HarborProvider } from "../../providers/harbor";
import { RotatingRobot } from "../harbor/rotating-robot";
import { PLATFORM_SERVICES_PATH, raftSnapshotPolicy } from "./policies";
import {
  raftSnapshotCronJobSpec,
  SNAPSHOT_AUDIENCE,
  SNAPSHOT_ROLE,
  SNAPSHOT_SERVICE_ACCOUNT,
  SNAPSHOT_UPLOAD_SECRET,
  type SnapshotTarget,
} from "./raft-snapshot-job";

/** Pull robot of the job's images: the same lifetime and rotation as app robots' defaults. */
const PULL_ROBOT_EXPIRY_DAYS = 90;
const PULL_ROBOT_ROTATION_DAYS = 60;
const PULL_SECRET = "vault-raft-snapshot-registry";

/** Where the upload credentials live in Vault (read by the `vault` ClusterSecretStore: platform/services/*). */
export const SNAPSHOT_CREDENTIALS_PATH = `${PLATFORM_SERVICES_PATH}/vault-raft-snapshot`;

export interface VaultRaftSnapshotsArgs {
  /** Vault's namespace (the job runs next to the server). */
  namespace: string;
  schedule: string;
  retentionDays: number;
  target: SnapshotTarget;
  credentials: { accessKeyId: pulumi.Input<string>; secretAccessKey: pulumi.Input<string> };
  vault: { provider: vault.Provider; kvMountPath: pulumi.Input<string>; kubernetesAuthPath: pulumi.Input<string> };
  /** The platform ClusterSecretStore and the release that installs External Secrets' CRDs. */
  externalSecrets: { storeName: pulumi.Input<string>; release: pulumi.Resource };
  /** Harbor, whose Docker Hub proxy cache serves the job's images. */
  registry: { host: string; dockerHubProxy: pulumi.Input<string>; provider: HarborProvider };
}

/**
 * Raft snapshots on a schedule: Vault OSS takes none by itself (automated snapshots are Enterprise,
 * api-docs raftautosnapshots.mdx). A CronJob logs in with its own Kubernetes auth role, whose policy
 * reads `sys/storage/raft/snapshot` and nothing else, saves the snapshot and uploads it; the upload
 * credentials reach it from Vault through External Secrets, never through the manifest.
 */
export class VaultRaftSnapshots extends pulumi.ComponentResource {
  public readonly cronJobName: pulumi.Output<string>;
  public readonly roleName: pulumi.Output<string>;
  /** The robot the job pulls its images with (for the rotation alerts). */
  public readonly pullRobot: RotatingRobot;

  constructor(name: string, args: VaultRaftSnapshotsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:VaultRaftSnapshots", name, {}, opts);
    const vaultOpts = { parent: this, provider: args.vault.provider };

    const policy = new vault.Policy(`${name}-policy`, { name: SNAPSHOT_ROLE, policy: raftSnapshotPolicy() }, vaultOpts);
    const role = new vault.kubernetes.AuthBackendRole(
      `${name}-role`,
      {
        backend: args.vault.kubernetesAuthPath,
        roleName: SNAPSHOT_ROLE,
        boundServiceAccountNames: [SNAPSHOT_SERVICE_ACCOUNT],
        boundServiceAccountNamespaces: [args.namespace],
        audience: SNAPSHOT_AUDIENCE,
        tokenPolicies: [policy.name],
        // Long enough for one snapshot; the job revokes it when done.
        tokenTtl: 900,
        tokenMaxTtl: 1800,
      },
      vaultOpts,
    );
    this.roleName = role.roleName;

    // Pulls the two images from the (private) proxy cache only: a robot of that project, rotated like app robots.
    const pullRobot = new RotatingRobot(
      `${name}-pull-robot`,
      {
        provider: args.registry.provider,
        baseName: "vault-raft-snapshot",
        permissions: pulumi
          .output(args.registry.dockerHubProxy)
          .apply((project) => [
            { kind: "project", namespace: project, accesses: [{ resource: "repository", action: "pull", effect: "allow" }] },
          ]),
        description: "Vault raft snapshot CronJob: pulls its images through the proxy cache",
        expiryDays: PULL_ROBOT_EXPIRY_DAYS,
        rotationDays: PULL_ROBOT_ROTATION_DAYS,
      },
      { parent: this },
    );
    this.pullRobot = pullRobot;
    const pullSecret = new k8s.core.v1.Secret(
      `${name}-pull-secret`,
      {
        metadata: { name: PULL_SECRET, namespace: args.namespace, labels: { "app.kubernetes.io/name": "vault-raft-snapshot" } },
        type: "kubernetes.io/dockerconfigjson",
        stringData: {
          ".dockerconfigjson": pulumi.secret(
            pulumi.all([pullRobot.name, pullRobot.secret]).apply(([username, password]) =>
              JSON.stringify({
                auths: { [args.registry.host]: { username, password, auth: Buffer.from(`${username}:${password}`).toString("base64") } },
              }),
            ),
          ),
        },
      },
      { parent: this },
    );

    const credentials = new vault.kv.SecretV2(
      `${name}-upload-credentials`,
      {
        mount: args.vault.kvMountPath,
        name: SNAPSHOT_CREDENTIALS_PATH,
        dataJson: pulumi.secret(
          pulumi
            .all([args.credentials.accessKeyId, args.credentials.secretAccessKey])
            .apply(([ACCESS_KEY_ID, SECRET_ACCESS_KEY]) => JSON.stringify({ ACCESS_KEY_ID, SECRET_ACCESS_KEY })),
        ),
      },
      // Holds data (the upload credentials); the guardrail stateful-resources-protected wants it protected.
      { ...vaultOpts, protect: true },
    );

    const labels = { "app.kubernetes.io/name": "vault-raft-snapshot", "app.kubernetes.io/part-of": "vault" };
    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { name: SNAPSHOT_SERVICE_ACCOUNT, namespace: args.namespace, labels }, automountServiceAccountToken: false },
      { parent: this },
    );
    const upload = new k8s.apiextensions.CustomResource(
      `${name}-upload-secret`,
      {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: SNAPSHOT_UPLOAD_SECRET, namespace: args.namespace, labels },
        spec: {
          refreshInterval: "1h",
          secretStoreRef: { kind: "ClusterSecretStore", name: args.externalSecrets.storeName },
          target: { name: SNAPSHOT_UPLOAD_SECRET, creationPolicy: "Owner" },
          dataFrom: [{ extract: { key: SNAPSHOT_CREDENTIALS_PATH } }],
        },
      },
      { parent: this, dependsOn: [args.externalSecrets.release, credentials] },
    );
    const cronJob = new k8s.batch.v1.CronJob(
      `${name}-cronjob`,
      {
        metadata: { name: "vault-raft-snapshot", namespace: args.namespace, labels },
        spec: pulumi.all([args.vault.kubernetesAuthPath, args.registry.dockerHubProxy]).apply(([kubernetesAuthPath, dockerHubProxy]) =>
          raftSnapshotCronJobSpec({
            namespace: args.namespace,
            registry: { host: args.registry.host, dockerHubProxy, pullSecret: PULL_SECRET },
            schedule: args.schedule,
            retentionDays: args.retentionDays,
            kubernetesAuthPath,
            target: args.target,
          }),
        ),
      },
      { parent: this, dependsOn: [serviceAccount, upload, role, pullSecret] },
    );
    this.cronJobName = cronJob.metadata.name;
    this.registerOutputs({ cronJobName: this.cronJobName, roleName: this.roleName });
  }
}
