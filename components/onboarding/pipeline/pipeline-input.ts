import { z } from "zod";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import { TOOL_NAMES } from "./tool-images";

/**
 * Everything `renderAppPipeline` needs, as plain values: the integrator resolves Outputs
 * first (`pulumi.all([...]).apply((v) => renderAppPipeline(...))`), so rendering stays pure.
 * The spec arrives parsed (AppOnboarding validated it) and every app-derived name comes from
 * `names` (app-names.ts); this schema checks the platform's plain values and applies defaults.
 */

const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/]+(\/[^\s]*)?$/, "must be an https:// URL")
  .transform((u) => u.replace(/\/+$/, ""));
const vaultPath = z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, "must be a Vault path without leading or trailing '/'");
const branch = z.string().regex(/^[A-Za-z0-9._/-]+$/, "must be a branch name");

export const SECRETS_MODES = ["gitlab-secrets", "vault-login"] as const;
export type SecretsMode = (typeof SECRETS_MODES)[number];

const toolImageOverride = z.union([
  z.string().min(1),
  z.strictObject({
    reference: z.string().min(1),
    vaultClient: z.enum(["vault", "curl"]).optional(),
  }),
]);

export const pipelineInputSchema = z
  .strictObject({
    spec: z.custom<AppSpec>((v) => typeof v === "object" && v !== null, "must be the parsed app spec"),
    names: z.custom<AppNames>((v) => typeof v === "object" && v !== null, "must be the app's names (appNames)"),
    environments: z
      .array(z.object({ name: z.string().min(1), production: z.boolean() }))
      .min(1, "must list the platform's environments")
      .meta({ description: "The platform's declared environments (OnboardingContext.environments)." }),
    gitlab: z.strictObject({
      url: httpsUrl.meta({ description: "GitLab URL; the OIDC issuer of the pipeline's ID tokens." }),
      defaultBranch: branch.default("main").meta({ description: "The protected branch that builds, signs and deploys." }),
    }),
    registry: z.strictObject({
      host: z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be a registry host without scheme or path"),
      proxyCacheProjects: z.record(z.string(), z.string().min(1)).meta({ description: "Upstream registry -> Harbor proxy-cache project." }),
    }),
    vault: z.strictObject({
      address: httpsUrl.meta({ description: "Vault's external address; also the `aud` of the Vault ID token." }),
      jwtAuthPath: vaultPath.meta({ description: "Mount path of the JWT auth method that trusts GitLab." }),
      kvMount: vaultPath.meta({ description: "KV v2 mount of the CI secrets." }),
      transit: z
        .strictObject({ mountPath: vaultPath })
        .optional()
        .meta({ description: "Mount of the transit engine holding the app's signing key; required for vault-transit signing." }),
    }),
    configRepository: z
      .strictObject({
        branch: branch
          .default("main")
          .meta({ description: "Branch production deploys from: deploy jobs clone it and open production merge requests into it." }),
        overlayDirectory: z
          .string()
          .regex(/\{environment\}/, "must contain {environment}")
          .default("overlays/{environment}")
          .meta({ description: "Directory of an environment's kustomization.yaml; {environment} is replaced." }),
      })
      .prefault({}),
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
    ledger: z
      .strictObject({
        logsIngestUrl: z
          .string()
          .regex(/^https?:\/\/[^\s/'"$`\\]+$/, "must be a VictoriaLogs base URL such as https://logs.example.com, without path")
          .optional()
          .meta({
            description:
              "VictoriaLogs base URL the ledger jobs POST their JSON lines to (/insert/jsonline); absent: the ledger is written to the config repository only.",
          }),
        emergency: z
          .strictObject({
            onCallGroup: z.string().regex(/^[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/, "must be a GitLab group path"),
            reviewDueDays: z.number().int().min(1).max(90).default(5),
          })
          .optional()
          .meta({ description: "The emergency change path (docs/release-ledger.md); absent: CHANGE_TYPE=emergency is refused." }),
      })
      .prefault({})
      .meta({ description: "The release ledger the pipeline writes (docs/release-ledger.md)." }),
    toolImages: z
      .partialRecord(z.enum(TOOL_NAMES), toolImageOverride)
      .default({})
      .meta({ description: "Platform overrides of the tool image table (exact versions; pulled through the proxy cache)." }),
  })
  .superRefine((input, ctx) => {
    if (input.spec.pipeline.signing === "vault-transit" && !input.vault.transit)
      ctx.addIssue({
        code: "custom",
        path: ["vault", "transit"],
        message: "is required when spec.pipeline.signing is vault-transit (the transit engine holding the app's key)",
      });
  });

export type AppPipelineInput = z.input<typeof pipelineInputSchema>;
export type ParsedPipelineInput = z.output<typeof pipelineInputSchema>;
