import { SNAPSHOT_IMAGES } from "./raft-snapshot-job";
import { VAULT_TLS_DIR, VAULT_TLS_FILES, VAULT_TLS_SECRET } from "./listener-tls";

/**
 * Vault reads its listener certificate at start and on SIGHUP only (Vault docs, "Configuration:
 * listener TCP": tls_cert_file "is reloaded via SIGHUP"), while cert-manager renews the Secret a month
 * before expiry and the kubelet updates the mounted files in place. Without a reload every server pod
 * would serve the old certificate until it expires, then every client (External Secrets, the snapshot
 * job, the raft peers) fails. vault-helm provides `server.shareProcessNamespace` for exactly this
 * ("useful if Vault must be signaled, e.g. to send a SIGHUP", values.yaml at v0.34.1) and
 * `server.extraContainers` for the sidecar that sends it.
 *
 * The sidecar runs the server's own image (already on every node, pinned by digest) and the pod's
 * user (uid 100, vault-helm's statefulset securityContext), which may signal a process of the same
 * user without any capability. It polls the certificate's hash rather than watching inotify events:
 * the kubelet swaps a symlinked directory (..data), which inotify on the file itself does not see.
 */
export const TLS_RELOADER_CONTAINER = "tls-reloader";
/** How often the sidecar compares the certificate: renewals come a month early, a minute is plenty. */
export const TLS_RELOAD_INTERVAL_SECONDS = 60;

export const tlsReloaderImage = (): string =>
  `${SNAPSHOT_IMAGES.vault.repository}:${SNAPSHOT_IMAGES.vault.tag}@${SNAPSHOT_IMAGES.vault.digest}`;

/**
 * The sidecar's script: SIGHUP to the `vault` process whenever the certificate's content changes.
 * `pkill -x` matches the process name exactly, so the shell running this (named `sh`) never matches.
 */
export function tlsReloadScript(certFile: string, intervalSeconds: number): string {
  return [
    "set -u",
    `cert='${certFile}'`,
    'last=$(sha256sum "$cert" 2>/dev/null)',
    `while sleep ${intervalSeconds}; do`,
    '  now=$(sha256sum "$cert" 2>/dev/null) || continue',
    '  if [ "$now" != "$last" ] && pkill -HUP -x vault; then',
    '    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) listener certificate changed: sent SIGHUP to vault"',
    "    last=$now",
    "  fi",
    "done",
  ].join("\n");
}

/** vault-helm `server` values that add the sidecar (with TLS only: dev mode serves plain http). */
export function tlsReloaderValues() {
  return {
    shareProcessNamespace: true,
    extraContainers: [
      {
        name: TLS_RELOADER_CONTAINER,
        image: tlsReloaderImage(),
        imagePullPolicy: "IfNotPresent",
        command: ["/bin/sh", "-c", tlsReloadScript(VAULT_TLS_FILES.cert, TLS_RELOAD_INTERVAL_SECONDS)],
        volumeMounts: [{ name: VAULT_TLS_SECRET, mountPath: VAULT_TLS_DIR, readOnly: true }],
        resources: { requests: { cpu: "5m", memory: "8Mi" }, limits: { memory: "32Mi" } },
        securityContext: {
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
        },
      },
    ],
  };
}
