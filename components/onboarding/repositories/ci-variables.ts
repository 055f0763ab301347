import type * as pulumi from "@pulumi/pulumi";

/**
 * Non-secret settings the generated pipeline reads, as project CI variables. Secrets are never
 * CI variables: jobs log in to Vault with their `id_tokens` JWT (role `VAULT_AUTH_ROLE`) and read
 * them there, including Harbor's push robot. The `VAULT_*` names are the ones GitLab's `secrets:`
 * keyword reads; `VAULT_ADDR` is what the `vault` CLI reads.
 */
export interface CiVariableInput {
  registryHost: string;
  harborProject: pulumi.Input<string>;
  vaultAddress: pulumi.Input<string>;
  vaultJwtAuthPath: pulumi.Input<string>;
  vaultCiRole: pulumi.Input<string>;
  configRepoPath: pulumi.Input<string>;
}

export interface CiVariable {
  key: string;
  value: pulumi.Input<string>;
  description: string;
}

export function ciVariables(input: CiVariableInput): CiVariable[] {
  return [
    { key: "PLATFORM_REGISTRY", value: input.registryHost, description: "Harbor host images are pushed to." },
    { key: "PLATFORM_HARBOR_PROJECT", value: input.harborProject, description: "The app's Harbor project." },
    {
      key: "VAULT_SERVER_URL",
      value: input.vaultAddress,
      description: "Vault address (GitLab secrets keyword; also the id_tokens audience).",
    },
    { key: "VAULT_ADDR", value: input.vaultAddress, description: "Vault address for the vault CLI." },
    { key: "VAULT_AUTH_PATH", value: input.vaultJwtAuthPath, description: "Vault JWT auth mount that trusts this GitLab." },
    { key: "VAULT_AUTH_ROLE", value: input.vaultCiRole, description: "Vault JWT role of this project's pipeline." },
    { key: "CONFIG_REPO_PATH", value: input.configRepoPath, description: "GitOps repository the deploy job bumps." },
  ];
}
