/** Vault ACL policies as HCL text, kept pure so tests can parse them. */

export type Capability = "create" | "read" | "update" | "patch" | "delete" | "list" | "sudo" | "deny";

export interface PathRule {
  path: string;
  capabilities: readonly Capability[];
}

const POLICY_PATH = /^[A-Za-z0-9_.+*/-]+$/;

/** Renders path rules as a policy document; rejects paths that would need escaping. */
export function renderPolicy(rules: readonly PathRule[]): string {
  return rules
    .map((rule) => {
      if (!POLICY_PATH.test(rule.path)) throw new Error(`invalid policy path '${rule.path}'`);
      if (rule.capabilities.length === 0) throw new Error(`policy path '${rule.path}' has no capabilities`);
      return `path "${rule.path}" {\n  capabilities = [${rule.capabilities.map((c) => `"${c}"`).join(", ")}]\n}\n`;
    })
    .join("\n");
}

const MANAGE: readonly Capability[] = ["create", "read", "update", "patch", "delete", "list"];

/**
 * What the platform's Pulumi program needs: mounts, auth methods, policies, audit
 * devices, and its own child tokens (the provider works through a short-lived child
 * token). No `sys/raw`, `sys/seal` or `sys/generate-root`: those stay with recovery keys.
 */
export function platformAdminPolicy(kvMountPath: string): string {
  return renderPolicy([
    { path: "sys/health", capabilities: ["read", "sudo"] },
    { path: "sys/mounts", capabilities: ["read"] },
    { path: "sys/mounts/*", capabilities: [...MANAGE, "sudo"] },
    { path: "sys/auth", capabilities: ["read"] },
    { path: "sys/auth/*", capabilities: [...MANAGE, "sudo"] },
    { path: "sys/policies/acl", capabilities: ["list"] },
    { path: "sys/policies/acl/*", capabilities: [...MANAGE, "sudo"] },
    { path: "sys/audit", capabilities: ["read", "sudo"] },
    { path: "sys/audit/*", capabilities: ["create", "read", "update", "delete", "sudo"] },
    { path: "sys/capabilities-self", capabilities: ["update"] },
    { path: "auth/*", capabilities: [...MANAGE, "sudo"] },
    { path: "auth/token/create", capabilities: ["create", "update", "sudo"] },
    { path: `${kvMountPath}/*`, capabilities: MANAGE },
  ]);
}

/**
 * The platform's own secrets, split by who reads them: `platform/services/*` is what platform
 * services sync through the `vault` ClusterSecretStore, `platform/ci/*` is what this
 * repository's pipeline reads (.gitlab-ci.yml `secrets:`: the Pulumi passphrase and the state
 * backend credentials). App secrets live under `apps/` and have their own roles.
 */
export const PLATFORM_SECRETS_PREFIX = "platform";
export const PLATFORM_SERVICES_PATH = `${PLATFORM_SECRETS_PREFIX}/services`;
export const PLATFORM_CI_PATH = `${PLATFORM_SECRETS_PREFIX}/ci`;

/** Read-only KV v2 access to one folder: values (`data/`) and listing/versions (`metadata/`). */
const readFolder = (kvMountPath: string, folder: string): PathRule[] => [
  { path: `${kvMountPath}/data/${folder}/*`, capabilities: ["read"] },
  { path: `${kvMountPath}/metadata/${folder}/*`, capabilities: ["read", "list"] },
];

/**
 * Read-only access for the platform-wide ClusterSecretStore: the platform services' folder only,
 * so neither the CI secrets next to it nor any app folder is reachable through the store.
 */
export function externalSecretsReadPolicy(kvMountPath: string): string {
  return renderPolicy(readFolder(kvMountPath, PLATFORM_SERVICES_PATH));
}

/** Read-only access for the platform repository's CI role: its own folder and nothing else. */
export function platformCiReadPolicy(kvMountPath: string): string {
  return renderPolicy(readFolder(kvMountPath, PLATFORM_CI_PATH));
}

/** The raft snapshot job's policy: reading a snapshot of the integrated storage, and nothing else. */
export const RAFT_SNAPSHOT_PATH = "sys/storage/raft/snapshot";
export function raftSnapshotPolicy(): string {
  // api-docs/system/storage/raft.mdx: GET /sys/storage/raft/snapshot returns the snapshot.
  return renderPolicy([{ path: RAFT_SNAPSHOT_PATH, capabilities: ["read"] }]);
}
