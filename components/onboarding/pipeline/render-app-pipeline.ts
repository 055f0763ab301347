import { stringify } from "yaml";
import { parseComponentArgs } from "../../validation/issues";
import { buildJob } from "./build-job";
import { deployJobs } from "./deploy-jobs";
import type { CiJob } from "./gitlab-ci-job";
import { type AppPipelineInput, type ParsedPipelineInput, pipelineInputSchema } from "./pipeline-input";
import { PREVIEW_JOB, previewJob } from "./preview-job";
import { REGISTRY_SCAN_JOB, registryScanJob } from "./registry-scan-job";
import { sbomJob, SBOM_JOB } from "./sbom-job";
import {
  emergencyReviewJob,
  EMERGENCY_REVIEW_JOB,
  LEDGER_APPEND_JOB,
  ledgerAppendJob,
  ledgerPrepareJob,
  LEDGER_PREPARE_JOB,
  SCAN_GATE_FAILURE_JOB,
  scanGateFailureJob,
} from "./ledger-jobs";
import { CHANGE_TYPES } from "../../shared/release-record";
import { PRODUCTION_SCAN_JOB, scanJobs } from "./scan-jobs";
import { SIGN_JOB, signingJobs } from "./sign-job";
import { type SigningIdentity, signingIdentity } from "./signing-identity";
import { APP_PIPELINE_TEMPLATE_VERSION } from "./template-version";
import { type ResolvedToolImage, throughProxyCache, type ToolName, toolImages } from "./tool-images";

export const APP_PIPELINE_STAGES = ["test", "build", "sbom", "scan", "sign", "deploy", "record"] as const;
export const TEST_JOB = "test";
export const BUILD_JOB = "build";

export interface RenderedPipeline {
  /** The `.gitlab-ci.yml` of the app's project. */
  content: string;
  /** `delivery-platform/app-pipeline@<semver>`, also inside `content`. */
  templateVersion: string;
}

const parse = (input: AppPipelineInput): ParsedPipelineInput => parseComponentArgs("renderAppPipeline", pipelineInputSchema, input);

/** The identity the app's pipeline signs with (see signing-identity.ts). */
export function appSigningIdentity(input: AppPipelineInput): SigningIdentity {
  return identityOf(parse(input));
}

const identityOf = (input: ParsedPipelineInput): SigningIdentity =>
  signingIdentity({
    signing: input.spec.pipeline.signing,
    gitlab: { ...input.gitlab, projectPath: input.names.gitlab.projectPath },
    vault: {
      address: input.vault.address,
      ...(input.vault.transit ? { transit: { mountPath: input.vault.transit.mountPath, keyName: input.names.vault.transitKey } } : {}),
    },
    ...(input.sigstore ? { sigstore: input.sigstore } : {}),
  });

function testJob(input: ParsedPipelineInput, images: Record<ToolName, ResolvedToolImage>): CiJob | undefined {
  const { testCommands, testImage } = input.spec.pipeline;
  if (testCommands.length === 0) return undefined;
  const image = testImage ? throughProxyCache(testImage, input.registry, "spec.pipeline.testImage") : images.test.image;
  // No id_tokens: tests run on merge requests too and get no secrets.
  return { stage: "test", image: { name: image }, needs: [], script: [...testCommands], interruptible: true };
}

/**
 * Renders an app's `.gitlab-ci.yml`: test -> build -> registry-scan -> sbom + scan -> sign -> deploy, every
 * tool image pinned and pulled through Harbor's proxy cache, secrets from Vault only.
 * Pure: same input, same bytes. Throws (naming the field) on invalid input, an inexact or
 * refused tool version, or a signing mode the input cannot support.
 */
export function renderAppPipeline(rawInput: AppPipelineInput): RenderedPipeline {
  const input = parse(rawInput);
  const identity = identityOf(input);
  const images = toolImages(input.registry, input.toolImages);

  const jobs: Record<string, CiJob> = {};
  const test = testJob(input, images);
  if (test) jobs[TEST_JOB] = test;
  jobs[BUILD_JOB] = buildJob(input, images, test ? [TEST_JOB] : []);
  const preview = previewJob(input, images, test ? [TEST_JOB] : []);
  if (preview) jobs[PREVIEW_JOB] = preview;
  jobs[REGISTRY_SCAN_JOB] = registryScanJob(input, images);
  jobs[SBOM_JOB] = sbomJob(input, images);
  const scans = scanJobs(input, images);
  Object.assign(jobs, scans);
  const gateFailure = scanGateFailureJob(input, images, Object.keys(scans));
  if (gateFailure) jobs[SCAN_GATE_FAILURE_JOB] = gateFailure;
  const review = emergencyReviewJob(input, images);
  if (review) jobs[EMERGENCY_REVIEW_JOB] = review;
  jobs[LEDGER_PREPARE_JOB] = ledgerPrepareJob(input, images);
  const signing = signingJobs(
    input,
    images,
    identity,
    Object.keys(scans).filter((name) => name === PRODUCTION_SCAN_JOB),
  );
  Object.assign(jobs, signing.jobs);
  const deploys = deployJobs(input, images, Object.keys(scans), signing.signedAfter);
  Object.assign(jobs, deploys);
  // The release ledger (docs/release-ledger.md): appended once every deploy of this pipeline is written.
  jobs[LEDGER_APPEND_JOB] = ledgerAppendJob(input, images, SIGN_JOB, Object.keys(deploys));

  const { names, registry, vault } = input;
  const document = {
    workflow: {
      rules: [
        { if: '$CI_PIPELINE_SOURCE == "merge_request_event"' },
        { if: "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", when: "never" },
        { if: "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" },
      ],
    },
    stages: [...APP_PIPELINE_STAGES],
    variables: {
      PIPELINE_TEMPLATE_VERSION: APP_PIPELINE_TEMPLATE_VERSION,
      APP_NAME: names.stable,
      REGISTRY_HOST: registry.host,
      IMAGE_REPOSITORY: names.registry.repository,
      // Read by GitLab's `secrets:` keyword; the vault CLI reads VAULT_ADDR. VAULT_AUTH_ROLE is set
      // per job, to the role of its purpose: no global default any job could fall back to.
      VAULT_SERVER_URL: vault.address,
      VAULT_AUTH_PATH: vault.jwtAuthPath,
      // The change type of the release record; `emergency` (Run pipeline on the default branch) is the
      // emergency path of docs/release-ledger.md, refused unless the platform configured one.
      CHANGE_TYPE: {
        value: "standard",
        options: input.ledger.emergency ? [...CHANGE_TYPES] : ["standard"],
        description: "standard, or emergency for an on-call emergency change (reviewed afterwards).",
      },
    },
    ...jobs,
  };
  const header = [
    `# Generated by the delivery platform from ${APP_PIPELINE_TEMPLATE_VERSION}. Do not edit: \`pulumi up\` restores it.`,
    `# Customise it through the app spec (pipeline.*); see docs/pipeline.md. App: ${names.app}, team: ${names.team}.`,
    `# Stages: ${APP_PIPELINE_STAGES.join(" -> ")}. Signing: ${identity.mode}; secrets: ${input.secretsMode}.`,
  ].join("\n");
  return {
    content: `${header}\n${stringify(document, { lineWidth: 0, aliasDuplicateObjects: false })}`,
    templateVersion: APP_PIPELINE_TEMPLATE_VERSION,
  };
}
