import type { CiPurpose, CiSecret } from "../ci-purposes";
import type { CiJob, CiVaultSecret } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";

/**
 * How a job gets its secrets from Vault: never from CI variables. Each job requests its own
 * ID token (`id_tokens`, inline in the app's file), whose `aud` is the Vault address the app's
 * JWT roles list in `bound_audiences` (Vault >= 1.17 requires it), and logs in with the role of
 * its purpose (ci-purposes.ts): `VAULT_AUTH_ROLE` per job for the runner, `role=` for the CLI.
 *
 * - `gitlab-secrets`: the runner exchanges the token and reads KV v2 (`secrets:` with
 *   `token: $VAULT_ID_TOKEN`, `file: false`). GitLab Premium/Ultimate only; works with any image.
 * - `vault-login`: the job script logs in (`auth/<path>/login`) and reads KV with the vault CLI,
 *   or curl against the HTTP API. Works on GitLab Free. busybox `wget` is never used: its
 *   built-in TLS does not verify certificates (docker-library/busybox#64, #80).
 */

/** Field names CiCredentials writes (components/onboarding/ci-credentials.ts). */
export const CI_SECRET_FIELDS = {
  registry: { username: "username", password: "password" },
  gitops: { token: "token" },
  review: { token: "token" },
} as const;

export const VAULT_ID_TOKEN = "VAULT_ID_TOKEN";

export interface SecretRequest {
  /** Environment variable the job script reads. */
  variable: string;
  /** Which CI secret (a key of `AppNames.vault.ciSecretPaths`). */
  secret: CiSecret;
  field: string;
}

export const registrySecrets: SecretRequest[] = [
  { variable: "REGISTRY_USERNAME", secret: "registry", field: CI_SECRET_FIELDS.registry.username },
  { variable: "REGISTRY_PASSWORD", secret: "registry", field: CI_SECRET_FIELDS.registry.password },
];
export const gitopsSecrets: SecretRequest[] = [{ variable: "CONFIG_REPO_TOKEN", secret: "gitops", field: CI_SECRET_FIELDS.gitops.token }];
export const reviewSecrets: SecretRequest[] = [{ variable: "REVIEW_TOKEN", secret: "review", field: CI_SECRET_FIELDS.review.token }];

export class VaultAccessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VaultAccessError";
  }
}

/** Script lines that put a Vault token of `purpose`'s role into VAULT_TOKEN, with the image's client. */
export function vaultLoginLines(
  input: ParsedPipelineInput,
  purpose: CiPurpose,
  client: ResolvedToolImage["vaultClient"],
  tool: ToolName,
): string[] {
  const { jwtAuthPath } = input.vault;
  const ciRole = input.names.vault.ciAccess[purpose];
  if (client === "vault")
    return [
      `export VAULT_TOKEN="$(vault write -field=token auth/${jwtAuthPath}/login role=${shellQuote(ciRole)} jwt="$${VAULT_ID_TOKEN}")"`,
    ];
  if (client === "curl")
    return [
      `export VAULT_TOKEN="$(printf '{"role":"%s","jwt":"%s"}' ${shellQuote(ciRole)} "$${VAULT_ID_TOKEN}" | curl -fsS --data @- "$VAULT_ADDR/v1/auth/${jwtAuthPath}/login" | sed -n 's/.*"client_token":"\\([^"]*\\)".*/\\1/p')"`,
      'test -n "$VAULT_TOKEN" || { echo "Vault login failed" >&2; exit 1; }',
    ];
  throw new VaultAccessError(
    `secretsMode vault-login: toolImages.${tool} has no Vault client (the vault CLI or curl); ` +
      `override toolImages.${tool} with { reference, vaultClient } for an image that has one, or use secretsMode gitlab-secrets (GitLab Premium/Ultimate)`,
  );
}

function kvReadLines(input: ParsedPipelineInput, client: ResolvedToolImage["vaultClient"], requests: SecretRequest[]): string[] {
  const { kvMount } = input.vault;
  const { ciSecretPaths } = input.names.vault;
  if (client === "vault")
    return requests.map(
      (r) => `export ${r.variable}="$(vault kv get -mount=${kvMount} -field=${r.field} ${shellQuote(ciSecretPaths[r.secret])})"`,
    );
  const lines: string[] = [];
  for (const secret of [...new Set(requests.map((r) => r.secret))]) {
    const holder = `KV_${secret.toUpperCase()}`;
    lines.push(`${holder}="$(curl -fsS -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/${kvMount}/data/${ciSecretPaths[secret]}")"`);
    for (const r of requests.filter((q) => q.secret === secret))
      lines.push(`export ${r.variable}="$(printf '%s' "$${holder}" | sed -n 's/.*"${r.field}":"\\([^"]*\\)".*/\\1/p')"`);
    lines.push(`unset ${holder}`);
  }
  return lines;
}

export type VaultAccess = Pick<CiJob, "id_tokens" | "secrets" | "variables"> & { lines: string[] };

/**
 * The keywords and script lines a job of `purpose` needs to read `requests` from Vault.
 * `needsToken`: the job also calls Vault itself (transit signing), so it logs in whatever the
 * secrets mode.
 */
export function vaultAccess(
  input: ParsedPipelineInput,
  purpose: CiPurpose,
  tool: ToolName,
  image: ResolvedToolImage,
  requests: SecretRequest[],
  options: { needsToken?: boolean } = {},
): VaultAccess {
  const id_tokens = { [VAULT_ID_TOKEN]: { aud: input.vault.address } };
  // The runner's `secrets:` logs in with VAULT_AUTH_ROLE; a job-level value overrides any global one.
  const variables = { VAULT_ADDR: input.vault.address, VAULT_AUTH_ROLE: input.names.vault.ciAccess[purpose] };
  const login = input.secretsMode === "vault-login" || options.needsToken === true;
  const lines = login ? vaultLoginLines(input, purpose, image.vaultClient, tool) : [];
  if (input.secretsMode === "vault-login")
    return { id_tokens, variables, lines: [...lines, ...kvReadLines(input, image.vaultClient, requests)] };
  const secrets: Record<string, CiVaultSecret> = {};
  for (const r of requests)
    secrets[r.variable] = {
      vault: `${input.names.vault.ciSecretPaths[r.secret]}/${r.field}@${input.vault.kvMount}`,
      file: false,
      token: `$${VAULT_ID_TOKEN}`,
    };
  return { id_tokens, variables, secrets, lines };
}

/**
 * Writes a docker config for the Harbor host from REGISTRY_USERNAME/REGISTRY_PASSWORD, outside
 * the project directory so no artifact can pick it up. BuildKit, Kaniko, Syft, Trivy and cosign
 * all read `$DOCKER_CONFIG/config.json`.
 */
export const dockerConfigLines = (dockerConfigDir: string): string[] => [
  `mkdir -p "${dockerConfigDir}"`,
  `printf '{"auths":{"%s":{"auth":"%s"}}}' "$REGISTRY_HOST" "$(printf '%s:%s' "$REGISTRY_USERNAME" "$REGISTRY_PASSWORD" | base64 | tr -d '\\n')" > "${dockerConfigDir}/config.json"`,
];
