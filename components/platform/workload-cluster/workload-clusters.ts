import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import { clusterProvider } from "../../kubernetes/cluster-provider";
import { ConfigError } from "../../validation/issues";
import type { ArgoCdCluster } from "../argocd/settings";
import type { Platform } from "../platform";
import type { ServicesSettings } from "../services-settings";
import { TelemetryGateway } from "../victoria-metrics/telemetry-gateway";
import { WorkloadCluster } from "./workload-cluster";
import type { WorkloadService } from "./workload-services";

export interface WorkloadClustersArgs {
  platform: Platform;
  /** `services.argocd.clusters`: those with a `connection` are the clusters Pulumi manages. */
  clusters: readonly ArgoCdCluster[];
  services: ServicesSettings;
  /** The guardrail policies of the platform's Kyverno, installed on every cluster. */
  admissionPolicies?: pulumi.Input<Record<string, unknown>>[];
}

export interface WorkloadClusters {
  /** One Kubernetes provider per managed cluster, by name: onboarding creates the apps' objects there with it. */
  providers: Record<string, k8s.Provider>;
  clusters: Record<string, WorkloadCluster>;
  gateway?: TelemetryGateway;
  /** OnboardingContext.clusters. */
  onboarding: Record<string, NonNullable<WorkloadCluster["onboarding"]>>;
  /** Stack output: what each cluster runs. */
  summary: Record<string, WorkloadService[]>;
}

/**
 * The clusters other than the platform's that Pulumi manages (`services.argocd.clusters[]` with a
 * `connection`): a provider each, the platform's telemetry gateway with a user each, and a
 * WorkloadCluster each. The stack config rules (cluster-problems.ts) have already refused a
 * cluster without `caData`; the check here keeps that a configuration error if they are bypassed.
 */
export function workloadClusters(
  { platform, clusters, services, admissionPolicies }: WorkloadClustersArgs,
  providers: { platformCluster: k8s.Provider; random: random.Provider },
): WorkloadClusters {
  const managed = clusters.flatMap((cluster, index) => (cluster.connection === undefined ? [] : [{ cluster, index }]));
  const result: WorkloadClusters = { providers: {}, clusters: {}, onboarding: {}, summary: {} };
  if (managed.length === 0) return result;
  const missingCa = managed.filter(({ cluster }) => cluster.caData === undefined);
  if (missingCa.length > 0)
    throw new ConfigError(
      missingCa.map(
        ({ cluster, index }) => `services.argocd.clusters[${index}].caData: required with 'connection' (cluster '${cluster.name}')`,
      ),
    );

  const { victoriaMetrics, victoriaLogs, vault } = platform;
  if (victoriaMetrics)
    result.gateway = new TelemetryGateway(
      "telemetry-gateway",
      {
        context: platform.context,
        clusters: managed.map(({ cluster }) => cluster.name),
        metrics: {
          namespace: victoriaMetrics.namespace,
          writeUrl: victoriaMetrics.metricsWriteUrl,
          readUrl: victoriaMetrics.metricsReadUrl,
          alertmanagerUrl: victoriaMetrics.alertmanager.url,
          crdRelease: victoriaMetrics.releases.stack,
        },
        logsUrl: victoriaLogs?.url,
      },
      { providers: { kubernetes: providers.platformCluster, random: providers.random } },
    );

  for (const { cluster } of managed) {
    const connection = cluster.connection!;
    const provider = clusterProvider(`cluster-${cluster.name}`, {
      // The registration's name: a new server URL or credential must not replace the cluster's objects.
      clusterIdentifier: cluster.name,
      context: connection.context,
      kubeconfig: connection.kubeconfig,
    });
    const workload = new WorkloadCluster(
      `cluster-${cluster.name}`,
      {
        context: platform.context,
        cluster: { name: cluster.name, server: cluster.server, caData: cluster.caData! },
        services,
        admissionPolicies,
        vault: vault?.provider && { provider: vault.provider, address: vault.address },
        telemetry: result.gateway?.credentials[cluster.name],
      },
      { providers: { kubernetes: provider, random: providers.random } },
    );
    result.providers[cluster.name] = provider;
    result.clusters[cluster.name] = workload;
    if (workload.onboarding) result.onboarding[cluster.name] = workload.onboarding;
    result.summary[cluster.name] = workload.services;
  }
  return result;
}
