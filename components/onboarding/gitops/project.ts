import type * as pulumi from "@pulumi/pulumi";
import type { AppNames } from "../app-names";
import type { AppSpec } from "../app-spec";
import { EXPOSURE_BYPASS_KINDS } from "./exposure-kinds";
import { projectRoles, type ProjectRole } from "./rbac";
import type { GitOpsTarget } from "./targets";

/** Keeps the AppProject until no Application references it (Argo CD's project.yaml example). */
export const PROJECT_FINALIZER = "resources-finalizer.argocd.argoproj.io";

/** Namespaced kinds tenancy owns; an app's manifests must not replace its quota, limits or network policy. */
export const TENANCY_OWNED_KINDS: readonly { group: string; kind: string }[] = [
  { group: "", kind: "ResourceQuota" },
  { group: "", kind: "LimitRange" },
  { group: "networking.k8s.io", kind: "NetworkPolicy" },
];

/**
 * Argo Rollouts kinds, namespaced. AnalysisRuns and Experiments are the controller's to create: from
 * Git they would run arbitrary analysis jobs and pod templates. Rollouts and AnalysisTemplates are
 * allowed only to apps whose `delivery.strategy` needs them (canary, blueGreen); ClusterAnalysisTemplate
 * is cluster-scoped, which no app project allows.
 */
export const ROLLOUT_CONTROLLER_KINDS: readonly { group: string; kind: string }[] = [
  { group: "argoproj.io", kind: "AnalysisRun" },
  { group: "argoproj.io", kind: "Experiment" },
];
export const ROLLOUT_KINDS: readonly { group: string; kind: string }[] = [
  { group: "argoproj.io", kind: "Rollout" },
  { group: "argoproj.io", kind: "AnalysisTemplate" },
];

/** The Argo Rollouts kinds an app's Applications may not sync. */
export const blacklistedRolloutKinds = (spec: Pick<AppSpec, "delivery">): { group: string; kind: string }[] => [
  ...ROLLOUT_CONTROLLER_KINDS,
  ...(spec.delivery.strategy === "rolling" ? ROLLOUT_KINDS : []),
];

/** AppProject `spec.syncWindows[]` entry (CRD SyncWindow). */
export interface SyncWindow {
  kind: "allow";
  schedule: string;
  duration: string;
  timeZone: string;
  manualSync: boolean;
  applications: string[];
  description: string;
}

/**
 * The allow window names only production Applications: Argo CD blocks every
 * sync outside the window for the Applications a window matches, so a
 * project-wide window would also freeze the other environments.
 * `manualSync` keeps a maintainer able to ship a hotfix outside the window.
 */
export function syncWindows(spec: AppSpec, names: Pick<AppNames, "app">, targets: readonly GitOpsTarget[]): SyncWindow[] {
  const production = spec.delivery.production;
  const applications = targets.filter((t) => t.production).map((t) => t.applicationName);
  if (production.sync !== "window" || applications.length === 0) return [];
  return [
    {
      kind: "allow",
      schedule: production.schedule,
      duration: production.duration,
      timeZone: production.timeZone,
      manualSync: true,
      applications,
      description: `Automated production syncs of ${names.app}`,
    },
  ];
}

export interface AppProjectSpec {
  description: string;
  sourceRepos: pulumi.Input<string>[];
  destinations: { server?: string; name?: string; namespace: pulumi.Input<string> }[];
  clusterResourceWhitelist: never[];
  namespaceResourceBlacklist: { group: string; kind: string }[];
  roles: ProjectRole[];
  syncWindows: SyncWindow[];
}

/**
 * One repository, the app's own namespaces, no cluster-scoped kinds and none of the namespaced
 * kinds that route past the exposure guardrails: an Application in this project cannot deploy
 * anything that reaches beyond the app.
 */
export function appProjectSpec(
  spec: AppSpec,
  names: AppNames,
  targets: readonly GitOpsTarget[],
  configRepoUrl: pulumi.Input<string>,
): AppProjectSpec {
  return {
    description: spec.description ?? `${names.app} (team ${names.team})`,
    sourceRepos: [configRepoUrl],
    destinations: targets.map((t) => ({ ...t.destination, namespace: t.namespace })),
    clusterResourceWhitelist: [],
    namespaceResourceBlacklist: [...TENANCY_OWNED_KINDS, ...EXPOSURE_BYPASS_KINDS, ...blacklistedRolloutKinds(spec)].map(
      ({ group, kind }) => ({
        group,
        kind,
      }),
    ),
    roles: projectRoles(names.argocd.project, names, targets),
    syncWindows: syncWindows(spec, names, targets),
  };
}
