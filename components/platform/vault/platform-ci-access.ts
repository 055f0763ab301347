import type * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { z } from "zod";
import { platformCiReadPolicy } from "./policies";

/** The role (and policy) name the repository's .gitlab-ci.yml logs in with (`VAULT_AUTH_ROLE`). */
export const PLATFORM_CI_ROLE = "ci.platform";

/**
 * Pipeline sources (GitLab's CI_PIPELINE_SOURCE, carried as the `pipeline_source` claim of
 * `id_tokens`) the role accepts: a merge landing on the default branch, "Run pipeline" on it, and a
 * pipeline schedule on it (the nightly drift check: it runs the default branch's reviewed code, and
 * a schedule on a protected branch needs the right to merge into it).
 * `merge_request_event` is absent, so a merge request whose source branch is the default branch
 * (merged-results pipelines run the target's code too) gets no token either.
 */
export const PLATFORM_CI_PIPELINE_SOURCES = ["push", "web", "schedule"] as const;

/** Who the JWT user is: the Vault entity names the person who ran the job (GitLab documents `user_email`). */
const USER_CLAIM = "user_email";
// The runner resolves `secrets:` once, before the script starts; the token need not outlive that.
const TOKEN_TTL = 300;
const TOKEN_EXPLICIT_MAX_TTL = 900;

/**
 * A Git branch name without ',' (Vault reads a comma in a bound claim as alternatives) or glob
 * characters, no leading '-', no '..' and no trailing '.' or '/' (git check-ref-format).
 */
export const branchName = () =>
  z
    .string()
    .regex(
      /^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+(?<![./])$/,
      "must be a branch name such as main (letters, digits, '.', '_', '-', '/'; no ',')",
    );

/** The platform repository on GitLab, as the stack config names it (`gitlab.platformProjectId`, `gitlab.platformDefaultBranch`). */
export interface PlatformRepository {
  projectId: number;
  defaultBranch: string;
}

export interface PlatformCiAccessArgs {
  repository: PlatformRepository;
  kvMountPath: string;
  jwtAuthPath: pulumi.Input<string>;
  /** The `aud` the pipeline requests (.gitlab-ci.yml `id_tokens.*.aud`): Vault's external address. */
  audience: pulumi.Input<string>;
}

/** The claims a platform CI token must carry, exactly (`bound_claims_type: string`). */
export function platformCiBoundClaims(repository: PlatformRepository): Record<string, string> {
  return {
    // The ID survives renames and transfers; a fork's merge request carries the fork's ID.
    project_id: String(repository.projectId),
    ref_protected: "true",
    ref_type: "branch",
    ref: repository.defaultBranch,
    // Vault reads a comma-separated value as alternatives (@pulumi/vault jwt.AuthBackendRole boundClaims).
    pipeline_source: PLATFORM_CI_PIPELINE_SOURCES.join(","),
  };
}

/**
 * The only identity that reads `platform/ci/*`: the platform repository's pipeline on its
 * protected default branch, never a merge request, another branch, a tag or another project.
 */
export function platformCiAccess(name: string, args: PlatformCiAccessArgs, opts: pulumi.CustomResourceOptions) {
  const policy = new vault.Policy(
    `${name}-policy-platform-ci`,
    { name: PLATFORM_CI_ROLE, policy: platformCiReadPolicy(args.kvMountPath) },
    opts,
  );
  const role = new vault.jwt.AuthBackendRole(
    `${name}-role-platform-ci`,
    {
      backend: args.jwtAuthPath,
      roleName: PLATFORM_CI_ROLE,
      roleType: "jwt",
      boundAudiences: [args.audience],
      boundClaimsType: "string",
      boundClaims: platformCiBoundClaims(args.repository),
      userClaim: USER_CLAIM,
      tokenPolicies: [policy.name],
      tokenTtl: TOKEN_TTL,
      tokenExplicitMaxTtl: TOKEN_EXPLICIT_MAX_TTL,
    },
    opts,
  );
  return { policy, role };
}
