import { renderPolicy, type PathRule } from "../../platform/vault/policies";
import type { AppNames } from "../app-names";
import { CI_PURPOSE_GRANTS, type CiPurpose } from "../ci-purposes";

/** The names a policy needs: the app's KV folders and CI secrets. */
export type PolicyNames = { vault: Pick<AppNames["vault"], "environmentPaths" | "ciSecretPaths"> };

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
 * What one CI purpose may do (ci-purposes.ts): read exactly the CI secrets it needs and, for
 * signing with Vault transit, sign with the app's own key. cosign's hashivault KMS reads
 * `<mount>/keys/<key>` for the public key and writes `<mount>/sign/<key>/<hash>` (sigstore
 * pkg/signature/kms/hashivault/client.go), hence both the exact path and its children; a `<key>*`
 * glob would also match other apps' keys. Exact KV paths, no folder glob: build must not read the
 * GitOps token that sits next to its registry credentials.
 */
export function ciPolicyRules(kvMountPath: string, names: PolicyNames, purpose: CiPurpose, transitKey?: TransitSigningKey): PathRule[] {
  const grant = CI_PURPOSE_GRANTS[purpose];
  // Signing inside Vault needs no registry credentials: attach-signature pushes with build's identity.
  const secrets = grant.transit && transitKey ? [] : grant.secrets;
  const rules: PathRule[] = secrets.map((secret) => ({
    path: `${kvMountPath}/data/${names.vault.ciSecretPaths[secret]}`,
    capabilities: ["read"],
  }));
  if (grant.transit && transitKey) {
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

export const ciPolicy = (kvMountPath: string, names: PolicyNames, purpose: CiPurpose, transitKey?: TransitSigningKey): string =>
  renderPolicy(ciPolicyRules(kvMountPath, names, purpose, transitKey));
