import { VAULT_API_PORT, VAULT_RELEASE_NAME } from "./chart";
import { VAULT_TLS_SECRET } from "./listener-tls";

/**
 * Images of the snapshot job (Docker Hub repository, tag, index digest), pulled through Harbor's
 * Docker Hub proxy cache like every image the platform runs outside its charts:
 * - hashicorp/vault 2.0.4, the server version the chart pin runs (vault-helm 0.34.1 values.yaml
 *   server.image.tag): its CLI takes the snapshot (`vault operator raft snapshot save`).
 * - rclone/rclone 1.75.0: tag v1.75.0 of github.com/rclone/rclone (2026-07-31); the Docker images
 *   carry the version without `v` (.github/workflows/build_publish_docker_image.yml, semver tags).
 *   S3 remotes configured from RCLONE_CONFIG_<NAME>_* variables (docs/content/docs.md), retention with
 *   `rclone delete --min-age` (docs/content/commands/rclone_delete.md).
 * The digests are the multi-arch index digests several unrelated public repositories pin for these
 * tags (found by code search, 2026-12); they are not computed here: check with
 * `crane digest docker.io/<repository>:<tag>` before a bump.
 */
export const SNAPSHOT_IMAGES = {
  vault: { repository: "hashicorp/vault", tag: "2.0.4", digest: "sha256:5be49781ecf78bfe775c5309c6a4d9f4e9e040b6c885c99eb2b12fb69855e1a2" },
  rclone: { repository: "rclone/rclone", tag: "1.75.0", digest: "sha256:b06aed988cf5967de7c25be5925240983981c757f4ed1ac9d2fa659d51d60548" },
} as const;

/** `<harbor>/<Docker Hub proxy project>/<repository>:<tag>@<digest>`. */
export const proxiedImage = (image: (typeof SNAPSHOT_IMAGES)[keyof typeof SNAPSHOT_IMAGES], registry: SnapshotRegistry): string =>
  `${registry.host}/${registry.dockerHubProxy}/${image.repository}:${image.tag}@${image.digest}`;

/** Where the job's images come from: Harbor's Docker Hub proxy cache, with a pull Secret for it. */
export interface SnapshotRegistry {
  host: string;
  dockerHubProxy: string;
  pullSecret: string;
}

export const SNAPSHOT_SERVICE_ACCOUNT = "vault-raft-snapshot";
export const SNAPSHOT_ROLE = "raft-snapshot";
/** The projected token's audience; the Kubernetes auth role requires it (Vault 1.21+ wants one). */
export const SNAPSHOT_AUDIENCE = "vault";
/** The Secret External Secrets fills with the upload credentials (from Vault KV). */
export const SNAPSHOT_UPLOAD_SECRET = "vault-raft-snapshot-upload";

const REMOTE = "BACKUP";
const TOKEN_DIR = "/var/run/secrets/vault";
const CA_DIR = "/etc/vault-ca";
const SNAPSHOT_DIR = "/snapshots";

export interface SnapshotTarget {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  prefix: string;
}

export interface SnapshotJobArgs {
  namespace: string;
  registry: SnapshotRegistry;
  schedule: string;
  retentionDays: number;
  kubernetesAuthPath: string;
  target: SnapshotTarget;
}

const restricted = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
};
const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi" } };

/** The snapshot step: log in as the snapshot role, save from the leader, check the file, revoke the token. */
export function snapshotScript(kubernetesAuthPath: string): string {
  return [
    `VAULT_TOKEN="$(vault write -field=token auth/${kubernetesAuthPath}/login role=${SNAPSHOT_ROLE} jwt=@${TOKEN_DIR}/token)"`,
    "export VAULT_TOKEN",
    `FILE="${SNAPSHOT_DIR}/vault-raft-$(date -u +%Y%m%dT%H%M%SZ).snap"`,
    'vault operator raft snapshot save "$FILE"',
    // A truncated download fails here, before anything is uploaded.
    'vault operator raft snapshot inspect "$FILE" > /dev/null',
    "vault token revoke -self",
  ].join("\n");
}

/** The upload step: copy the new snapshot, then delete snapshots older than the retention below the prefix only. */
export function uploadScript(target: SnapshotTarget, retentionDays: number): string {
  const destination = `${REMOTE.toLowerCase()}:${target.bucket}/${target.prefix}`;
  return [
    `rclone copy ${SNAPSHOT_DIR} ${destination} --s3-no-check-bucket`,
    `rclone delete ${destination} --min-age ${retentionDays}d --include 'vault-raft-*.snap'`,
  ].join("\n");
}

/** `spec` of the CronJob (batch/v1). */
export function raftSnapshotCronJobSpec(args: SnapshotJobArgs) {
  const { target } = args;
  const remoteEnv = (key: string, value: string) => ({ name: `RCLONE_CONFIG_${REMOTE}_${key}`, value });
  const fromSecret = (key: string) => ({
    name: `RCLONE_CONFIG_${REMOTE}_${key}`,
    valueFrom: { secretKeyRef: { name: SNAPSHOT_UPLOAD_SECRET, key } },
  });
  const labels = { "app.kubernetes.io/name": "vault-raft-snapshot", "app.kubernetes.io/part-of": "vault" };
  return {
    schedule: args.schedule,
    timeZone: "Etc/UTC",
    // One snapshot at a time; a missed slot is taken late only within the hour.
    concurrencyPolicy: "Forbid",
    startingDeadlineSeconds: 3600,
    successfulJobsHistoryLimit: 3,
    failedJobsHistoryLimit: 3,
    jobTemplate: {
      metadata: { labels },
      spec: {
        backoffLimit: 2,
        activeDeadlineSeconds: 1800,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: SNAPSHOT_SERVICE_ACCOUNT,
            imagePullSecrets: [{ name: args.registry.pullSecret }],
            // Only the projected, audience-bound, short-lived token below; no default token.
            automountServiceAccountToken: false,
            restartPolicy: "Never",
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              fsGroup: 65532,
              seccompProfile: { type: "RuntimeDefault" },
            },
            initContainers: [
              {
                name: "snapshot",
                image: proxiedImage(SNAPSHOT_IMAGES.vault, args.registry),
                command: ["/bin/sh", "-ec", snapshotScript(args.kubernetesAuthPath)],
                env: [
                  // The leader: snapshots are read from the active node.
                  { name: "VAULT_ADDR", value: `https://${VAULT_RELEASE_NAME}-active.${args.namespace}.svc:${VAULT_API_PORT}` },
                  { name: "VAULT_CACERT", value: `${CA_DIR}/ca.crt` },
                  { name: "HOME", value: "/tmp" },
                ],
                volumeMounts: [
                  { name: "snapshots", mountPath: SNAPSHOT_DIR },
                  { name: "vault-token", mountPath: TOKEN_DIR, readOnly: true },
                  { name: "vault-ca", mountPath: CA_DIR, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
                securityContext: restricted,
                resources,
              },
            ],
            containers: [
              {
                name: "upload",
                image: proxiedImage(SNAPSHOT_IMAGES.rclone, args.registry),
                command: ["/bin/sh", "-ec", uploadScript(target, args.retentionDays)],
                env: [
                  remoteEnv("TYPE", "s3"),
                  remoteEnv("PROVIDER", target.endpoint === undefined ? "AWS" : "Other"),
                  remoteEnv("REGION", target.region),
                  ...(target.endpoint === undefined ? [] : [remoteEnv("ENDPOINT", target.endpoint)]),
                  remoteEnv("FORCE_PATH_STYLE", String(target.forcePathStyle)),
                  fromSecret("ACCESS_KEY_ID"),
                  fromSecret("SECRET_ACCESS_KEY"),
                  { name: "HOME", value: "/tmp" },
                  { name: "XDG_CONFIG_HOME", value: "/tmp" },
                ],
                volumeMounts: [
                  { name: "snapshots", mountPath: SNAPSHOT_DIR, readOnly: true },
                  { name: "tmp", mountPath: "/tmp" },
                ],
                // The platform's workload guardrail wants probes on every container; for a one-shot upload they
                // check what it depends on: the snapshot the init container left behind.
                livenessProbe: { exec: { command: ["/bin/sh", "-c", `ls ${SNAPSHOT_DIR}/vault-raft-*.snap`] }, periodSeconds: 30 },
                readinessProbe: { exec: { command: ["/bin/sh", "-c", `ls ${SNAPSHOT_DIR}/vault-raft-*.snap`] }, periodSeconds: 30 },
                securityContext: restricted,
                resources,
              },
            ],
            volumes: [
              { name: "snapshots", emptyDir: { sizeLimit: "2Gi" } },
              { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
              {
                name: "vault-token",
                projected: { sources: [{ serviceAccountToken: { audience: SNAPSHOT_AUDIENCE, expirationSeconds: 600, path: "token" } }] },
              },
              // Only the CA certificate of Vault's serving Secret, not its key.
              { name: "vault-ca", secret: { secretName: VAULT_TLS_SECRET, items: [{ key: "ca.crt", path: "ca.crt" }] } },
            ],
          },
        },
      },
    },
  };
}
