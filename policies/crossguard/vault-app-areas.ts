import type { AppNames } from "../../components/onboarding/app-names";
import { CI_PURPOSE_GRANTS } from "../../components/onboarding/ci-purposes";
import type { PlanApps, VaultAccess } from "./plan-apps";
import { PathTrie } from "./vault-path-glob";

/**
 * KV v2 API paths below a mount, each followed by the secret's path: values, metadata and
 * versions, soft delete, undelete, destroy and subkeys (https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2).
 */
export const KV_OPERATIONS = ["data", "metadata", "delete", "undelete", "destroy", "subkeys"] as const;

/**
 * Transit API paths that name a key (https://developer.hashicorp.com/vault/api-docs/secret/transit):
 * `<op>/<key>`, and `export/<type>/<key>`, `datakey/<type>/<key>` with the key one segment later.
 * `keys/<key>/config` (exportable, deletion_allowed), `keys/<key>/rotate` and `trim` are below `keys/<key>`.
 */
const TRANSIT_KEY_OPERATIONS = ["keys", "sign", "verify", "encrypt", "decrypt", "rewrap", "hmac", "backup", "restore"];
const TRANSIT_TYPED_OPERATIONS: Readonly<Record<string, readonly string[]>> = {
  export: ["encryption-key", "signing-key", "hmac-key", "public-key", "certificate-chain"],
  datakey: ["plaintext", "wrapped"],
};

/** A path a policy may grant and the capabilities it may grant on it; `folder` paths stand for everything below them too. */
export interface Entitlement {
  path: string;
  folder: boolean;
  /** Undefined: any capability but sudo (the app's own runtime secrets). */
  capabilities?: readonly string[];
}

const kvAreas = (mount: string, relative: string) => KV_OPERATIONS.map((operation) => `${mount}/${operation}/${relative}`);

function transitKeyPaths(mount: string, key: string): string[] {
  const paths = TRANSIT_KEY_OPERATIONS.map((operation) => `${mount}/${operation}/${key}`);
  for (const [operation, types] of Object.entries(TRANSIT_TYPED_OPERATIONS))
    for (const type of types) paths.push(`${mount}/${operation}/${type}/${key}`);
  return paths;
}

const areasCache = new WeakMap<PlanApps, PathTrie<AppNames>>();

/** Every Vault path an app of the plan owns (its KV folders under every API operation, its transit key under every operation). */
export function vaultAppAreas(apps: PlanApps): PathTrie<AppNames> {
  let trie = areasCache.get(apps);
  if (trie !== undefined) return trie;
  trie = new PathTrie<AppNames>();
  for (const app of apps.apps) {
    const folders = [...Object.values(app.vault.environmentPaths), app.vault.ciPath];
    for (const mount of apps.kvMounts)
      for (const folder of folders)
        for (const path of kvAreas(mount, folder)) {
          trie.insert(path, app, true);
          trie.insert(path, app);
        }
    for (const mount of apps.transitMounts)
      for (const path of transitKeyPaths(mount, app.vault.transitKey)) {
        trie.insert(path, app, true);
        trie.insert(path, app);
      }
  }
  areasCache.set(apps, trie);
  return trie;
}

/**
 * What a policy of this access may grant, from the naming module's paths and the CI purposes'
 * grants: an environment's runtime secrets (anything but sudo); a CI purpose reads only its own CI
 * secrets and, for signing, signs with the app's transit key and reads its public part. Nothing
 * else of the app: not its other environments, not another purpose's secrets, not the key's
 * configuration, export or backup.
 */
export function entitlements(app: AppNames, access: VaultAccess, apps: PlanApps): Entitlement[] {
  const granted: Entitlement[] = [];
  if (access.kind === "environment") {
    const folder = app.vault.environmentPaths[access.environment];
    if (folder === undefined) return [];
    for (const mount of apps.kvMounts)
      for (const path of kvAreas(mount, folder)) granted.push({ path, folder: true }, { path, folder: false });
    return granted;
  }
  if (access.kind === "preview") {
    // The preview push robot's credentials, nothing else (no transit key, no other CI secret).
    for (const mount of apps.kvMounts)
      granted.push(
        { path: `${mount}/data/${app.previews.ciSecretPath}`, folder: false, capabilities: ["read"] },
        { path: `${mount}/metadata/${app.previews.ciSecretPath}`, folder: false, capabilities: ["read", "list"] },
      );
    return granted;
  }
  const grant = CI_PURPOSE_GRANTS[access.purpose];
  for (const mount of apps.kvMounts)
    for (const secret of grant.secrets) {
      const path = app.vault.ciSecretPaths[secret];
      granted.push(
        { path: `${mount}/data/${path}`, folder: false, capabilities: ["read"] },
        { path: `${mount}/metadata/${path}`, folder: false, capabilities: ["read", "list"] },
      );
    }
  if (grant.transit)
    for (const mount of apps.transitMounts) {
      const key = app.vault.transitKey;
      for (const operation of ["sign", "verify"])
        for (const folder of [false, true])
          granted.push({ path: `${mount}/${operation}/${key}`, folder, capabilities: ["create", "update"] });
      granted.push({ path: `${mount}/keys/${key}`, folder: false, capabilities: ["read"] });
    }
  return granted;
}
