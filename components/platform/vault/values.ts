import { highlyAvailable, hostFor, tlsAnnotations, type PlatformContext } from "../platform-context";
import { VAULT_RELEASE_NAME } from "./chart";
import { raftServerConfig, TRANSIT_TOKEN_ENV } from "./server-config";
import type { VaultSettings } from "./settings";

/** A key of a Kubernetes Secret the chart reads through `server.extraSecretEnvironmentVars`. */
export interface SecretKeyRef {
  name: string;
  key: string;
}

export interface VaultValuesRefs {
  /** dev: where the generated root token lives. */
  devRootToken?: SecretKeyRef;
  /** transit auto-unseal: where the transit token lives. */
  transitToken?: SecretKeyRef;
}

export const HA_REPLICAS = 3;
export const INGRESS_TLS_SECRET = "vault-tls";

const SERVER_LABELS = { "app.kubernetes.io/name": "vault", "app.kubernetes.io/instance": VAULT_RELEASE_NAME, component: "server" };

/**
 * Helm values for the vault chart. Never contains secrets: tokens are referenced by
 * Secret name and key. Keys checked against vault-helm 0.34.1 values.yaml / values.schema.json.
 */
export function vaultValues(context: PlatformContext, settings: VaultSettings, refs: VaultValuesRefs): Record<string, unknown> {
  const host = hostFor(context, "vault");
  const ha = highlyAvailable(context.profile);
  // Every non-dev profile is highly available: raft with HA_REPLICAS voters.
  const dev = !ha;
  if (dev && !refs.devRootToken) throw new Error("vaultValues: dev mode needs the root token Secret reference");
  if (settings.autoUnseal?.kind === "transit" && !refs.transitToken)
    throw new Error("vaultValues: transit auto-unseal needs the token Secret reference");

  const ingress = {
    enabled: true,
    ingressClassName: context.ingressClassName,
    annotations: tlsAnnotations(context),
    pathType: "Prefix",
    // HA: route to the leader only, so requests are not forwarded between pods.
    activeService: true,
    hosts: [{ host, paths: [] }],
    tls: [{ secretName: INGRESS_TLS_SECRET, hosts: [host] }],
  };

  const secretEnv = [
    ...(refs.devRootToken
      ? [{ envName: "VAULT_DEV_ROOT_TOKEN_ID", secretName: refs.devRootToken.name, secretKey: refs.devRootToken.key }]
      : []),
    ...(refs.transitToken ? [{ envName: TRANSIT_TOKEN_ENV, secretName: refs.transitToken.name, secretKey: refs.transitToken.key }] : []),
  ];

  const server = dev
    ? {
        dev: {
          enabled: true,
          // No devRootToken here: the chart renders its default as VAULT_DEV_ROOT_TOKEN_ID before
          // the extra secret env vars, and the later (secret) definition wins.
        },
        resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        // Helm's wait treats OnDelete StatefulSets (the chart default) as ready at once; RollingUpdate
        // makes the release wait for the unsealed dev pod, so the provider never races its start.
        updateStrategyType: "RollingUpdate",
      }
    : {
        ha: {
          enabled: true,
          replicas: HA_REPLICAS,
          raft: { enabled: true, setNodeId: true, config: raftServerConfig(HA_REPLICAS, settings.autoUnseal) },
          disruptionBudget: { enabled: true },
        },
        dataStorage: { enabled: true, size: settings.storage.size, storageClass: settings.storage.storageClass ?? null },
        // Raft data outlives the release and scale-downs; deleting it is a deliberate manual step.
        persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" },
        resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { memory: "1Gi" } },
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { labelSelector: { matchLabels: SERVER_LABELS }, topologyKey: "kubernetes.io/hostname" },
            ],
          },
        },
        topologySpreadConstraints: [
          {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: SERVER_LABELS },
          },
        ],
      };

  return {
    global: { enabled: true, tlsDisable: true },
    injector: settings.injector
      ? {
          enabled: true,
          replicas: ha ? 2 : 1,
          metrics: { enabled: true },
          resources: ha
            ? { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } }
            : { requests: { cpu: "25m", memory: "64Mi" }, limits: { memory: "128Mi" } },
          ...(ha ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
        }
      : { enabled: false },
    server: {
      ...server,
      // Lets Vault's own service account review the tokens presented to the kubernetes auth method.
      authDelegator: { enabled: true },
      extraSecretEnvironmentVars: secretEnv,
      ingress,
    },
    ui: { enabled: true, serviceType: "ClusterIP" },
  };
}
