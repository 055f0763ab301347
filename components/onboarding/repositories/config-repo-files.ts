import { stringify } from "yaml";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import type { OnboardingEnvironment } from "../onboarding-context";
import { openVexDocument } from "../vex/accepted-risks";
import { backingServiceEnv } from "../backing-services/workload-wiring";
import { NON_PRODUCTION_REPLICAS, PRODUCTION_REPLICAS } from "../backing-services/sizing";
import { previewOverlayFiles } from "../previews/preview-manifests";
import { analysisTemplate, blueGreenPreviewService, rollout, usesRollout } from "./rollout-manifests";
import { PLACEHOLDER_DIGEST, podDisruptionBudget, workloadManifests } from "./workload-manifests";

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
export { NON_PRODUCTION_REPLICAS, PRODUCTION_REPLICAS };

const yaml = (value: unknown, header?: string): string => `${header ? `${header}\n` : ""}${stringify(value, { lineWidth: 0 })}`;

export const overlayPath = (environment: string): string => `overlays/${environment}`;
/** The overlay's patch that hands the environment's backing services to the workload (backing-services/workload-wiring.ts). */
export const BACKING_SERVICES_PATCH = "backing-services.yaml";

/** The overlay of one environment: namespace, replicas, the image pinned by digest, the PDB in production. */
export function overlayKustomization(input: ConfigRepoInput, environment: OnboardingEnvironment): Record<string, unknown> {
  const { names, spec } = input;
  // A CronJob has no replicas and no PDB; a run that is evicted is retried by the Job.
  const longRunning = spec.workload.kind !== "batch";
  const wired = backingServiceEnv(spec, names, environment.name) !== undefined;
  return {
    apiVersion: KUSTOMIZE_API,
    kind: "Kustomization",
    namespace: names.kubernetes.namespaces[environment.name],
    resources: ["../../base", ...(environment.production && longRunning ? ["pdb.yaml"] : []), ...rolloutFiles(input.spec)],
    labels: [{ pairs: { "platform.delivery/environment": environment.name }, includeSelectors: false }],
    // With a Rollout the Deployment is only its pod template (workloadRef): the Rollout owns the replicas.
    ...(longRunning
      ? {
          replicas: [
            {
              name: names.kubernetes.workload,
              count: usesRollout(input.spec) ? 0 : environment.production ? PRODUCTION_REPLICAS : NON_PRODUCTION_REPLICAS,
            },
          ],
        }
      : {}),
    images: [{ name: names.registry.repository, digest: PLACEHOLDER_DIGEST }],
    ...(wired ? { patches: [{ path: BACKING_SERVICES_PATCH }] } : {}),
  };
}

/** Every file of the config repository `<app>-config`, as Argo CD reads it (`overlays/<env>` per Application). */
export function configRepoFiles(input: ConfigRepoInput): RepositoryFileContent[] {
  const { spec, names } = input;
  const image = names.registry.repository;
  const platformHeader = "# Managed by the delivery platform (pulumi up rewrites it): patch it from overlays/<env>.";
  const base = workloadManifests(spec, names, image);
  const files: RepositoryFileContent[] = [
    {
      path: "base/kustomization.yaml",
      content: yaml({ apiVersion: KUSTOMIZE_API, kind: "Kustomization", resources: Object.keys(base) }, platformHeader),
      owner: "platform",
    },
    ...Object.entries(base).map(([file, manifest]) => ({
      path: `base/${file}`,
      content: yaml(manifest, platformHeader),
      owner: "platform" as const,
    })),
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
    const patch = backingServiceEnv(spec, names, environment.name);
    if (patch !== undefined)
      files.push({
        path: `${overlayPath(environment.name)}/${BACKING_SERVICES_PATCH}`,
        content: yaml(patch, platformHeader),
        owner: "platform",
      });
    if (environment.production && spec.workload.kind !== "batch") {
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
  // The app's accepted risks as the pipeline's Trivy gate reads them (OpenVEX), for the team and auditors.
  const vex = openVexDocument({
    app: names.stable,
    statements: spec.vex.statements,
    imageRepository: image,
    author: `delivery-platform for team ${names.team}`,
  });
  if (vex !== undefined) files.push({ path: ACCEPTED_RISKS_FILE, content: `${JSON.stringify(vex, null, 2)}\n`, owner: "platform" });
  if (spec.previews.enabled)
    for (const file of previewOverlayFiles(names))
      files.push({ path: file.path, content: yaml(file.manifest, platformHeader), owner: "platform" });
  return files;
}

/** Where the config repository holds the app's OpenVEX document (platform-owned: the spec's `vex` is the source). */
export const ACCEPTED_RISKS_FILE = "vex/accepted-risks.openvex.json";
