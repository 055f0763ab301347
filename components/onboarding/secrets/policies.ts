import { renderPolicy, type PathRule } from "../../platform/vault/policies";
import type { AppNames } from "../app-names";

/** The names a policy needs: the app's KV folders. */
export type PolicyNames = { vault: Pick<AppNames["vault"], "environmentPaths" | "ciPath"> };

/**
 * Read-only access to one environment's KV v2 folder: values (`data/`) and listing/versions
 * (`metadata/`). The trailing `/*` sits after the app's own folder, so no glob can reach
 * a sibling app or environment; no `sudo`, no write.
 */
export function appPolicyRules(kvMountPath: string, names: PolicyNames, environment: string): PathRule[] {
  const folder = names.vault.environmentPaths[environment];
  if (folder === undefined) throw new Error(`no KV folder for environment '${environment}'`);
  return [
    { path: `${kvMountPath}/data/${folder}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${folder}/*`, capabilities: ["read", "list"] },
  ];
}

export interface TransitSigningKey {
  /** Mount path of the transit engine, without slashes. */
  mountPath: string;
  name: string;
}

/**
 * What the app's CI pipeline may do: read its CI folder and, with Vault transit signing,
 * sign with its own key. cosign's hashivault KMS reads `<mount>/keys/<key>` for the public key and
 * writes `<mount>/sign/<key>/<hash>` (sigstore pkg/signature/kms/hashivault/client.go), hence
 * both the exact path and its children; a `<key>*` glob would also match other apps' keys.
 */
export function ciPolicyRules(kvMountPath: string, names: PolicyNames, transitKey?: TransitSigningKey): PathRule[] {
  const folder = names.vault.ciPath;
  const rules: PathRule[] = [
    { path: `${kvMountPath}/data/${folder}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${folder}/*`, capabilities: ["read", "list"] },
  ];
  if (transitKey) {
    const { mountPath, name } = transitKey;
    rules.push(
      { path: `${mountPath}/sign/${name}`, capabilities: ["update"] },
      { path: `${mountPath}/sign/${name}/*`, capabilities: ["update"] },
      { path: `${mountPath}/keys/${name}`, capabilities: ["read"] },
    );
  }
  return rules;
}

export const appPolicy = (kvMountPath: string, names: PolicyNames, environment: string): string =>
  renderPolicy(appPolicyRules(kvMountPath, names, environment));

export const ciPolicy = (kvMountPath: string, names: PolicyNames, transitKey?: TransitSigningKey): string =>
  renderPolicy(ciPolicyRules(kvMountPath, names, transitKey));
