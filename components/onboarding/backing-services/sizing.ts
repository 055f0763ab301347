import type { AppSpec } from "../app-spec";
import type { CacheSpec, PostgresSpec } from "./spec";

/**
 * What each backing service and the workload run in one environment, as the manifests render them
 * and the quota accounting counts them: one source, so the two cannot drift apart.
 */

/** PostgreSQL instances in an environment: the spec's number, or 3 in production (one primary, two replicas) and 1 elsewhere. */
export const postgresInstances = (postgres: PostgresSpec, production: boolean): number => postgres.instances ?? (production ? 3 : 1);
/** Least instances a production database may have: a primary and a replica on another node. */
export const MIN_PRODUCTION_POSTGRES_INSTANCES = 2;
/** Valkey read replicas beside the primary: the spec's number, or 2 in production and none elsewhere. */
export const cacheReplicas = (cache: CacheSpec, production: boolean): number => cache.replicas ?? (production ? 2 : 0);

/** Replicas need a volume (the valkey chart refuses replica mode without one): 1Gi unless the spec sizes it. */
export const DEFAULT_CACHE_REPLICA_STORAGE = "1Gi";
/** The volume per Valkey pod, if any. */
export const cacheStorage = (cache: CacheSpec, production: boolean): string | undefined =>
  cache.storage ?? (cacheReplicas(cache, production) > 0 ? DEFAULT_CACHE_REPLICA_STORAGE : undefined);

/**
 * The Barman Cloud plugin's sidecar in every instance pod (ObjectStore.spec.instanceSidecarConfiguration.resources):
 * set explicitly so it counts against the quota and passes the LimitRange.
 */
export const BARMAN_SIDECAR_RESOURCES = { cpu: "100m", memory: "256Mi" } as const;
/** The Valkey chart's init container (initResources); below the main container, so the pod's quota charge is the main one's. */
export const VALKEY_INIT_RESOURCES = { cpu: "50m", memory: "64Mi" } as const;

/** Whether a service runs in an environment of the app: listed there, or no list (every environment). */
export const runsIn = (service: { environments?: readonly string[] } | undefined, environment: string): boolean =>
  service !== undefined && (service.environments === undefined || service.environments.includes(environment));

/** Replicas of the Deployment per environment kind (the overlays set them; config-repo-files.ts reads them from here). */
export const PRODUCTION_REPLICAS = 2;
export const NON_PRODUCTION_REPLICAS = 1;
export const workloadReplicas = (production: boolean): number => (production ? PRODUCTION_REPLICAS : NON_PRODUCTION_REPLICAS);

/** Pods the workload holds at most at once: replicas plus the rolling update's surge pod; a CronJob one run (two while `Replace` swaps runs). */
export function workloadPods(spec: Pick<AppSpec, "workload">, production: boolean): number {
  if (spec.workload.kind === "batch") return spec.workload.concurrencyPolicy === "Replace" ? 2 : 1;
  // maxSurge 25% (the Deployment default) rounds up to one pod at these replica counts.
  return workloadReplicas(production) + 1;
}
