import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { PLATFORM_SERVICES_PATH, renderPolicy } from "./policies";

/** Mount path of the OIDC auth method humans sign in with (`vault login -method=oidc role=<role>`). */
export const OIDC_AUTH_PATH = "oidc";

/** Where the platform seals its break-glass credentials (docs/runbooks/break-glass.md); no ESO or CI policy reaches it. */
export const BREAK_GLASS_PATH = "platform/break-glass";

/** OIDC client credentials the platform generates for systems it does not configure itself (GitLab's omniauth). */
export const IDENTITY_CLIENTS_PATH = "platform/identity";

export interface VaultOidcArgs {
  issuer: string;
  clientId: string;
  clientSecret: pulumi.Output<string>;
  /** Claim holding the user's groups. */
  groupsClaim: string;
  /** `https://vault.<domain>`: the UI callback. */
  address: string;
  kvMountPath: string;
  /** Groups of platform operators: role `platform-admins` (the platform-operator policy). */
  adminGroups: readonly string[];
}

/** A Vault OIDC role for one group: it issues tokens with `policies` only to members of `group`. */
export function groupRole(
  name: string,
  args: {
    backend: pulumi.Input<string>;
    roleName: string;
    group: string;
    groupsClaim: string;
    address: string;
    policies: pulumi.Input<string>[];
  },
  opts: pulumi.CustomResourceOptions,
): vault.jwt.AuthBackendRole {
  return new vault.jwt.AuthBackendRole(
    name,
    {
      backend: args.backend,
      roleName: args.roleName,
      roleType: "oidc",
      userClaim: "preferred_username",
      groupsClaim: args.groupsClaim,
      // The ID token must name the group: a signed-in user of another team gets no token from this role.
      boundClaims: { [args.groupsClaim]: args.group },
      oidcScopes: ["profile", "email"],
      allowedRedirectUris: [`${args.address}/ui/vault/auth/${OIDC_AUTH_PATH}/oidc/callback`, "http://localhost:8250/oidc/callback"],
      tokenPolicies: args.policies,
      // A working day at most; a leaver's token dies with it (no renewal past tokenMaxTtl).
      tokenTtl: 3600,
      tokenMaxTtl: 8 * 3600,
      tokenType: "service",
      tokenNoDefaultPolicy: false,
    },
    opts,
  );
}

/**
 * What operators get through SSO: the platform services' secrets and the generated client
 * credentials of systems configured by hand (GitLab), read-only. Administering Vault
 * (platform-admin) is never handed out by a role (vault-policy guardrails): it stays with the
 * automation token and the recovery procedure.
 */
export const platformOperatorPolicy = (kvMountPath: string): string =>
  renderPolicy([
    { path: `${kvMountPath}/data/${PLATFORM_SERVICES_PATH}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${PLATFORM_SERVICES_PATH}/*`, capabilities: ["read", "list"] },
    { path: `${kvMountPath}/data/${IDENTITY_CLIENTS_PATH}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${IDENTITY_CLIENTS_PATH}/*`, capabilities: ["read", "list"] },
  ]);

/** Operators read the break-glass folder (through SSO while it works; otherwise via recovery, see the runbook). */
export const breakGlassReadPolicy = (kvMountPath: string): string =>
  renderPolicy([
    { path: `${kvMountPath}/data/${BREAK_GLASS_PATH}/*`, capabilities: ["read"] },
    { path: `${kvMountPath}/metadata/${BREAK_GLASS_PATH}/*`, capabilities: ["read", "list"] },
  ]);

/**
 * Vault's OIDC auth method against the platform realm, with one role per group: operators get the
 * platform-operator policy and the break-glass reader; teams get their own roles from onboarding
 * (components/onboarding/identity/team-access.ts). No default role: a login names its role.
 */
export class VaultOidcAuth extends pulumi.ComponentResource {
  public readonly path: pulumi.Output<string>;
  public readonly address: string;
  public readonly groupsClaim: string;

  constructor(name: string, args: VaultOidcArgs, opts: pulumi.ComponentResourceOptions & { provider: vault.Provider }) {
    super("delivery-platform:platform:VaultOidcAuth", name, {}, opts);
    const v = { parent: this, provider: opts.provider };
    const backend = new vault.jwt.AuthBackend(
      `${name}-backend`,
      {
        path: OIDC_AUTH_PATH,
        type: "oidc",
        description: "Humans, through the platform realm",
        oidcDiscoveryUrl: args.issuer,
        boundIssuer: args.issuer,
        oidcClientId: args.clientId,
        oidcClientSecret: args.clientSecret,
        tune: { listingVisibility: "unauth", defaultLeaseTtl: "1h", maxLeaseTtl: "8h", tokenType: "default-service" },
      },
      v,
    );
    this.path = backend.path.apply((path) => path ?? OIDC_AUTH_PATH);
    this.address = args.address;
    this.groupsClaim = args.groupsClaim;
    const operator = new vault.Policy(
      `${name}-policy-platform-operator`,
      { name: "platform-operator", policy: platformOperatorPolicy(args.kvMountPath) },
      v,
    );
    const breakGlass = new vault.Policy(
      `${name}-policy-break-glass-reader`,
      { name: "break-glass-reader", policy: breakGlassReadPolicy(args.kvMountPath) },
      v,
    );
    for (const group of args.adminGroups)
      groupRole(
        `${name}-role-${group}`,
        {
          backend: this.path,
          roleName: group,
          group,
          groupsClaim: args.groupsClaim,
          address: args.address,
          policies: [operator.name, breakGlass.name],
        },
        v,
      );
    this.registerOutputs({ path: this.path });
  }
}
