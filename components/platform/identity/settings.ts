import { z } from "zod";
import { dnsLabel } from "../../shared/dns-label";
import type { Profile } from "../../shared/profiles";
import { replicasSetting, serviceSettings, type SecretField } from "../service-settings";

/** The tools that sign in through the platform realm; each gets one OIDC client. */
export const IDENTITY_CLIENTS = ["argocd", "harbor", "grafana", "vault", "gitlab", "kubernetes"] as const;
export type IdentityClient = (typeof IDENTITY_CLIENTS)[number];

const httpsUrl = z.url({
  protocol: /^https$/,
  message: "must be an absolute https URL, for example https://idp.example.com/realms/platform",
});
const hostName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a DNS host name such as keycloak-db.postgres.example.com");

function databaseSchema(secret: SecretField) {
  return z
    .discriminatedUnion("kind", [
      z
        .strictObject({
          kind: z.literal("dev-file").meta({ description: "Keycloak's embedded H2 file database: one replica, dev only." }),
        })
        .meta({ description: "Embedded database (dev)." }),
      z
        .strictObject({
          kind: z.literal("external").meta({ description: "An external PostgreSQL (HA, backed up on its own), created empty first." }),
          host: hostName.meta({ description: "PostgreSQL host." }),
          port: z.number().int().min(1).max(65535).default(5432).meta({ description: "PostgreSQL port." }),
          database: z.string().min(1).default("keycloak").meta({ description: "Database name." }),
          username: z.string().min(1).meta({ description: "Database user (owner of the database)." }),
          password: secret(
            "services.identity.database.password",
            "Database password; delivered to the pods from a Kubernetes Secret (chart `database.existingSecret`), never in values.",
          ),
        })
        .meta({ description: "External PostgreSQL." }),
    ])
    .default({ kind: "dev-file" });
}

function externalSchema(secret: SecretField) {
  const client = (tool: IdentityClient) =>
    z
      .strictObject({
        clientId: z
          .string()
          .min(1)
          .meta({ description: `Client ID registered for ${tool}.` }),
        clientSecret: secret(`services.identity.external.clients.${tool}.clientSecret`, `Client secret of the ${tool} client.`).optional(),
      })
      .optional()
      .meta({ description: `The ${tool} client at the external issuer.` });
  return z
    .strictObject({
      issuer: httpsUrl.meta({ description: "Issuer URL of the external OIDC provider (its MFA and session rules are its own)." }),
      clients: z
        .strictObject(
          Object.fromEntries(IDENTITY_CLIENTS.map((tool) => [tool, client(tool)])) as Record<IdentityClient, ReturnType<typeof client>>,
        )
        .prefault({})
        .meta({ description: "Clients registered at the external issuer, per tool; a tool without one keeps its local login." }),
      mfaEnforced: z.boolean().default(false).meta({
        description:
          "The operator's statement that the external issuer requires MFA for every human; the evidence report rates MFA 'partial' (not verifiable from this configuration) either way.",
      }),
    })
    .meta({ description: "provider: external: the issuer and its clients." });
}

/** `services.identity` in the stack config. */
export const identitySettings = (secret: SecretField) =>
  serviceSettings("Single sign-on for Argo CD, Harbor, Grafana, Vault, GitLab and the Kubernetes API (docs/identity.md).", {
    provider: z.enum(["keycloak", "external"]).default("keycloak").meta({
      description: "keycloak: install Keycloak and configure the platform realm; external: trust an existing OIDC issuer (`external`).",
    }),
    realm: dnsLabel(36)
      .default("platform")
      .meta({ description: "Name of the platform realm: one realm serves every environment of this platform." }),
    replicas: replicasSetting("Keycloak pods; defaults to 1 in dev and 2 in staging/prod (needs the external database)."),
    database: databaseSchema(secret).meta({
      description: "Keycloak's database: `dev-file` (dev only) or an external PostgreSQL (required in staging and prod).",
    }),
    mfa: z.enum(["required", "optional"]).optional().meta({
      description:
        "MFA for every human in the realm: required (default in staging/prod, and the only value allowed there) or optional (dev default).",
    }),
    mfaMethod: z
      .enum(["otp", "webauthn"])
      .default("otp")
      .meta({ description: "Second factor: otp (TOTP apps) or webauthn (security keys, platform authenticators)." }),
    sessions: z
      .strictObject({
        idleMinutes: z.number().int().min(5).max(240).default(30).meta({ description: "SSO session idle timeout, minutes." }),
        maxHours: z
          .number()
          .int()
          .min(1)
          .max(24)
          .default(10)
          .meta({ description: "SSO session maximum lifespan, hours (re-login each working day)." }),
        accessTokenMinutes: z.number().int().min(1).max(60).default(5).meta({ description: "Access token lifespan, minutes." }),
      })
      .prefault({})
      .meta({ description: "Session limits of the realm." }),
    bruteForce: z
      .strictObject({
        maxLoginFailures: z.number().int().min(3).max(20).default(5).meta({ description: "Failed logins before a temporary lockout." }),
        lockoutMinutes: z.number().int().min(1).max(1440).default(15).meta({ description: "Longest temporary lockout, minutes." }),
      })
      .prefault({})
      .meta({ description: "Brute-force detection (always on)." }),
    adminGroups: z.array(z.string().min(1)).default(["platform-admins"]).meta({
      description: "Realm groups of platform operators: Argo CD role:admin, Harbor admins, Grafana Admin, Vault platform-operator.",
    }),
    developerProdSecrets: z.boolean().default(false).meta({
      description: "Let team developers read their apps' production secrets in Vault (default false: only non-production ones).",
    }),
    external: externalSchema(secret).optional(),
  });

export type IdentitySettings = z.output<ReturnType<typeof identitySettings>>;

/** MFA for the profile: required everywhere but dev, unless dev asks for it. */
export const mfaRequired = (profile: Profile, settings: Pick<IdentitySettings, "mfa">): boolean =>
  profile !== "dev" || settings.mfa === "required";

/** Keycloak pods for the profile. */
export const identityReplicas = (profile: Profile, settings: Pick<IdentitySettings, "replicas">): number =>
  settings.replicas ?? (profile === "dev" ? 1 : 2);

/** Profile rules of `services.identity` (paths relative to it). */
export function identityProfileProblems(profile: Profile, settings: IdentitySettings): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  if (settings.provider === "external") {
    if (settings.external === undefined)
      problems.push({ path: ["external"], message: "required with provider 'external': set external.issuer and the tools' clients" });
    return problems;
  }
  if (settings.external !== undefined)
    problems.push({ path: ["external"], message: "only applies to provider 'external': remove it or set provider: external" });
  if (profile !== "dev" && settings.mfa === "optional")
    problems.push({ path: ["mfa"], message: `must be 'required' in ${profile}: every human signs in with a second factor outside dev` });
  const replicas = identityReplicas(profile, settings);
  if (settings.database.kind === "dev-file" && (profile !== "dev" || replicas > 1))
    problems.push({
      path: ["database", "kind"],
      message:
        profile !== "dev"
          ? `must be 'external' in ${profile}: Keycloak runs ${replicas} replicas on a shared PostgreSQL (set host, username and a secret password)`
          : "the embedded dev-file database serves one replica: set replicas 1 or an external database",
    });
  if (profile === "prod" && replicas < 2)
    problems.push({ path: ["replicas"], message: "must be at least 2 in prod: sign-in to every tool depends on Keycloak" });
  return problems;
}
