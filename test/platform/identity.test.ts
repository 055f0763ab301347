// Single sign-on in the dev and prod example plans (issue 19): Keycloak's shape per profile, the
// realm's MFA rule, the clients and their secrets, each tool's wiring, local admins and break-glass.
import { BREAK_GLASS_READ_QUERY } from "../../components/platform/identity/break-glass";
import { IDENTITY_CLIENTS, identityProfileProblems, identitySettings } from "../../components/platform/identity/settings";
import { allSecret } from "../../components/platform/service-settings";
import { externalSecretsReadPolicy } from "../../components/platform/vault/policies";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { configSchema } from "../../stacks/config/schema";
import { examplePlan } from "../helpers/example-plans";
import { inputAt } from "../helpers/plan-component";

const plans: Record<string, PlanDocument> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"]) plans[stack] = await examplePlan(stack);
});
const ofType = (plan: PlanDocument, type: string) => plan.resources.filter((r) => r.type === type);
const release = (plan: PlanDocument, chart: string): PlanResource =>
  ofType(plan, "kubernetes:helm.sh/v3:Release").find((r) => r.inputs.chart === chart)!;
const values = (r: PlanResource) => r.inputs.values as Record<string, unknown>;
/** A key of a Secret's stringData is secret in the plan (the whole map is, when a config secret is in it). */
const secretKey = (r: PlanResource, key: string) => r.secretPaths.includes("stringData") || r.secretPaths.includes(`stringData.${key}`);

describe("Keycloak per profile", () => {
  it("dev: one replica on the embedded dev-file database, no database Secret", () => {
    const kc = values(release(plans.dev!, "keycloakx"));
    expect(kc).toMatchObject({ replicas: 1, database: { vendor: "dev-file" }, dbchecker: { enabled: false } });
    expect(ofType(plans.dev!, "kubernetes:core/v1:Secret").map((s) => s.inputs.metadata)).not.toContainEqual(
      expect.objectContaining({ name: "keycloak-database" }),
    );
  });

  it("prod: three replicas on the external PostgreSQL, its password only in a Secret the chart references", () => {
    const kc = values(release(plans.prod!, "keycloakx"));
    expect(kc).toMatchObject({
      replicas: 3,
      podDisruptionBudget: { maxUnavailable: 1 },
      database: {
        vendor: "postgres",
        hostname: "keycloak-db.postgres.example.com",
        existingSecret: "keycloak-database",
        existingSecretKey: "password",
      },
    });
    expect(kc.database).not.toHaveProperty("password");
    const secret = ofType(plans.prod!, "kubernetes:core/v1:Secret").find(
      (s) => (s.inputs.metadata as { name: string }).name === "keycloak-database",
    )!;
    expect(secretKey(secret, "password")).toBe(true);
    // The bootstrap identities reach the pods by reference only.
    expect(kc.extraEnv).toContain("secretKeyRef:\n      name: keycloak-bootstrap");
    const bootstrap = ofType(plans.prod!, "kubernetes:core/v1:Secret").find(
      (s) => (s.inputs.metadata as { name: string }).name === "keycloak-bootstrap",
    )!;
    expect(secretKey(bootstrap, "client-secret") && secretKey(bootstrap, "password")).toBe(true);
  });
});

describe("the platform realm", () => {
  it.each(["dev", "prod"])("%s: brute-force detection and session limits; every client code-flow only, with a groups claim", (stack) => {
    const plan = plans[stack]!;
    const [realm] = ofType(plan, "keycloak:index/realm:Realm");
    expect(realm).toMatchObject({ protect: true });
    expect(realm!.inputs).toMatchObject({
      realm: "platform",
      registrationAllowed: false,
      ssoSessionIdleTimeout: "30m",
      ssoSessionMaxLifespan: "10h",
      revokeRefreshToken: true,
      securityDefenses: { bruteForceDetection: { maxLoginFailures: 5, permanentLockout: false } },
    });
    const clients = ofType(plan, "keycloak:openid/client:Client");
    expect(clients.map((c) => c.inputs.clientId).sort()).toEqual([...IDENTITY_CLIENTS].sort());
    for (const client of clients)
      expect(client.inputs).toMatchObject({ directAccessGrantsEnabled: false, implicitFlowEnabled: false, standardFlowEnabled: true });
    // Confidential clients' generated secrets are secret in the plan; the CLI client is public.
    for (const client of clients.filter((c) => c.inputs.accessType === "CONFIDENTIAL"))
      expect(client.secretPaths).toContain("clientSecret");
    expect(clients.find((c) => c.inputs.clientId === "kubernetes")!.inputs).toMatchObject({
      accessType: "PUBLIC",
      pkceCodeChallengeMethod: "S256",
    });
    expect(ofType(plan, "keycloak:openid/groupMembershipProtocolMapper:GroupMembershipProtocolMapper")).toHaveLength(clients.length);
  });

  it("prod: the browser flow requires password and OTP of every user, enrolment is a default action", () => {
    const plan = plans.prod!;
    const [binding] = ofType(plan, "keycloak:authentication/bindings:Bindings");
    expect(binding!.inputs.browserFlow).toBe("platform-browser-mfa");
    const executions = ofType(plan, "keycloak:authentication/execution:Execution").map((e) => [
      e.inputs.authenticator,
      e.inputs.requirement,
    ]);
    expect(executions).toEqual(
      expect.arrayContaining([
        ["auth-username-password-form", "REQUIRED"],
        ["auth-otp-form", "REQUIRED"],
      ]),
    );
    expect(ofType(plan, "keycloak:index/requiredAction:RequiredAction")[0]!.inputs).toMatchObject({
      alias: "CONFIGURE_TOTP",
      defaultAction: true,
    });
  });

  it("dev: MFA optional (the built-in flow), enrolment not forced", () => {
    expect(ofType(plans.dev!, "keycloak:authentication/bindings:Bindings")).toEqual([]);
    expect(ofType(plans.dev!, "keycloak:index/requiredAction:RequiredAction")[0]!.inputs).toMatchObject({ defaultAction: false });
  });

  it("the Keycloak provider is the automation client, its secret marked secret", () => {
    const [provider] = ofType(plans.prod!, "pulumi:providers:keycloak");
    expect(provider!.inputs).toMatchObject({ clientId: "platform-automation", realm: "master" });
    expect(provider!.secretPaths).toContain("clientSecret");
  });
});

describe("each tool trusts the realm", () => {
  const issuer = "https://sso.platform.example.com/realms/platform";

  it("Argo CD: OIDC with the secret by reference; prod turns the local admin off, dev keeps it", () => {
    const cm = (plan: PlanDocument) => inputAt(release(plan, "argo-cd"), "values.configs.cm") as Record<string, unknown>;
    expect(cm(plans.prod!)["oidc.config"]).toContain(`issuer: ${issuer}`);
    expect(cm(plans.prod!)["oidc.config"]).toContain("clientSecret: $argocd-oidc:clientSecret");
    expect(cm(plans.prod!)["admin.enabled"]).toBe(false);
    expect(cm(plans.prod!)["users.session.duration"]).toBe("10h");
    expect(cm(plans.dev!)["admin.enabled"]).toBe(true);
  });

  it("Harbor: oidc_auth through ConfigAuth, the client secret a secret input", () => {
    const [auth] = ofType(plans.prod!, "harbor:index/configAuth:ConfigAuth");
    expect(auth!.inputs).toMatchObject({ authMode: "oidc_auth", oidcEndpoint: issuer, oidcClientId: "harbor", oidcGroupsClaim: "groups" });
    expect(auth!.secretPaths).toContain("oidcClientSecret");
  });

  it("Grafana: generic OAuth with the secret from a Secret; prod hides the login form", () => {
    const grafana = (plan: PlanDocument) =>
      inputAt(release(plan, "victoria-metrics-k8s-stack"), "values.grafana") as Record<string, unknown>;
    const ini = (plan: PlanDocument) => grafana(plan)["grafana.ini"] as Record<string, Record<string, unknown>>;
    expect(ini(plans.prod!)["auth.generic_oauth"]).toMatchObject({
      enabled: true,
      client_id: "grafana",
      auth_url: `${issuer}/protocol/openid-connect/auth`,
    });
    expect(ini(plans.prod!)["auth.generic_oauth"]).not.toHaveProperty("client_secret");
    expect(grafana(plans.prod!).envFromSecrets).toEqual([{ name: "grafana-oauth" }]);
    expect(ini(plans.prod!).auth!.disable_login_form).toBe(true);
    expect(ini(plans.dev!).auth!.disable_login_form).toBe(false);
  });

  it("Vault: an OIDC method against the realm, roles bound to one group each, tokens of a working day at most", () => {
    const [backend] = ofType(plans.prod!, "vault:jwt/authBackend:AuthBackend").filter((b) => b.inputs.type === "oidc");
    expect(backend!.inputs).toMatchObject({ path: "oidc", oidcDiscoveryUrl: issuer, boundIssuer: issuer, oidcClientId: "vault" });
    expect(backend!.secretPaths).toContain("oidcClientSecret");
    const roles = ofType(plans.prod!, "vault:jwt/authBackendRole:AuthBackendRole").filter((r) => r.inputs.roleType === "oidc");
    expect(roles.length).toBeGreaterThan(0);
    for (const role of roles) {
      expect(role.inputs.boundClaims).toEqual({ groups: role.inputs.roleName });
      expect(role.inputs.tokenMaxTtl).toBeLessThanOrEqual(8 * 3600);
      expect(role.inputs.tokenPolicies).not.toContain("platform-admin");
    }
  });
});

describe("break-glass", () => {
  it("credentials sealed in Vault only: protected KV entries no ExternalSecret or store policy reaches", () => {
    const entries = ofType(plans.prod!, "vault:kv/secretV2:SecretV2").filter(
      (s) => typeof s.inputs.name === "string" && s.inputs.name.startsWith("platform/break-glass/"),
    );
    expect(entries.map((e) => e.inputs.name).sort()).toEqual([
      "platform/break-glass/grafana",
      "platform/break-glass/harbor",
      "platform/break-glass/keycloak",
    ]);
    for (const entry of entries) {
      expect(entry).toMatchObject({ protect: true });
      expect(entry.secretPaths).toContain("dataJson");
    }
    expect(externalSecretsReadPolicy("secret")).not.toContain("break-glass");
    const external = ofType(plans.prod!, "kubernetes:external-secrets.io/v1:ExternalSecret");
    expect(JSON.stringify(external.map((e) => e.inputs))).not.toContain("break-glass");
  });

  it("every read alerts: a vlogs rule over Vault's audit log", () => {
    const rule = ofType(plans.prod!, "kubernetes:operator.victoriametrics.com/v1beta1:VMRule").find(
      (r) => (r.inputs.metadata as { name: string }).name === "platform-break-glass",
    )!;
    const group = (rule.inputs.spec as { groups: { type: string; rules: { alert: string; expr: string }[] }[] }).groups[0]!;
    expect(group.type).toBe("vlogs");
    expect(group.rules[0]).toMatchObject({ alert: "BreakGlassCredentialRead", expr: BREAK_GLASS_READ_QUERY });
    expect(BREAK_GLASS_READ_QUERY).toContain('request.operation:="read"');
  });
});

describe("services.identity rules", () => {
  const settings = (input: Record<string, unknown>) => identitySettings(allSecret).parse(input);
  it("refuses in prod: the embedded database, optional MFA, a single replica", () => {
    const problems = identityProfileProblems("prod", settings({ mfa: "optional", replicas: 1 })).map(
      (p) => `${p.path.join(".")}: ${p.message}`,
    );
    expect(problems).toEqual([
      expect.stringMatching(/^mfa: must be 'required' in prod/),
      expect.stringMatching(/^database\.kind: must be 'external' in prod/),
      expect.stringMatching(/^replicas: must be at least 2 in prod/),
    ]);
  });

  it("accepts optional MFA on dev, and an external issuer only with its settings", () => {
    expect(identityProfileProblems("dev", settings({ mfa: "optional" }))).toEqual([]);
    expect(identityProfileProblems("dev", settings({ provider: "external" }))).toEqual([
      { path: ["external"], message: expect.stringMatching(/^required with provider 'external'/) as unknown },
    ]);
  });

  it("the stack config names the key and refuses a plain-text database password", () => {
    const result = configSchema(new Set()).safeParse({
      environment: "prod",
      domain: "platform.example.test",
      cluster: { context: "kind-test" },
      gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
      services: { identity: { database: { kind: "external", host: "db.example.test", username: "keycloak", password: "plain" } } },
    });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain(
      "services.identity.database.password: must be stored as a secret: run 'pulumi config set --secret --path services.identity.database.password <value>'",
    );
  });
});
