import type { Profile } from "../../shared/profiles";
import { hostFor, type PlatformContext } from "../platform-context";
import { KEYCLOAK_FULLNAME, KEYCLOAK_RELATIVE_PATH } from "./chart";
import { identityReplicas, type IdentitySettings } from "./settings";

export const KEYCLOAK_HOST_PREFIX = "sso";
export const KEYCLOAK_TLS_SECRET = "keycloak-tls";

/** Secrets the pods read through `extraEnv` / `database.existingSecret`; their values never reach the Helm values. */
export const KEYCLOAK_SECRETS = {
  /** The automation client (`pulumi up`'s identity) and the master-realm break-glass admin, created at first start. */
  bootstrap: {
    name: "keycloak-bootstrap",
    clientId: "client-id",
    clientSecret: "client-secret",
    username: "username",
    password: "password",
  },
  database: { name: "keycloak-database", key: "password" },
} as const;

/** The master-realm service-account client `pulumi up` configures Keycloak with (docs/identity.md, automation identities). */
export const AUTOMATION_CLIENT_ID = "platform-automation";
/** The master-realm human admin: break-glass only, its password sealed in Vault. */
export const BREAK_GLASS_ADMIN = "break-glass-admin";

const envFromSecret = (name: string, secret: string, key: string) =>
  `- name: ${name}\n  valueFrom:\n    secretKeyRef:\n      name: ${secret}\n      key: ${key}\n`;

/**
 * keycloakx 7.1.11 values (charts/keycloakx/values.yaml at the tag): the official image started with
 * `kc.sh start`, the public hostname, the bootstrap identities from a Secret, and the database from
 * `database.*` with `existingSecret`. Keycloak's KC_BOOTSTRAP_ADMIN_* options apply only when the
 * master realm is first created (keycloak.org/server/bootstrap-admin-recovery).
 */
export function identityValues(context: PlatformContext & { clusterIssuer: string }, settings: IdentitySettings, profile: Profile) {
  const host = hostFor(context, KEYCLOAK_HOST_PREFIX);
  const replicas = identityReplicas(profile, settings);
  const b = KEYCLOAK_SECRETS.bootstrap;
  const env = [
    `- name: KC_HOSTNAME\n  value: https://${host}\n`,
    envFromSecret("KC_BOOTSTRAP_ADMIN_CLIENT_ID", b.name, b.clientId),
    envFromSecret("KC_BOOTSTRAP_ADMIN_CLIENT_SECRET", b.name, b.clientSecret),
    envFromSecret("KC_BOOTSTRAP_ADMIN_USERNAME", b.name, b.username),
    envFromSecret("KC_BOOTSTRAP_ADMIN_PASSWORD", b.name, b.password),
  ].join("");
  const database =
    settings.database.kind === "external"
      ? {
          vendor: "postgres",
          hostname: settings.database.host,
          port: settings.database.port,
          database: settings.database.database,
          username: settings.database.username,
          existingSecret: KEYCLOAK_SECRETS.database.name,
          existingSecretKey: KEYCLOAK_SECRETS.database.key,
        }
      : { vendor: "dev-file" };
  return {
    fullnameOverride: KEYCLOAK_FULLNAME,
    replicas,
    command: ["/opt/keycloak/bin/kc.sh", "start"],
    extraEnv: env,
    database,
    // Waits for the external PostgreSQL before Keycloak starts (templates/statefulset.yaml init container).
    dbchecker: { enabled: settings.database.kind === "external" },
    http: { relativePath: KEYCLOAK_RELATIVE_PATH },
    // TLS ends at the ingress, which sets X-Forwarded-* (proxy.mode → KC_PROXY_HEADERS; proxy.http → KC_HTTP_ENABLED).
    proxy: { enabled: true, mode: "xforwarded", http: { enabled: true } },
    metrics: { enabled: true },
    health: { enabled: true },
    podSecurityContext: { fsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
    securityContext: {
      runAsUser: 1000,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    },
    resources: {
      requests: { cpu: profile === "dev" ? "100m" : "500m", memory: profile === "dev" ? "512Mi" : "1Gi" },
      limits: { memory: profile === "dev" ? "1Gi" : "2Gi" },
    },
    ...(replicas > 1 ? { podDisruptionBudget: { maxUnavailable: 1 } } : {}),
    ingress: {
      enabled: true,
      ingressClassName: context.ingressClassName,
      annotations: { "cert-manager.io/cluster-issuer": context.clusterIssuer },
      rules: [{ host, paths: [{ path: "/", pathType: "Prefix" }] }],
      tls: [{ hosts: [host], secretName: KEYCLOAK_TLS_SECRET }],
      console: { enabled: false },
    },
  };
}
