import * as pulumi from "@pulumi/pulumi";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import type { OnboardingContext } from "../onboarding-context";
import type { SecretsMode } from "./pipeline-input";
import { appSigningIdentity, renderAppPipeline as renderPure } from "./render-app-pipeline";
import { type SigningIdentity, signingIdentity } from "./signing-identity";
import { APP_PIPELINE_TEMPLATE_VERSION } from "./template-version";
import type { ToolImageOverride, ToolName } from "./tool-images";

/**
 * Bridges AppOnboarding (Inputs) to the pure renderer. Everything here is known before the
 * GitLab project exists (paths, role and key names come from `names`), so the pipeline file
 * does not wait for AppSecrets, which itself needs the project: no dependency cycle.
 */
export interface AppPipelineArgs {
  spec: AppSpec;
  names: AppNames;
  context: OnboardingContext;
  /** The transit engine holding the app's key (`names.vault.transitKey`); required for `vault-transit` signing. */
  transit?: { mountPath: pulumi.Input<string> };
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
    vault: { address: "-", ...(args.transit ? { transit: { mountPath: "-", keyName: args.names.vault.transitKey } } : {}) },
    ...(args.sigstore ? { sigstore: args.sigstore } : {}),
  });
  const input = pulumi
    .output({
      proxyCacheProjects: context.registry.proxyCacheProjects,
      address: context.vault.address,
      jwtAuthPath: context.vault.jwtAuthPath,
      kvMount: context.vault.kvMountPath,
      transitMount: args.transit?.mountPath,
    })
    .apply(({ proxyCacheProjects, address, jwtAuthPath, kvMount, transitMount }) => ({
      spec: args.spec,
      names: args.names,
      environments: context.environments.map((e) => ({ name: e.name, production: e.production })),
      gitlab: { url: context.gitlab.url, ...(args.defaultBranch ? { defaultBranch: args.defaultBranch } : {}) },
      registry: { host: context.registry.host, proxyCacheProjects },
      vault: { address, jwtAuthPath, kvMount, ...(args.transit && transitMount ? { transit: { mountPath: transitMount } } : {}) },
      ...(args.secretsMode ? { secretsMode: args.secretsMode } : {}),
      ...(args.sigstore ? { sigstore: args.sigstore } : {}),
      ...(args.toolImages ? { toolImages: args.toolImages } : {}),
      ...(context.releaseLedger ? { ledger: context.releaseLedger } : {}),
    }));
  return {
    content: input.apply((i) => renderPure(i).content),
    templateVersion: APP_PIPELINE_TEMPLATE_VERSION,
    signingIdentity: input.apply((i) => appSigningIdentity(i)),
  };
}
