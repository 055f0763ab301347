import type { AppSpec } from "../app-spec";
import type { OnboardingEnvironment } from "../onboarding-context";
import type { Profile } from "../../shared/profiles";

/** The Harbor project settings that gate what can be pulled from it. */
export interface ProjectSecurity {
  /** Trivy scans every pushed artifact. */
  vulnerabilityScanning: true;
  /** Harbor attaches an SBOM accessory to every pushed image (Harbor 2.11+; the platform runs 2.15). */
  autoSbomGeneration: true;
  /** Pulls of images without a cosign signature are refused. */
  enableContentTrustCosign: boolean;
  /** Pulls of images with a vulnerability at or above this severity (or not yet scanned) are refused. */
  deploymentSecurity?: "high";
}

/**
 * One Harbor project serves every environment of an app and Harbor's pull
 * policies are per project, so the strict policy applies as soon as anything in
 * production can pull from it: on the prod platform profile, or when one of the
 * app's environments is marked `production` (whatever the profile).
 */
export function isProductionGrade(
  spec: Pick<AppSpec, "environments">,
  context: { profile: Profile; environments: readonly Pick<OnboardingEnvironment, "name" | "production">[] },
): boolean {
  if (context.profile === "prod") return true;
  return spec.environments.some((name) => context.environments.find((env) => env.name === name)?.production === true);
}

export function projectSecurity(productionGrade: boolean): ProjectSecurity {
  // Outside production the property is left out: provider 3.10.21 then sends `prevent_vul=false`;
  // any value, `none` included, turns prevention on (client/project.go at upstream fec5ee83cb60).
  return productionGrade
    ? { vulnerabilityScanning: true, autoSbomGeneration: true, enableContentTrustCosign: true, deploymentSecurity: "high" }
    : { vulnerabilityScanning: true, autoSbomGeneration: true, enableContentTrustCosign: false };
}
