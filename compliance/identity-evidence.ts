/**
 * Evidence on sign-in, MFA and leavers, read from the planned identity configuration: the Keycloak
 * realm and its flows (@pulumi/keycloak resources), each tool's SSO settings, and how long a
 * credential outlives its owner's removal from the identity provider (docs/identity.md).
 */
import type { PlanDocument, PlanResource } from "../plan/plan-document";
import { resourceEvidence, type EvidenceItem, type MissingItem } from "./evidence-model";
import { display, ofType, releasesOf, valueAt } from "./plan-queries";
import { selector } from "./selectors";

const KEYCLOAK = {
  realm: "keycloak:index/realm:Realm",
  flow: "keycloak:authentication/flow:Flow",
  subflow: "keycloak:authentication/subflow:Subflow",
  execution: "keycloak:authentication/execution:Execution",
  bindings: "keycloak:authentication/bindings:Bindings",
  requiredAction: "keycloak:index/requiredAction:RequiredAction",
  client: "keycloak:openid/client:Client",
} as const;
const VAULT_JWT_BACKEND = "vault:jwt/authBackend:AuthBackend";
const VAULT_JWT_ROLE = "vault:jwt/authBackendRole:AuthBackendRole";

/** Second-factor authenticators (Keycloak OTPFormAuthenticatorFactory, WebAuthnAuthenticatorFactory) and their setup actions. */
const SECOND_FACTORS: Readonly<Record<string, string>> = {
  "auth-otp-form": "CONFIGURE_TOTP",
  "webauthn-authenticator": "webauthn-register",
};

const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Whether the realm's browser flow requires a second factor of every user: the bound flow (or a
 * subflow of it, REQUIRED or ALTERNATIVE beside the cookie) runs password and second factor, both
 * REQUIRED, and the factor's setup action is a default action (new users enrol at first login).
 */
function mfaFlow(plan: PlanDocument, realm: PlanResource): { evidence: EvidenceItem[]; missing: MissingItem[] } {
  const binding = ofType(plan, KEYCLOAK.bindings).find(
    (b) => b.dependencies.includes(realm.urn) && str(b.inputs.browserFlow) !== undefined,
  );
  const bound = str(binding?.inputs.browserFlow);
  if (binding === undefined || bound === undefined)
    return {
      evidence: [],
      missing: [
        {
          what: `realm ${str(realm.inputs.realm) ?? realm.name}: the built-in browser flow (OTP only for users who set it up): MFA optional`,
        },
      ],
    };
  const flows = new Set([
    bound,
    ...ofType(plan, KEYCLOAK.subflow)
      .filter((s) => s.inputs.parentFlowAlias === bound)
      .map((s) => str(s.inputs.alias)),
  ]);
  const executions = ofType(plan, KEYCLOAK.execution).filter((e) => flows.has(str(e.inputs.parentFlowAlias)));
  const factor = executions.find(
    (e) => SECOND_FACTORS[str(e.inputs.authenticator) ?? ""] !== undefined && e.inputs.requirement === "REQUIRED",
  );
  const password = executions.find((e) => e.inputs.authenticator === "auth-username-password-form" && e.inputs.requirement === "REQUIRED");
  const missing: MissingItem[] = [];
  if (factor === undefined || password === undefined)
    missing.push({ what: `browser flow ${bound}: no REQUIRED password and second factor (auth-otp-form or webauthn-authenticator)` });
  const action = factor && SECOND_FACTORS[str(factor.inputs.authenticator)!];
  const setup = ofType(plan, KEYCLOAK.requiredAction).find((a) => a.inputs.alias === action);
  if (factor && (setup === undefined || setup.inputs.defaultAction !== true || setup.inputs.enabled !== true))
    missing.push({ what: `required action ${action ?? "?"}: not a default action, so new users are not made to enrol` });
  return {
    evidence: [
      resourceEvidence(binding, { browserFlow: bound }),
      ...(factor ? [resourceEvidence(factor, { authenticator: str(factor.inputs.authenticator) ?? "", requirement: "REQUIRED" })] : []),
      ...(setup
        ? [resourceEvidence(setup, { alias: str(setup.inputs.alias) ?? "", defaultAction: display(setup.inputs.defaultAction) })]
        : []),
    ],
    missing,
  };
}

/** MFA for every human, from the realm configuration; an external issuer's MFA cannot be read from the plan. */
export const mfaEvidence = () =>
  selector("a platform realm whose browser flow requires a second factor, brute-force detection and no password grants", ({ plan }) => {
    const realms = ofType(plan, KEYCLOAK.realm);
    if (realms.length === 0)
      return {
        evidence: [],
        missing: [
          {
            what: "no Keycloak realm in the plan: MFA is the external issuer's (or nobody's) and cannot be verified from this configuration",
          },
        ],
      };
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    for (const realm of realms) {
      const brute = valueAt(realm.inputs, "securityDefenses.bruteForceDetection") as Record<string, unknown> | undefined;
      evidence.push(
        resourceEvidence(realm, {
          maxLoginFailures: display(brute?.maxLoginFailures),
          ssoSessionIdleTimeout: display(realm.inputs.ssoSessionIdleTimeout),
          ssoSessionMaxLifespan: display(realm.inputs.ssoSessionMaxLifespan),
        }),
      );
      if (brute === undefined) missing.push({ what: `realm ${realm.name}: no brute-force detection` });
      if (realm.inputs.ssoSessionMaxLifespan === undefined) missing.push({ what: `realm ${realm.name}: no SSO session maximum lifespan` });
      const flow = mfaFlow(plan, realm);
      evidence.push(...flow.evidence);
      missing.push(...flow.missing);
    }
    // A password (direct access) grant never runs the browser flow: it would skip the second factor.
    for (const client of ofType(plan, KEYCLOAK.client))
      if (client.inputs.directAccessGrantsEnabled !== false)
        missing.push({
          what: `client ${str(client.inputs.clientId) ?? client.name}: direct access (password) grants are not off, which skips MFA`,
        });
    return { evidence, missing };
  });

/** Each tool signs people in through the identity provider; in prod the local admins are off (break-glass aside). */
export const ssoEvidence = () =>
  selector("single sign-on to Argo CD, Harbor, Grafana and Vault, and local admins off in prod", ({ plan, profile }) => {
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    for (const argocd of releasesOf(plan, "argo-cd")) {
      const oidc = valueAt(argocd.inputs, ["values", "configs", "cm", "oidc.config"]);
      const dex = valueAt(argocd.inputs, "values.dex.enabled") === true;
      const admin = valueAt(argocd.inputs, ["values", "configs", "cm", "admin.enabled"]);
      if (oidc === undefined && !dex) missing.push({ what: "Argo CD: no OIDC/Dex login configured (local accounts only)" });
      else evidence.push(resourceEvidence(argocd, { sso: oidc !== undefined ? "oidc.config" : "dex", "admin.enabled": String(admin) }));
      if (profile === "prod" && admin !== false)
        missing.push({ what: "Argo CD: the local admin is enabled in prod (configs.cm admin.enabled)" });
    }
    if (releasesOf(plan, "harbor").length > 0) {
      const oidc = ofType(plan, "harbor:index/configAuth:ConfigAuth").filter((c) => c.inputs.authMode === "oidc_auth");
      if (oidc.length === 0)
        missing.push({
          what: "Harbor: no OIDC authentication (harbor:index/configAuth:ConfigAuth authMode oidc_auth); local database users",
        });
      evidence.push(...oidc.map((c) => resourceEvidence(c, { authMode: "oidc_auth", oidcAdminGroup: display(c.inputs.oidcAdminGroup) })));
    }
    for (const stack of releasesOf(plan, "victoria-metrics-k8s-stack")) {
      const ini = valueAt(stack.inputs, ["values", "grafana", "grafana.ini"]) as Record<string, Record<string, unknown>> | undefined;
      const oauth = ini?.["auth.generic_oauth"]?.enabled === true;
      const form = ini?.auth?.disable_login_form === true;
      if (!oauth) missing.push({ what: "Grafana: no generic OAuth sign-in (grafana.ini auth.generic_oauth)" });
      else evidence.push(resourceEvidence(stack, { "auth.generic_oauth": "enabled", disable_login_form: String(form) }));
      if (profile === "prod" && !form) missing.push({ what: "Grafana: the local login form is on in prod (auth.disable_login_form)" });
    }
    const vaultOidc = ofType(plan, VAULT_JWT_BACKEND).filter((b) => b.inputs.type === "oidc");
    if (ofType(plan, "vault:index/mount:Mount").length > 0 || ofType(plan, "pulumi:providers:vault").length > 0) {
      if (vaultOidc.length === 0) missing.push({ what: "Vault: no OIDC auth method for people (tokens only)" });
      evidence.push(...vaultOidc.map((b) => resourceEvidence(b, { type: "oidc", path: display(b.inputs.path ?? "oidc") })));
    }
    return { evidence, missing };
  });

/** Hours in a Go/Keycloak duration such as `168h` or `30m`; undefined when unreadable. */
const hoursOf = (value: unknown): number | undefined => {
  const match = typeof value === "string" ? /^(\d+)(h|m)$/.exec(value) : null;
  return match ? Number(match[1]) / (match[2] === "m" ? 60 : 1) : undefined;
};

/**
 * What survives a leaver's removal from the identity provider, and for how long: offline sessions
 * and refresh tokens (Harbor's CLI secret and Grafana/Argo CD refreshes ride on them), Vault tokens
 * of OIDC roles, Argo CD API keys. GitLab personal access tokens are an instance setting the plan
 * cannot show, so they stay missing here (docs/identity.md, "Leavers").
 */
export const leaverEvidence = () =>
  selector("credentials that outlive an SSO removal are time-limited: offline sessions, Vault SSO tokens, API keys", ({ plan }) => {
    const evidence: EvidenceItem[] = [];
    const missing: MissingItem[] = [];
    const realms = ofType(plan, KEYCLOAK.realm);
    if (realms.length === 0) missing.push({ what: "no Keycloak realm: session and token lifetimes are the external issuer's" });
    for (const realm of realms) {
      const offline = hoursOf(realm.inputs.offlineSessionMaxLifespan);
      if (realm.inputs.offlineSessionMaxLifespanEnabled !== true || offline === undefined || offline > 24 * 30)
        missing.push({
          what: `realm ${realm.name}: offline sessions (refresh tokens behind Harbor CLI secrets) have no maximum lifespan of 30 days or less`,
        });
      if (realm.inputs.revokeRefreshToken !== true) missing.push({ what: `realm ${realm.name}: refresh tokens are reusable` });
      evidence.push(
        resourceEvidence(realm, {
          offlineSessionMaxLifespan: display(realm.inputs.offlineSessionMaxLifespan),
          revokeRefreshToken: display(realm.inputs.revokeRefreshToken),
        }),
      );
    }
    for (const role of ofType(plan, VAULT_JWT_ROLE).filter((r) => r.inputs.roleType === "oidc")) {
      const max = Number(role.inputs.tokenMaxTtl ?? 0);
      if (!(max > 0 && max <= 12 * 3600))
        missing.push({ what: `Vault OIDC role ${display(role.inputs.roleName)}: tokens without a max TTL of 12 h or less` });
      else evidence.push(resourceEvidence(role, { tokenMaxTtl: `${max}s` }));
    }
    for (const argocd of releasesOf(plan, "argo-cd")) {
      const cm = (valueAt(argocd.inputs, ["values", "configs", "cm"]) ?? {}) as Record<string, unknown>;
      const apiKeys = Object.entries(cm).filter(([key, value]) => /^accounts\.[^.]+$/.test(key) && String(value).includes("apiKey"));
      if (apiKeys.length > 0)
        missing.push({ what: `Argo CD: local accounts with the apiKey capability (${apiKeys.map(([k]) => k).join(", ")})` });
      else
        evidence.push(
          resourceEvidence(argocd, {
            "local accounts with apiKey": "none",
            // Argo CD's own session token; its default is 24 h.
            "users.session.duration": display(cm["users.session.duration"] ?? "24h (Argo CD default)"),
          }),
        );
    }
    missing.push({
      what: "GitLab personal access tokens: their maximum lifetime is a GitLab instance setting outside this plan (docs/identity.md, Leavers)",
    });
    return { evidence, missing };
  });
