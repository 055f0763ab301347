import * as pulumi from "@pulumi/pulumi";
import type { AppSpec } from "../app-spec";
import type { OnboardingContext } from "../onboarding-context";
import type { SecretsMode } from "./pipeline-input";
import { appSigningIdentity, renderAppPipeline as renderPure } from "./render-app-pipeline";
import { type SigningIdentity, signingIdentity } from "./signing-identity";
import { APP_PIPELINE_TEMPLATE_VERSION } from "./template-version";
import type { ToolImageOverride, ToolName } from "./tool-images";

/**
 * Bridges AppOnboarding (Inputs) to the pure renderer. Everything here is known before the
 * GitLab project exists (paths, role and key names are deterministic), so the pipeline file
 * does not wait for AppSecrets, which itself needs the project: no dependency cycle.
 */
export interface AppPipelineArgs {
  spec: AppSpec;
  context: OnboardingContext;
  /** Full path of the app's project and of its config repository. */
  projectPath: pulumi.Input<string>;
  configRepoPath: pulumi.Input<string>;
  harborProject: pulumi.Input<string>;
  /** The app's JWT role name (`ciAccessName`). */
  ciRole: pulumi.Input<string>;
  /** KV paths relative to the mount (`CiCredentials.paths`, or `appCiPath(...)/registry|gitops`). */
  ciSecretPaths: { registry: string; gitops: string };
  /** The app's transit key (mount + `transitKeyName(app)`); required for `vault-transit` signing. */
  transit?: { mountPath: pulumi.Input<string>; keyName: string };
  defaultBranch?: string;
  secretsMode?: SecretsMode;
  sigstore?: { fulcioUrl: string; rekorUrl: string };
  toolImages?: Partial<Record<ToolName, ToolImageOverride>>;
}

export interface AppPipeline {
  content: pulumi.Output<string>;
  templateVersion: string;
  signingIdentity: pulumi.Output<SigningIdentity>;
}

export function renderAppPipeline(args: AppPipelineArgs): AppPipeline {
  const { context } = args;
  // Fail at construction, not inside an apply: the signing mode's prerequisites are plain values.
  signingIdentity({
    signing: args.spec.pipeline.signing,
    gitlab: { url: context.gitlab.url, projectPath: "-", defaultBranch: "-" },
    vault: { address: "-", ...(args.transit ? { transit: { mountPath: "-", keyName: args.transit.keyName } } : {}) },
    ...(args.sigstore ? { sigstore: args.sigstore } : {}),
  });
  const input = pulumi
    .output({
      projectPath: args.projectPath,
      configRepoPath: args.configRepoPath,
      harborProject: args.harborProject,
      ciRole: args.ciRole,
      proxyCacheProjects: context.registry.proxyCacheProjects,
      address: context.vault.address,
      jwtAuthPath: context.vault.jwtAuthPath,
      kvMount: context.vault.kvMountPath,
      transitMount: args.transit?.mountPath,
    })
    .apply(({ projectPath, configRepoPath, harborProject, ciRole, proxyCacheProjects, address, jwtAuthPath, kvMount, transitMount }) => ({
      spec: args.spec,
      environments: context.environments.map((e) => ({ name: e.name, production: e.production })),
      gitlab: { url: context.gitlab.url, projectPath, ...(args.defaultBranch ? { defaultBranch: args.defaultBranch } : {}) },
      registry: { host: context.registry.host, project: harborProject, proxyCacheProjects },
      vault: {
        address,
        jwtAuthPath,
        ciRole,
        kvMount,
        ciSecretPaths: args.ciSecretPaths,
        ...(args.transit && transitMount ? { transit: { mountPath: transitMount, keyName: args.transit.keyName } } : {}),
      },
      configRepository: { path: configRepoPath },
      ...(args.secretsMode ? { secretsMode: args.secretsMode } : {}),
      ...(args.sigstore ? { sigstore: args.sigstore } : {}),
      ...(args.toolImages ? { toolImages: args.toolImages } : {}),
    }));
  return {
    content: input.apply((i) => renderPure(i).content),
    templateVersion: APP_PIPELINE_TEMPLATE_VERSION,
    signingIdentity: input.apply((i) => appSigningIdentity(i)),
  };
}
