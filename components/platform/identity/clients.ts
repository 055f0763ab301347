import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { GRAFANA_HOST_PREFIX } from "../victoria-metrics/values";
import { hostFor, type PlatformContext } from "../platform-context";
import type { IdentityClient } from "./settings";

/** What a tool needs to trust the realm: its client ID and, for confidential clients, the generated secret. */
export interface OidcClientCredentials {
  clientId: string;
  /** Generated (random), a Pulumi secret; undefined for public clients (the Kubernetes CLI login). */
  clientSecret?: pulumi.Output<string>;
}

/** The OIDC `groups` claim every client receives: group names without their path (`payments-developers`). */
export const GROUPS_CLAIM = "groups";

interface ClientShape {
  /** Public clients (a CLI on a laptop) cannot keep a secret: PKCE instead. */
  public: boolean;
  /** Require PKCE (S256): only for clients known to send it (Grafana `use_pkce`, kubelogin). */
  pkce: boolean;
  redirectUris: string[];
  rootUrl?: string;
}

/**
 * Redirect URIs per tool, as each documents its callback: Argo CD `/auth/callback` (+ the CLI's
 * localhost:8085), Harbor `/c/oidc/callback` (goharbor/harbor src/common/const.go), Grafana
 * `/login/generic_oauth`, Vault's UI `/ui/vault/auth/<path>/oidc/callback` and CLI
 * `http://localhost:8250/oidc/callback` (hashicorp/vault website/content/docs/auth/jwt/index.mdx),
 * GitLab `/users/auth/openid_connect/callback` (omniauth openid_connect), kubelogin's
 * `http://localhost:8000` and `:18000` (int128/kubelogin defaults).
 */
export function clientShapes(
  context: Pick<PlatformContext, "domain">,
  gitlabUrl: string,
  vaultOidcPath: string,
): Record<IdentityClient, ClientShape> {
  const https = (label: string) => `https://${hostFor(context, label)}`;
  const gitlab = gitlabUrl.replace(/\/+$/, "");
  return {
    argocd: {
      public: false,
      pkce: false,
      rootUrl: https("argocd"),
      redirectUris: [`${https("argocd")}/auth/callback`, "http://localhost:8085/auth/callback"],
    },
    harbor: { public: false, pkce: false, rootUrl: https("harbor"), redirectUris: [`${https("harbor")}/c/oidc/callback`] },
    grafana: {
      public: false,
      pkce: true,
      rootUrl: https(GRAFANA_HOST_PREFIX),
      redirectUris: [`${https(GRAFANA_HOST_PREFIX)}/login/generic_oauth`],
    },
    vault: {
      public: false,
      pkce: false,
      rootUrl: https("vault"),
      redirectUris: [`${https("vault")}/ui/vault/auth/${vaultOidcPath}/oidc/callback`, "http://localhost:8250/oidc/callback"],
    },
    gitlab: { public: false, pkce: false, rootUrl: gitlab, redirectUris: [`${gitlab}/users/auth/openid_connect/callback`] },
    kubernetes: { public: true, pkce: true, redirectUris: ["http://localhost:8000", "http://localhost:18000"] },
  };
}

/**
 * One OIDC client per tool in the platform realm. Only the authorization-code flow is on: no
 * direct (password) grants, which would skip the MFA browser flow, no implicit flow. Confidential
 * clients get a generated secret; every client gets the `groups` claim.
 */
export function realmClients(
  name: string,
  args: { realmId: pulumi.Input<string>; shapes: Record<IdentityClient, ClientShape> },
  opts: { parent: pulumi.Resource; provider: keycloak.Provider },
): Record<IdentityClient, OidcClientCredentials> {
  const kc = { parent: opts.parent, provider: opts.provider };
  const result = {} as Record<IdentityClient, OidcClientCredentials>;
  for (const [tool, shape] of Object.entries(args.shapes) as [IdentityClient, ClientShape][]) {
    const secret = shape.public
      ? undefined
      : new random.RandomPassword(`${name}-${tool}-client-secret`, { length: 48, special: false }, { parent: opts.parent });
    const client = new keycloak.openid.Client(
      `${name}-${tool}`,
      {
        realmId: args.realmId,
        clientId: tool,
        name: tool,
        enabled: true,
        accessType: shape.public ? "PUBLIC" : "CONFIDENTIAL",
        standardFlowEnabled: true,
        implicitFlowEnabled: false,
        directAccessGrantsEnabled: false,
        serviceAccountsEnabled: false,
        ...(shape.pkce ? { pkceCodeChallengeMethod: "S256" } : {}),
        validRedirectUris: shape.redirectUris,
        validPostLogoutRedirectUris: shape.rootUrl ? [`${shape.rootUrl}/*`] : [],
        ...(shape.rootUrl ? { rootUrl: shape.rootUrl, webOrigins: [shape.rootUrl] } : {}),
        ...(secret ? { clientSecret: secret.result } : {}),
      },
      kc,
    );
    new keycloak.openid.GroupMembershipProtocolMapper(
      `${name}-${tool}-groups`,
      {
        realmId: args.realmId,
        clientId: client.id,
        name: "groups",
        claimName: GROUPS_CLAIM,
        fullPath: false,
        addToIdToken: true,
        addToAccessToken: true,
        addToUserinfo: true,
      },
      kc,
    );
    result[tool] = { clientId: tool, ...(secret ? { clientSecret: pulumi.secret(secret.result) } : {}) };
  }
  return result;
}
