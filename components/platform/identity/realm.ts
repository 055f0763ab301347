import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import type { IdentitySettings } from "./settings";

export interface PlatformRealmArgs {
  settings: IdentitySettings;
  /** Whether every human must present a second factor (staging/prod, or dev by choice). */
  mfaRequired: boolean;
  /** Base domain: WebAuthn's relying party. */
  domain: string;
}

/** The browser flow that asks every user for the second factor (no condition, no opt-out). */
export const MFA_BROWSER_FLOW = "platform-browser-mfa";

/** Authenticator IDs (keycloak/keycloak services/…/authenticators/browser: *AuthenticatorFactory.PROVIDER_ID). */
const AUTHENTICATORS = {
  cookie: "auth-cookie",
  usernamePassword: "auth-username-password-form",
  otp: "auth-otp-form",
  webauthn: "webauthn-authenticator",
} as const;

/** Required-action aliases (@pulumi/keycloak RequiredAction docs; WebAuthnRegisterFactory.PROVIDER_ID). */
const SETUP_ACTIONS = { otp: "CONFIGURE_TOTP", webauthn: "webauthn-register" } as const;

const minutes = (n: number) => `${n}m`;
const hours = (n: number) => `${n}h`;

/**
 * The platform realm: one realm for every environment of the platform, with brute-force detection,
 * session limits, login events and, where MFA is required, a browser flow whose second factor is
 * REQUIRED (the built-in flow's OTP step is CONDITIONAL: users without OTP skip it) and the setup
 * action a default one, so every new user enrols at first sign-in.
 */
export class PlatformRealm extends pulumi.ComponentResource {
  public readonly realm: keycloak.Realm;
  public readonly realmId: pulumi.Output<string>;
  /** The realm's browser flow alias (the MFA flow, or Keycloak's built-in `browser`). */
  public readonly browserFlow: string;

  constructor(name: string, args: PlatformRealmArgs, opts: pulumi.ComponentResourceOptions & { provider: keycloak.Provider }) {
    super("delivery-platform:platform:PlatformRealm", name, {}, opts);
    const { settings } = args;
    const kc = { parent: this, provider: opts.provider };
    const lockoutSeconds = settings.bruteForce.lockoutMinutes * 60;

    this.realm = new keycloak.Realm(
      `${name}-realm`,
      {
        realm: settings.realm,
        enabled: true,
        displayName: "Delivery platform",
        // Accounts come from the operators (or a federated directory), never from self-registration.
        registrationAllowed: false,
        loginWithEmailAllowed: true,
        duplicateEmailsAllowed: false,
        resetPasswordAllowed: true,
        rememberMe: false,
        sslRequired: "all",
        passwordPolicy: "length(12) and notUsername and notEmail and passwordHistory(5)",
        ssoSessionIdleTimeout: minutes(settings.sessions.idleMinutes),
        ssoSessionMaxLifespan: hours(settings.sessions.maxHours),
        accessTokenLifespan: minutes(settings.sessions.accessTokenMinutes),
        // Offline tokens (refresh tokens that outlive the session) end too, and refresh tokens are single-use.
        offlineSessionMaxLifespanEnabled: true,
        offlineSessionMaxLifespan: hours(24 * 7),
        revokeRefreshToken: true,
        refreshTokenMaxReuse: 0,
        otpPolicy: { type: "totp", algorithm: "HmacSHA1", digits: 6, period: 30, lookAheadWindow: 1 },
        webAuthnPolicy: {
          relyingPartyEntityName: "Delivery platform",
          relyingPartyId: args.domain,
          userVerificationRequirement: "required",
          attestationConveyancePreference: "none",
        },
        securityDefenses: {
          bruteForceDetection: {
            permanentLockout: false,
            maxLoginFailures: settings.bruteForce.maxLoginFailures,
            waitIncrementSeconds: 60,
            maxFailureWaitSeconds: lockoutSeconds,
            failureResetTimeSeconds: 12 * 3600,
            quickLoginCheckMilliSeconds: 1000,
            minimumQuickLoginWaitSeconds: 60,
          },
          headers: {
            xFrameOptions: "SAMEORIGIN",
            contentSecurityPolicy: "frame-src 'self'; frame-ancestors 'self'; object-src 'none';",
            xContentTypeOptions: "nosniff",
            strictTransportSecurity: "max-age=31536000; includeSubDomains",
            referrerPolicy: "no-referrer",
            xRobotsTag: "none",
          },
        },
      },
      // Holds every user, group and credential: replacing it logs everyone out and loses their MFA enrolment.
      { ...kc, protect: true },
    );
    this.realmId = this.realm.id;

    // Logins, failures and admin changes go to the server log (jboss-logging), which VictoriaLogs collects.
    new keycloak.RealmEvents(
      `${name}-events`,
      {
        realmId: this.realm.id,
        eventsEnabled: true,
        eventsExpiration: 90 * 86_400,
        adminEventsEnabled: true,
        adminEventsDetailsEnabled: false,
        eventsListeners: ["jboss-logging"],
      },
      kc,
    );

    const method = settings.mfaMethod;
    new keycloak.RequiredAction(
      `${name}-mfa-setup`,
      { realmId: this.realm.id, alias: SETUP_ACTIONS[method], enabled: true, defaultAction: args.mfaRequired },
      kc,
    );

    if (!args.mfaRequired) {
      this.browserFlow = "browser";
      this.registerOutputs({ realmId: this.realmId, browserFlow: this.browserFlow });
      return;
    }
    const flow = new keycloak.authentication.Flow(
      `${name}-browser-mfa`,
      { realmId: this.realm.id, alias: MFA_BROWSER_FLOW, description: "Password and a second factor, for every user" },
      kc,
    );
    const cookie = new keycloak.authentication.Execution(
      `${name}-browser-mfa-cookie`,
      {
        realmId: this.realm.id,
        parentFlowAlias: flow.alias,
        authenticator: AUTHENTICATORS.cookie,
        requirement: "ALTERNATIVE",
        priority: 10,
      },
      kc,
    );
    const forms = new keycloak.authentication.Subflow(
      `${name}-browser-mfa-forms`,
      {
        realmId: this.realm.id,
        parentFlowAlias: flow.alias,
        alias: `${MFA_BROWSER_FLOW}-forms`,
        providerId: "basic-flow",
        requirement: "ALTERNATIVE",
        priority: 20,
      },
      { ...kc, dependsOn: [cookie] },
    );
    const password = new keycloak.authentication.Execution(
      `${name}-browser-mfa-password`,
      {
        realmId: this.realm.id,
        parentFlowAlias: forms.alias,
        authenticator: AUTHENTICATORS.usernamePassword,
        requirement: "REQUIRED",
        priority: 10,
      },
      kc,
    );
    const secondFactor = new keycloak.authentication.Execution(
      `${name}-browser-mfa-second-factor`,
      {
        realmId: this.realm.id,
        parentFlowAlias: forms.alias,
        authenticator: AUTHENTICATORS[method],
        requirement: "REQUIRED",
        priority: 20,
      },
      { ...kc, dependsOn: [password] },
    );
    new keycloak.authentication.Bindings(
      `${name}-bindings`,
      { realmId: this.realm.id, browserFlow: flow.alias },
      { ...kc, dependsOn: [secondFactor] },
    );
    this.browserFlow = MFA_BROWSER_FLOW;
    this.registerOutputs({ realmId: this.realmId, browserFlow: this.browserFlow });
  }
}
