/**
 * What an app's CI jobs do with Vault, one identity per purpose: each purpose has its own JWT
 * role and policy (AppSecrets), and every job logs in with the role of its purpose (the
 * pipeline). The most exposed job, `build`, runs the app's own Dockerfile steps, so it holds
 * only what pushing needs; signing and deploying live in identities build can never assume.
 */

/**
 * The CI secrets in the app's CI folder (`AppNames.vault.ciSecretPaths`): CiCredentials writes
 * `registry` and `gitops`; `review` is the operator's (a project access token of the app project,
 * Reporter, scope `api`) for emergency changes only: the `emergency-review` job checks the
 * on-call membership and opens the follow-up issue with it (docs/release-ledger.md). A default-branch
 * CI_JOB_TOKEN can do neither.
 */
export type CiSecret = "registry" | "gitops" | "review";

export const CI_PURPOSES = ["build", "sign", "deploy"] as const;
export type CiPurpose = (typeof CI_PURPOSES)[number];

export interface CiPurposeGrant {
  /** KV secrets of the CI folder the purpose reads. */
  secrets: readonly CiSecret[];
  /** Signs with the app's transit key (vault-transit signing only). */
  transit: boolean;
  /**
   * Only the default branch may log in. Whoever can push to a protected ref also writes the
   * `.gitlab-ci.yml` that ref runs, so the pipeline's `rules:` are no boundary: only the role's
   * bound claims are.
   */
  defaultBranchOnly: boolean;
}

export const CI_PURPOSE_GRANTS: Readonly<Record<CiPurpose, CiPurposeGrant>> = {
  // Also the SBOM and scan jobs: they pull the pushed digest with the same registry robot.
  build: { secrets: ["registry"], transit: false, defaultBranchOnly: false },
  // Keyless: registry credentials to push the signature and attestation next to the image. Transit:
  // only the app's key (the sign job signs inside Vault; attach-signature pushes with build's identity).
  sign: { secrets: ["registry"], transit: true, defaultBranchOnly: true },
  // Also the ledger jobs (config repository's ledger branch) and emergency-review (the review token).
  deploy: { secrets: ["gitops", "review"], transit: false, defaultBranchOnly: true },
};
