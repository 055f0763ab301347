import { embeddedYaml } from "./embedded-yaml";
import { highlyAvailable, hostFor, tlsAnnotations, type PlatformContext } from "../platform-context";
import { NOTIFICATIONS_SECRET, notificationValues } from "./notifications";
import type { ArgoCdSettings } from "./settings";

/** Names of objects the values point at instead of carrying secrets. */
export interface ArgoCdValueRefs {
  /** `$<secret>:<key>` reference to the OIDC client secret (Argo CD resolves it from a Secret labelled part-of: argocd). */
  oidcClientSecretRef?: string;
  /** VictoriaLogs ingestion base URLs (one per replica) the release ledger's sync events go to (sync-events.ts). */
  syncEventUrls?: readonly string[];
}

type Resources = { requests: { cpu: string; memory: string }; limits: { memory: string } };

const resources = (cpu: string, memory: string, memoryLimit: string): Resources => ({
  requests: { cpu, memory },
  limits: { memory: memoryLimit },
});

// Starting points, tunable through `services.argocd.values`; no CPU limits to avoid throttling the controller.
const SIZES = {
  light: {
    controller: resources("100m", "256Mi", "512Mi"),
    server: resources("50m", "64Mi", "256Mi"),
    repoServer: resources("50m", "128Mi", "512Mi"),
    applicationSet: resources("25m", "64Mi", "128Mi"),
    notifications: resources("25m", "64Mi", "128Mi"),
    redis: resources("25m", "32Mi", "128Mi"),
  },
  ha: {
    controller: resources("500m", "1Gi", "2Gi"),
    server: resources("100m", "256Mi", "512Mi"),
    repoServer: resources("250m", "512Mi", "1Gi"),
    applicationSet: resources("100m", "128Mi", "256Mi"),
    notifications: resources("50m", "128Mi", "256Mi"),
  },
} as const;

/** Whether the local `admin` user stays enabled: only prod with SSO drops it (elsewhere it is the way in). */
export const localAdminEnabled = (context: PlatformContext, settings: ArgoCdSettings): boolean =>
  !(context.profile === "prod" && settings.oidc !== undefined);

function oidcConfig(settings: ArgoCdSettings, refs: ArgoCdValueRefs): string | undefined {
  const oidc = settings.oidc;
  if (!oidc) return undefined;
  if (!refs.oidcClientSecretRef) throw new Error("OIDC is configured but no client secret reference was given");
  return embeddedYaml({
    name: oidc.name,
    issuer: oidc.issuer,
    clientID: oidc.clientId,
    clientSecret: refs.oidcClientSecretRef,
    requestedScopes: oidc.requestedScopes,
    requestedIDTokenClaims: { [oidc.groupsClaim]: { essential: true } },
  });
}

function rbac(settings: ArgoCdSettings): Record<string, string> {
  return {
    "policy.default": settings.readOnlyDefault ? "role:readonly" : "",
    "policy.csv": settings.adminGroups.map((group) => `g, ${group}, role:admin\n`).join(""),
    scopes: `[${settings.oidc?.groupsClaim ?? "groups"}]`,
  };
}

/** A component scaled for the profile: HA gets 2 replicas and a PDB so drains keep one pod serving. */
const scaled = (ha: boolean, size: Resources) => ({
  replicas: ha ? 2 : 1,
  resources: size,
  pdb: { enabled: ha, minAvailable: 1 },
  metrics: { enabled: true },
});

/** Helm values for the argo-cd chart: pure, no secrets (only references to Secrets). */
export function argocdValues(context: PlatformContext, settings: ArgoCdSettings, refs: ArgoCdValueRefs = {}): Record<string, unknown> {
  const ha = highlyAvailable(context.profile);
  const size = ha ? SIZES.ha : SIZES.light;
  const host = hostFor(context, "argocd");
  const oidc = oidcConfig(settings, refs);

  return {
    global: {
      domain: host,
      // Hard anti-affinity spreads the 2 replicas over nodes; dev clusters may have a single node.
      affinity: { podAntiAffinity: ha ? "hard" : "soft" },
    },
    configs: {
      // TLS ends at the ingress; argocd-server speaks plain HTTP behind it.
      params: { "server.insecure": true },
      cm: {
        "admin.enabled": localAdminEnabled(context, settings),
        ...(oidc ? { "oidc.config": oidc } : {}),
      },
      rbac: rbac(settings),
    },
    // SSO goes straight to the OIDC provider; Dex would be an extra hop with nothing configured.
    dex: { enabled: false },
    // HA swaps the single Redis for the redis-ha subchart (3 Redis + HAProxy pods, one per node).
    ...(ha
      ? {
          "redis-ha": {
            enabled: true,
            podDisruptionBudget: { maxUnavailable: 1 },
            haproxy: { podDisruptionBudget: { maxUnavailable: 1 } },
          },
        }
      : { "redis-ha": { enabled: false }, redis: { resources: SIZES.light.redis } }),
    // More than one controller replica means cluster sharding; one replica is the chart's HA recommendation.
    controller: { replicas: 1, resources: size.controller, metrics: { enabled: true } },
    server: {
      ...scaled(ha, size.server),
      ingress: {
        enabled: true,
        ingressClassName: context.ingressClassName,
        hostname: host,
        annotations: tlsAnnotations(context),
        // The chart names the TLS secret argocd-server-tls; cert-manager's ingress-shim fills it.
        tls: true,
      },
    },
    repoServer: scaled(ha, size.repoServer),
    applicationSet: scaled(ha, size.applicationSet),
    notifications: {
      enabled: true,
      resources: size.notifications,
      metrics: { enabled: true },
      // The component creates this Secret from stack secrets; the chart must not overwrite it.
      secret: { create: false, name: NOTIFICATIONS_SECRET },
      ...notificationValues(settings.notifications, refs.syncEventUrls),
    },
  };
}
