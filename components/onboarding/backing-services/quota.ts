import { cpuMillis, memoryBytes, type AppSpec } from "../app-spec";
import type { Problem } from "../app-rules";
import {
  BARMAN_SIDECAR_RESOURCES,
  cacheReplicas,
  cacheStorage,
  postgresInstances,
  runsIn,
  VALKEY_INIT_RESOURCES,
  workloadPods,
} from "./sizing";

/** One consumer of an environment's quota: what it holds at most at once. */
export interface QuotaCharge {
  what: string;
  pods: number;
  /** Millicores of limits (requests are equal or lower, and the quota caps both with one number). */
  cpuMillis: number;
  memoryBytes: number;
  storageBytes: number;
}

/**
 * Everything that runs in one environment's namespace, charged against its ResourceQuota
 * (tenancy/resource-limits.ts): the workload at its rollout peak (containers at the LimitRange
 * default limits, which the templates set), each PostgreSQL instance with its backup sidecar and
 * volumes, and each Valkey pod with its volume. The operators' jobs (initdb, join) run one at a
 * time with an instance's resources; one such pod is charged on top.
 */
export function quotaCharges(spec: AppSpec, environment: { name: string; production: boolean }): QuotaCharge[] {
  const { defaultLimit } = spec.resources.container;
  const pods = workloadPods(spec, environment.production);
  const charges: QuotaCharge[] = [
    {
      what: `workload (${pods} pod${pods === 1 ? "" : "s"} at the rollout peak)`,
      pods,
      cpuMillis: pods * cpuMillis(defaultLimit.cpu),
      memoryBytes: pods * memoryBytes(defaultLimit.memory),
      storageBytes: 0,
    },
  ];
  const { postgres, cache } = spec.services;
  if (postgres && runsIn(postgres, environment.name)) {
    const instances = postgresInstances(postgres, environment.production);
    const podCpu = cpuMillis(postgres.resources.cpu) + cpuMillis(BARMAN_SIDECAR_RESOURCES.cpu);
    const podMemory = memoryBytes(postgres.resources.memory) + memoryBytes(BARMAN_SIDECAR_RESOURCES.memory);
    const volumes = memoryBytes(postgres.storage) + (postgres.walStorage ? memoryBytes(postgres.walStorage) : 0);
    charges.push({
      what: `postgres (${instances} instance${instances === 1 ? "" : "s"} + 1 operator job)`,
      pods: instances + 1,
      cpuMillis: (instances + 1) * podCpu,
      memoryBytes: (instances + 1) * podMemory,
      storageBytes: instances * volumes,
    });
  }
  if (cache && runsIn(cache, environment.name)) {
    const valkeyPods = 1 + cacheReplicas(cache, environment.production);
    const volume = cacheStorage(cache, environment.production);
    const podCpu = Math.max(cpuMillis(cache.resources.cpu), cpuMillis(VALKEY_INIT_RESOURCES.cpu));
    const podMemory = Math.max(memoryBytes(cache.resources.memory), memoryBytes(VALKEY_INIT_RESOURCES.memory));
    charges.push({
      what: `cache (${valkeyPods} Valkey pod${valkeyPods === 1 ? "" : "s"})`,
      pods: valkeyPods,
      cpuMillis: valkeyPods * podCpu,
      memoryBytes: valkeyPods * podMemory,
      storageBytes: volume ? valkeyPods * memoryBytes(volume) : 0,
    });
  }
  return charges;
}

const GI = 2 ** 30;
const MI = 2 ** 20;
const formatMemory = (bytes: number) => (bytes % GI === 0 ? `${bytes / GI}Gi` : `${Math.ceil(bytes / MI)}Mi`);
const formatCpu = (millis: number) => (millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`);

/**
 * Environments whose backing services and workload do not fit the app's quota, one problem per
 * quota key (`resources.quota.cpu`), naming the environment, the need, the parts and the fix.
 * A service that does not fit would never start: the quota rejects its pods or volumes.
 */
export function quotaProblems(spec: AppSpec, environments: readonly { name: string; production: boolean }[]): Problem[] {
  const problems: Problem[] = [];
  const { quota } = spec.resources;
  const limits = {
    cpu: { have: cpuMillis(quota.cpu), format: formatCpu, of: (c: QuotaCharge) => c.cpuMillis },
    memory: { have: memoryBytes(quota.memory), format: formatMemory, of: (c: QuotaCharge) => c.memoryBytes },
    storage: { have: memoryBytes(quota.storage), format: formatMemory, of: (c: QuotaCharge) => c.storageBytes },
    pods: { have: quota.pods, format: String, of: (c: QuotaCharge) => c.pods },
  } as const;
  for (const env of spec.environments) {
    const environment = environments.find((e) => e.name === env);
    if (environment === undefined) continue;
    const charges = quotaCharges(spec, environment);
    for (const [key, limit] of Object.entries(limits)) {
      const need = charges.reduce((sum, charge) => sum + limit.of(charge), 0);
      if (need <= limit.have) continue;
      const parts = charges
        .filter((c) => limit.of(c) > 0)
        .map((c) => `${c.what}: ${limit.format(limit.of(c))}`)
        .join(", ");
      problems.push({
        path: ["resources", "quota", key],
        message:
          `environment '${env}' needs ${limit.format(need)} (${parts}) but the quota is ${limit.format(limit.have)}: ` +
          `raise resources.quota.${key} to at least ${limit.format(need)} or shrink the services`,
      });
    }
  }
  return problems;
}

/** A backing service's pods each have one container per resource figure: none may exceed the LimitRange's per-container maximum. */
export function containerLimitProblems(spec: AppSpec): Problem[] {
  const { max } = spec.resources.container;
  const problems: Problem[] = [];
  for (const service of ["postgres", "cache"] as const) {
    const resources = spec.services[service]?.resources;
    if (resources === undefined) continue;
    if (cpuMillis(resources.cpu) > cpuMillis(max.cpu))
      problems.push({
        path: ["services", service, "resources", "cpu"],
        message: `must not exceed resources.container.max.cpu (${max.cpu}): the LimitRange would reject the pods`,
      });
    if (memoryBytes(resources.memory) > memoryBytes(max.memory))
      problems.push({
        path: ["services", service, "resources", "memory"],
        message: `must not exceed resources.container.max.memory (${max.memory}): the LimitRange would reject the pods`,
      });
  }
  return problems;
}
