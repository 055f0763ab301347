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

/** Where the platform's own secrets live; app secrets live under `apps/` and have their own roles. */
export const PLATFORM_SECRETS_PREFIX = "platform";

/**
 * Read-only access for the platform-wide ClusterSecretStore: KV v2 data and metadata of the
 * platform's own secrets only. Apps read theirs through per-namespace stores and their own roles.
 */
export function externalSecretsReadPolicy(kvMountPath: string): string {
  return renderPolicy([
    { path: `${kvMountPath}/data/${PLATFORM_SECRETS_PREFIX}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${PLATFORM_SECRETS_PREFIX}/*`, capabilities: ["read", "list"] },
  ]);
}
