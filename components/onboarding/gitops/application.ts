import type * as pulumi from "@pulumi/pulumi";
import type { AppSpec } from "../app-spec";
import { deployBranch } from "../repositories/write-model";
import type { GitOpsTarget } from "./targets";

/** With it, deleting an Application cascades to every resource it deployed. */
export const RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io";

/**
 * CreateNamespace=false: tenancy owns the namespace with its labels, quota and policies.
 * PruneLast: removed objects go only after the new ones are healthy.
 * ServerSideApply: large CRDs and fields set by other managers (Kyverno, HPA) do not fight the last-applied annotation.
 */
export const SYNC_OPTIONS: readonly string[] = ["CreateNamespace=false", "PruneLast=true", "ServerSideApply=true"];

/** Exponential backoff 5s, 10s, 20s, … capped at 3m, five attempts (the values of Argo CD's own example). */
export const SYNC_RETRY = { limit: 5, backoff: { duration: "5s", factor: 2, maxDuration: "3m" } } as const;

export const overlayPath = (environment: string): string => `overlays/${environment}`;

/**
 * Outside production Argo CD syncs on every commit. In production it only does
 * so with a sync window (the project's allow window gates the automation);
 * with `manual`, someone syncs after the merge.
 */
export function automatedSync(target: GitOpsTarget, spec: AppSpec): { prune: boolean; selfHeal: boolean } | undefined {
  if (target.production && spec.delivery.production.sync === "manual") return undefined;
  return { prune: true, selfHeal: true };
}

/**
 * The cascade finalizer only outside production: in production, deleting or
 * replacing the Application (a rename, a mistaken `pulumi destroy`, a project
 * move) must leave the running workload and its volumes alone; a new
 * Application adopts the orphaned objects on its first sync.
 */
export function applicationFinalizers(target: GitOpsTarget): string[] | undefined {
  return target.production ? undefined : [RESOURCES_FINALIZER];
}

export interface ApplicationSpec {
  project: pulumi.Input<string>;
  source: { repoURL: pulumi.Input<string>; path: string; targetRevision: string };
  destination: { server?: string; name?: string; namespace: pulumi.Input<string> };
  syncPolicy: {
    automated?: { prune: boolean; selfHeal: boolean };
    syncOptions: string[];
    retry: { limit: number; backoff: { duration: string; factor: number; maxDuration: string } };
  };
}

export function applicationSpec(
  project: pulumi.Input<string>,
  spec: AppSpec,
  target: GitOpsTarget,
  configRepoUrl: pulumi.Input<string>,
): ApplicationSpec {
  const automated = automatedSync(target, spec);
  return {
    project,
    source: {
      repoURL: configRepoUrl,
      path: overlayPath(target.environment),
      targetRevision: deployBranch({ name: target.environment, production: target.production }),
    },
    destination: { ...target.destination, namespace: target.namespace },
    syncPolicy: {
      ...(automated ? { automated } : {}),
      syncOptions: [...SYNC_OPTIONS],
      retry: { limit: SYNC_RETRY.limit, backoff: { ...SYNC_RETRY.backoff } },
    },
  };
}
