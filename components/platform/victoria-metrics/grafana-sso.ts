import type * as pulumi from "@pulumi/pulumi";

/** Grafana's side of single sign-on (generic OAuth against the platform realm). */
export interface GrafanaSso {
  issuer: string;
  clientId: string;
  clientSecret: pulumi.Output<string>;
  /** Claim with the user's groups. */
  groupsClaim: string;
  /** Members become Grafana Admins; everyone else signs in as Viewer (team folders add their rights). */
  adminGroups: readonly string[];
  /** Whether the local login form stays on (off in prod: the admin is break-glass only). */
  localLogin: boolean;
}

/** Secret whose GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET Grafana reads from its environment (chart `envFromSecrets`). */
export const GRAFANA_OAUTH_SECRET = "grafana-oauth";
export const GRAFANA_OAUTH_SECRET_KEY = "GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET";

/** JMESPath over the userinfo claims: operators are Admin, every other signed-in user Viewer. */
export const grafanaRolePath = (groupsClaim: string, adminGroups: readonly string[]): string =>
  [...adminGroups.map((group) => `contains(${groupsClaim}[*], '${group}') && 'Admin'`), "'Viewer'"].join(" || ");

/**
 * Grafana values for generic OAuth (grafana docs setup-grafana/configure-access/configure-authentication/
 * {keycloak,generic-oauth}). The client secret is never in grafana.ini: Grafana reads
 * GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET from the Secret (and the chart's assertNoLeakedSecrets would refuse
 * a literal `client_secret`). Without local login the login form is off and sign-in goes straight to SSO.
 */
export function grafanaSsoValues(sso: GrafanaSso): Record<string, unknown> {
  const base = `${sso.issuer}/protocol/openid-connect`;
  return {
    envFromSecrets: [{ name: GRAFANA_OAUTH_SECRET }],
    "grafana.ini": {
      "auth.generic_oauth": {
        enabled: true,
        name: "SSO",
        client_id: sso.clientId,
        scopes: "openid email profile",
        auth_url: `${base}/auth`,
        token_url: `${base}/token`,
        api_url: `${base}/userinfo`,
        login_attribute_path: "preferred_username",
        email_attribute_path: "email",
        name_attribute_path: "name",
        groups_attribute_path: sso.groupsClaim,
        role_attribute_path: grafanaRolePath(sso.groupsClaim, sso.adminGroups),
        role_attribute_strict: true,
        allow_assign_grafana_admin: true,
        allow_sign_up: true,
        auto_login: !sso.localLogin,
        use_pkce: true,
        use_refresh_token: true,
        signout_redirect_url: `${base}/logout`,
      },
      auth: { disable_login_form: !sso.localLogin, oauth_allow_insecure_email_lookup: false },
      // Basic auth stays on for the API only: `pulumi up` manages team folders through it
      // (Grafana OSS cannot mint a service-account token before someone has signed in).
      "auth.basic": { enabled: true },
    },
  };
}
