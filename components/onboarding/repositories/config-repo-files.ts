import { stringify } from "yaml";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import type { OnboardingEnvironment } from "../onboarding-context";
import { previewOverlayFiles } from "../previews/preview-manifests";
import { analysisTemplate, blueGreenPreviewService, rollout, usesRollout } from "./rollout-manifests";
import { deployment, PLACEHOLDER_DIGEST, podDisruptionBudget, service } from "./workload-manifests";

/**
 * Who owns a file after onboarding: `platform` files are reconciled on every `pulumi up` (the
 * guardrail-shaped base, the production PDB); `seed` files are written once and then belong to the
 * team and the pipeline, which bumps the image digest in them, so `pulumi up` never reverts a deploy.
 */
export type FileOwner = "platform" | "seed";

export interface RepositoryFileContent {
  path: string;
  content: string;
  owner: FileOwner;
}

export interface ConfigRepoInput {
  spec: AppSpec;
  names: AppNames;
  /** The app's environments, in `spec.environments` order. */
  environments: readonly OnboardingEnvironment[];
  /**
   * The Prometheus query API the AnalysisTemplates of canary and blue-green apps read
   * (`delivery.analysis.prometheusAddress` wins); required for those strategies (app rules check it).
   */
  metricsQueryUrl?: string;
}

/** The Argo Rollouts files of one overlay, platform-owned (progressive-delivery-spec.ts). */
const ROLLOUT_FILES = { rollout: "rollout.yaml", analysis: "analysis-template.yaml", previewService: "preview-service.yaml" } as const;

const rolloutFiles = (spec: AppSpec): string[] =>
  !usesRollout(spec)
    ? []
    : [ROLLOUT_FILES.rollout, ROLLOUT_FILES.analysis, ...(spec.delivery.strategy === "blueGreen" ? [ROLLOUT_FILES.previewService] : [])];

const replicasOf = (environment: OnboardingEnvironment): number => (environment.production ? PRODUCTION_REPLICAS : NON_PRODUCTION_REPLICAS);

const KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1";
export const PRODUCTION_REPLICAS = 2;
export const NON_PRODUCTION_REPLICAS = 1;

const yaml = (value: unknown, header?: string): string => `${header ? `${header}\n` : ""}${stringify(value, { lineWidth: 0 })}`;

export const overlayPath = (environment: string): string => `overlays/${environment}`;

/** The overlay of one environment: namespace, replicas, the image pinned by digest, the PDB in production. */
export function overlayKustomization(input: ConfigRepoInput, environment: OnboardingEnvironment): Record<string, unknown> {
  const { names } = input;
  return {
    apiVersion: KUSTOMIZE_API,
    kind: "Kustomization",
    namespace: names.kubernetes.namespaces[environment.name],
    resources: ["../../base", ...(environment.production ? ["pdb.yaml"] : []), ...rolloutFiles(input.spec)],
    labels: [{ pairs: { "platform.delivery/environment": environment.name }, includeSelectors: false }],
    // With a Rollout the Deployment is only its pod template (workloadRef): the Rollout owns the replicas.
    replicas: [{ name: names.kubernetes.workload, count: usesRollout(input.spec) ? 0 : replicasOf(environment) }],
    images: [{ name: names.registry.repository, digest: PLACEHOLDER_DIGEST }],
  };
}

/** Every file of the config repository `<app>-config`, as Argo CD reads it (`overlays/<env>` per Application). */
export function configRepoFiles(input: ConfigRepoInput): RepositoryFileContent[] {
  const { spec, names } = input;
  const image = names.registry.repository;
  const platformHeader = "# Managed by the delivery platform (pulumi up rewrites it): patch it from overlays/<env>.";
  const files: RepositoryFileContent[] = [
    {
      path: "base/kustomization.yaml",
      content: yaml({ apiVersion: KUSTOMIZE_API, kind: "Kustomization", resources: ["deployment.yaml", "service.yaml"] }, platformHeader),
      owner: "platform",
    },
    { path: "base/deployment.yaml", content: yaml(deployment(spec, names, image), platformHeader), owner: "platform" },
    { path: "base/service.yaml", content: yaml(service(spec, names), platformHeader), owner: "platform" },
  ];
  for (const environment of input.environments) {
    files.push({
      path: `${overlayPath(environment.name)}/kustomization.yaml`,
      content: yaml(
        overlayKustomization(input, environment),
        "# Seeded by the delivery platform; the pipeline deploys by bumping images[0].digest (kustomize edit set image).",
      ),
      owner: "seed",
    });
    if (environment.production) {
      files.push({
        path: `${overlayPath(environment.name)}/pdb.yaml`,
        content: yaml(podDisruptionBudget(names), platformHeader),
        owner: "platform",
      });
    }
    if (usesRollout(spec)) {
      const address = spec.delivery.analysis.prometheusAddress ?? input.metricsQueryUrl;
      if (address === undefined) throw new Error(`app '${names.app}': a ${spec.delivery.strategy} release needs a metrics query URL`);
      const overlay = (file: string, manifest: unknown) =>
        files.push({ path: `${overlayPath(environment.name)}/${file}`, content: yaml(manifest, platformHeader), owner: "platform" });
      overlay(ROLLOUT_FILES.rollout, rollout(spec, names, names.kubernetes.namespaces[environment.name]!, replicasOf(environment)));
      overlay(ROLLOUT_FILES.analysis, analysisTemplate(spec, names, address));
      if (spec.delivery.strategy === "blueGreen") overlay(ROLLOUT_FILES.previewService, blueGreenPreviewService(spec, names));
    }
  }
  if (spec.previews.enabled)
    for (const file of previewOverlayFiles(names))
      files.push({ path: file.path, content: yaml(file.manifest, platformHeader), owner: "platform" });
  return files;
}
