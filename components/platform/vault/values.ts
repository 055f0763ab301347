import { highlyAvailable, hostFor, tlsAnnotations, type PlatformContext } from "../platform-context";
import { VAULT_RELEASE_NAME } from "./chart";
import { VAULT_LISTENER_TLS, VAULT_TLS_DIR, VAULT_TLS_FILES, VAULT_TLS_SECRET } from "./listener-tls";
import { tlsReloaderValues } from "./listener-tls-reload";
import { sealIdentityValues } from "./seal-identity";
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
 * The ingress controller speaks https to Vault's listener (ingress-nginx `backend-protocol`; Traefik
 * reads the scheme from the Service, `traefik.ingress.kubernetes.io/service.serversscheme`). Neither
 * verifies the backend's certificate by default; docs/services/vault.md says how to turn that on.
 */
const BACKEND_TLS_ANNOTATIONS: Record<string, string> = { "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS" };

/**
 * Helm values for the vault chart. Never contains secrets: tokens are referenced by
 * Secret name and key. Keys checked against vault-helm 0.34.1 values.yaml / values.schema.json.
 */
export function vaultValues(context: PlatformContext, settings: VaultSettings, refs: VaultValuesRefs): Record<string, unknown> {
  const host = hostFor(context, "vault");
  const tls = VAULT_LISTENER_TLS[context.profile];
  const ha = highlyAvailable(context.profile);
  // Every non-dev profile is highly available: raft with HA_REPLICAS voters.
  const dev = !ha;
  if (dev && !refs.devRootToken) throw new Error("vaultValues: dev mode needs the root token Secret reference");
  if (settings.autoUnseal?.kind === "transit" && !refs.transitToken)
    throw new Error("vaultValues: transit auto-unseal needs the token Secret reference");

  const ingress = {
    enabled: true,
    ingressClassName: context.ingressClassName,
    annotations: { ...tlsAnnotations(context), ...(tls ? BACKEND_TLS_ANNOTATIONS : {}) },
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

  const identity = sealIdentityValues(settings.autoUnseal);
  const listenerTls = tls
    ? {
        volumes: [{ name: VAULT_TLS_SECRET, secret: { secretName: VAULT_TLS_SECRET, defaultMode: 0o440 } }],
        volumeMounts: [{ name: VAULT_TLS_SECRET, mountPath: VAULT_TLS_DIR, readOnly: true }],
        // The chart sets VAULT_ADDR=https://127.0.0.1:8200 in the pod; the CLI there verifies against the internal CA.
        extraEnvironmentVars: { VAULT_CACERT: VAULT_TLS_FILES.ca },
        service: { annotations: { "traefik.ingress.kubernetes.io/service.serversscheme": "https" } },
        // Renewed certificates reach the running servers (listener-tls-reload.ts).
        ...tlsReloaderValues(),
      }
    : {};

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
    // vault-helm: global.tlsDisable switches the probes, ports and VAULT_ADDR to https (templates/_helpers.tpl vault.scheme).
    global: { enabled: true, tlsDisable: !tls },
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
      ...listenerTls,
      // The seal's cloud identity (seal-identity.ts): annotations on the server service account, labels on the pods.
      serviceAccount: { create: true, annotations: identity.serviceAccountAnnotations },
      extraLabels: identity.podLabels,
      // Lets Vault's own service account review the tokens presented to the kubernetes auth method.
      authDelegator: { enabled: true },
      extraSecretEnvironmentVars: secretEnv,
      ingress,
    },
    ui: { enabled: true, serviceType: "ClusterIP" },
  };
}
