import { z } from "zod";
import { appSpecSchema } from "../app-spec";

/**
 * Everything `renderAppPipeline` needs, as plain values: the integrator resolves Outputs
 * first (`pulumi.all([...]).apply((v) => renderAppPipeline(...))`), so rendering stays pure.
 */

const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/]+(\/[^\s]*)?$/, "must be an https:// URL")
  .transform((u) => u.replace(/\/+$/, ""));
const vaultPath = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, "must be a Vault path without leading or trailing '/'");
const gitlabPath = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+$/, "must be a full GitLab path such as group/subgroup/project");
const branch = z.string().regex(/^[A-Za-z0-9._/-]+$/, "must be a branch name");

export const SECRETS_MODES = ["gitlab-secrets", "vault-login"] as const;
export type SecretsMode = (typeof SECRETS_MODES)[number];

const toolImageOverride = z.union([
  z.string().min(1),
  z.strictObject({ reference: z.string().min(1), vaultClient: z.enum(["vault", "curl"]).optional() }),
]);

export const pipelineInputSchema = z
  .strictObject({
    spec: appSpecSchema,
    environments: z
      .array(z.object({ name: z.string().min(1), production: z.boolean() }))
      .min(1, "must list the platform's environments")
      .meta({ description: "The platform's declared environments (OnboardingContext.environments)." }),
    gitlab: z.strictObject({
      url: httpsUrl.meta({ description: "GitLab URL; the OIDC issuer of the pipeline's ID tokens." }),
      projectPath: gitlabPath.meta({ description: "Full path of the app's project (AppRepositories.projectPath)." }),
      defaultBranch: branch.default("main").meta({ description: "The protected branch that builds, signs and deploys." }),
    }),
    registry: z.strictObject({
      host: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host without scheme or path"),
      project: z.string().min(1).meta({ description: "The app's Harbor project (AppRegistry)." }),
      proxyCacheProjects: z.record(z.string(), z.string().min(1)).meta({ description: "Upstream registry -> Harbor proxy-cache project." }),
    }),
    vault: z.strictObject({
      address: httpsUrl.meta({ description: "Vault's external address; also the `aud` of the Vault ID token." }),
      jwtAuthPath: vaultPath.meta({ description: "Mount path of the JWT auth method that trusts GitLab." }),
      ciRole: z.string().min(1).meta({ description: "The app's JWT role (AppSecrets.ciRole)." }),
      kvMount: vaultPath.meta({ description: "KV v2 mount of the CI secrets." }),
      ciSecretPaths: z
        .strictObject({ registry: vaultPath, gitops: vaultPath })
        .meta({ description: "KV paths relative to the mount (CiCredentials.paths): registry {username,password}, gitops {token}." }),
      transit: z
        .strictObject({ mountPath: vaultPath, keyName: z.string().min(1) })
        .optional()
        .meta({ description: "The app's transit signing key (AppSecrets.transitKey); required for vault-transit signing." }),
    }),
    configRepository: z.strictObject({
      path: gitlabPath.meta({ description: "Full GitLab path of the app's config repository (AppRepositories.configRepoPath)." }),
      branch: branch.default("main").meta({ description: "Branch Argo CD tracks." }),
      overlayDirectory: z
        .string()
        .regex(/\{environment\}/, "must contain {environment}")
        .default("overlays/{environment}")
        .meta({ description: "Directory of an environment's kustomization.yaml; {environment} is replaced." }),
    }),
    secretsMode: z
      .enum(SECRETS_MODES)
      .default("gitlab-secrets")
      .meta({
        description:
          "gitlab-secrets: the runner reads Vault through the `secrets:` keyword (GitLab Premium/Ultimate). " +
          "vault-login: jobs log in to Vault themselves (GitLab Free); needs images with the vault CLI or curl.",
      }),
    sigstore: z
      .strictObject({ fulcioUrl: httpsUrl, rekorUrl: httpsUrl })
      .optional()
      .meta({ description: "A private Sigstore for keyless signing on a GitLab public Fulcio does not trust." }),
    toolImages: z
      .partialRecord(z.enum(["test", "buildkit", "buildah", "kaniko", "syft", "trivy", "cosign", "vault"]), toolImageOverride)
      .default({})
      .meta({ description: "Platform overrides of the tool image table (exact versions; pulled through the proxy cache)." }),
  })
  .superRefine((input, ctx) => {
    const declared = new Set(input.environments.map((e) => e.name));
    input.spec.environments.forEach((env, index) => {
      if (!declared.has(env))
        ctx.addIssue({ code: "custom", path: ["spec", "environments", index], message: `'${env}' is not a declared environment` });
    });
    if (input.spec.pipeline.signing === "vault-transit" && !input.vault.transit)
      ctx.addIssue({
        code: "custom",
        path: ["vault", "transit"],
        message: "is required when spec.pipeline.signing is vault-transit (the app's transit key, AppSecrets.transitKey)",
      });
  });

export type AppPipelineInput = z.input<typeof pipelineInputSchema>;
export type ParsedPipelineInput = z.output<typeof pipelineInputSchema>;
