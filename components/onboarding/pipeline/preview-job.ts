import { MR_NUMBER } from "../previews/preview-manifests";
import { builderSteps } from "./build-job";
import { type CiJob, needs } from "./gitlab-ci-job";
import type { ParsedPipelineInput } from "./pipeline-input";
import { shellQuote } from "./shell-quote";
import type { ResolvedToolImage, ToolName } from "./tool-images";
import { CI_SECRET_FIELDS, VAULT_ID_TOKEN, VaultAccessError } from "./vault-access";

export const PREVIEW_JOB = "preview";

/**
 * Same-project merge requests only: a fork's merge-request pipeline has another source project
 * (and, for Vault, another project_id, which the preview role refuses anyway: previews/preview-claims.ts).
 */
export const PREVIEW_RULES = [
  { if: '$CI_PIPELINE_SOURCE == "merge_request_event" && $CI_MERGE_REQUEST_SOURCE_PROJECT_ID == $CI_PROJECT_ID' },
];

/**
 * Builds the merge request's image and pushes it, unsigned, to the app's preview project tagged
 * with the commit (the ApplicationSet deploys `<preview repository>:<head sha>`), with the preview
 * identity only: the preview push robot, no signing, no GitOps token, no production secret. The
 * job's GitLab environment carries the preview's URL, which GitLab shows on the merge request,
 * and stops after the preview's time to live.
 */
export function previewJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>, after: string[]): CiJob | undefined {
  const { spec, names, vault } = input;
  if (!spec.previews.enabled) return undefined;
  const steps = builderSteps(input);
  const image = images[steps.tool];
  const role = names.previews.ciAccess;
  const path = names.previews.ciSecretPath;
  const fields = CI_SECRET_FIELDS.registry;
  const login = (): string[] => {
    if (image.vaultClient === "vault")
      return [
        `export VAULT_TOKEN="$(vault write -field=token auth/${vault.jwtAuthPath}/login role=${shellQuote(role)} jwt="$${VAULT_ID_TOKEN}")"`,
        `export REGISTRY_USERNAME="$(vault kv get -mount=${vault.kvMount} -field=${fields.username} ${shellQuote(path)})"`,
        `export REGISTRY_PASSWORD="$(vault kv get -mount=${vault.kvMount} -field=${fields.password} ${shellQuote(path)})"`,
      ];
    if (image.vaultClient === "curl")
      return [
        `export VAULT_TOKEN="$(printf '{"role":"%s","jwt":"%s"}' ${shellQuote(role)} "$${VAULT_ID_TOKEN}" | curl -fsS --data @- "$VAULT_ADDR/v1/auth/${vault.jwtAuthPath}/login" | sed -n 's/.*"client_token":"\\([^"]*\\)".*/\\1/p')"`,
        'test -n "$VAULT_TOKEN" || { echo "Vault login failed" >&2; exit 1; }',
        `KV_PREVIEW="$(curl -fsS -H "X-Vault-Token: $VAULT_TOKEN" "$VAULT_ADDR/v1/${vault.kvMount}/data/${path}")"`,
        `export REGISTRY_USERNAME="$(printf '%s' "$KV_PREVIEW" | sed -n 's/.*"${fields.username}":"\\([^"]*\\)".*/\\1/p')"`,
        `export REGISTRY_PASSWORD="$(printf '%s' "$KV_PREVIEW" | sed -n 's/.*"${fields.password}":"\\([^"]*\\)".*/\\1/p')"`,
        "unset KV_PREVIEW",
      ];
    throw new VaultAccessError(`secretsMode vault-login: toolImages.${steps.tool} has no Vault client for the preview job`);
  };
  const gitlabSecrets = input.secretsMode === "gitlab-secrets";
  return {
    stage: "build",
    image: { name: image.image, entrypoint: [""] },
    needs: needs(...after),
    rules: PREVIEW_RULES,
    variables: {
      VAULT_ADDR: vault.address,
      VAULT_AUTH_ROLE: role,
      // The builder pushes `$IMAGE_REPOSITORY:$CI_COMMIT_SHA`: here the preview project's repository.
      IMAGE_REPOSITORY: names.previews.registryRepository,
      ...steps.variables,
    },
    id_tokens: { [VAULT_ID_TOKEN]: { aud: vault.address } },
    ...(gitlabSecrets
      ? {
          secrets: {
            REGISTRY_USERNAME: { vault: `${path}/${fields.username}@${vault.kvMount}`, file: false, token: `$${VAULT_ID_TOKEN}` },
            REGISTRY_PASSWORD: { vault: `${path}/${fields.password}@${vault.kvMount}`, file: false, token: `$${VAULT_ID_TOKEN}` },
          },
        }
      : {}),
    script: [...(gitlabSecrets ? [] : login()), ...steps.script],
    environment: {
      name: "preview/$CI_MERGE_REQUEST_IID",
      deployment_tier: "development",
      url: `https://${names.previews.hostTemplate.replace(MR_NUMBER, "$CI_MERGE_REQUEST_IID")}`,
      auto_stop_in: `${spec.previews.ttlHours} hours`,
    },
    interruptible: true,
  };
}
