/** One thing a workload cluster runs, as docs/multi-cluster.md and the stack output `workloadClusters` list it. */
export interface WorkloadService {
  service: "externalSecrets" | "vaultAuth" | "kyverno" | "metrics" | "logs" | "velero";
  /** Where it runs on that cluster (or, for Vault's auth mount, on the platform's Vault). */
  where: string;
  what: string;
}

/** What a workload cluster may run, each with why apps there rely on it. */
export const WORKLOAD_SERVICES: Readonly<Record<WorkloadService["service"], Omit<WorkloadService, "service">>> = {
  externalSecrets: {
    where: "namespace external-secrets",
    what: "External Secrets (platform chart pin and values): apps' SecretStores and ExternalSecrets sync from Vault",
  },
  vaultAuth: {
    where: "Vault (platform) auth/kubernetes-<cluster>; reviewer ServiceAccount in external-secrets",
    what: "a Kubernetes auth mount for this cluster's service-account issuer: apps' roles for namespaces here",
  },
  kyverno: {
    where: "namespace kyverno",
    what: "Kyverno with the platform's guardrail policies, plus each app's image policy for its namespaces here",
  },
  metrics: {
    where: "namespace monitoring",
    what: "VictoriaMetrics operator, vmagent (series labelled cluster=<cluster>) and vmalert (apps' VMRules) through the telemetry gateway",
  },
  logs: {
    where: "namespace logging",
    what: "victoria-logs-collector shipping container logs to VictoriaLogs through the telemetry gateway",
  },
  velero: {
    where: "namespace velero",
    what: "Velero backing up the production namespaces here, to the platform's store under clusters/<cluster>",
  },
};

/** The services that run on cluster `cluster`, in a fixed order, from what the component created. */
export function workloadServices(
  cluster: string,
  created: {
    externalSecrets: boolean;
    vaultAuth: boolean;
    kyverno: boolean;
    policies: number;
    metrics: boolean;
    logs: boolean;
    velero: boolean;
  },
): WorkloadService[] {
  const order = ["externalSecrets", "vaultAuth", "kyverno", "metrics", "logs", "velero"] as const;
  return order
    .filter((service) => created[service])
    .map((service) => {
      const { where, what } = WORKLOAD_SERVICES[service];
      const named = (text: string) => text.replaceAll("<cluster>", cluster);
      return {
        service,
        where: named(where),
        what: named(service === "kyverno" ? `${what} (${created.policies} guardrail policies)` : what),
      };
    });
}
