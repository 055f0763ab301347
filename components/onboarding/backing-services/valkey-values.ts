import type { AppNames } from "../app-names";
import type { CacheSpec } from "./spec";
import { cacheReplicas, cacheStorage, VALKEY_INIT_RESOURCES } from "./sizing";

/** The Valkey image, split as the chart takes it (image.registry / image.repository / image.tag). */
export interface ValkeyImage {
  registry: string;
  repository: string;
  /** A tag, or `tag@sha256:…`. */
  tag: string;
}

const resources = (r: { cpu: string; memory: string }) => ({
  requests: { cpu: r.cpu, memory: r.memory },
  limits: { cpu: r.cpu, memory: r.memory },
});

/**
 * Values of the valkey-io `valkey` chart 0.11.0 (valkey/values.yaml at valkey-0.11.0) for one
 * environment. ACL auth on with the `default` user's password from a Secret the platform
 * generates (never in values); TLS only (the chart's init script sets `port 0` and `tls-port`
 * when `tls.enabled`, and `tls-replication yes` for replicas), with the certificate cert-manager
 * issues into `tlsSecret` (its keys are tls.crt / tls.key / ca.crt); a ClusterIP Service and no
 * chart NetworkPolicy (tenancy's policies apply). Probes, resources and labels follow the
 * workload guardrails, as the chart's pods are admitted like the app's.
 */
export function valkeyValues(cache: CacheSpec, names: AppNames, image: ValkeyImage, production: boolean): Record<string, unknown> {
  const valkey = names.backingServices.cache;
  const replicas = cacheReplicas(cache, production);
  const storage = cacheStorage(cache, production);
  return {
    // The chart's selector label app.kubernetes.io/name is the name: not the app's, so the app's Service never selects Valkey.
    nameOverride: valkey.release,
    fullnameOverride: valkey.release,
    image: { registry: image.registry, repository: image.repository, tag: image.tag },
    serviceAccount: { create: true, automount: false },
    service: { type: "ClusterIP" },
    auth: {
      enabled: true,
      usersExistingSecret: valkey.usersSecret,
      // The chart reads the password of each user from the key named after it.
      aclUsers: { default: { permissions: "~* &* +@all" } },
    },
    tls: {
      enabled: true,
      existingSecret: valkey.tlsSecret,
      serverPublicKey: "tls.crt",
      serverKey: "tls.key",
      caPublicKey: "ca.crt",
      requireClientCertificate: false,
    },
    resources: resources(cache.resources),
    initResources: resources(VALKEY_INIT_RESOURCES),
    readinessProbe: { enabled: true },
    livenessProbe: { enabled: true },
    ...(replicas > 0
      ? {
          replica: {
            enabled: true,
            replicas,
            replicationUser: "default",
            persistence: { size: storage },
          },
          podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: "kubernetes.io/hostname",
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: { "app.kubernetes.io/name": valkey.release } },
            },
          ],
        }
      : storage
        ? { dataStorage: { enabled: true, requestedSize: storage } }
        : {}),
    metrics: { enabled: false },
  };
}
