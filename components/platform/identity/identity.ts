import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { pinnedRelease } from "../../kubernetes/helm-release";
import { namespace } from "../../kubernetes/namespace";
import { hostFor, type PlatformContext } from "../platform-context";
import { KEYCLOAK_RELEASE, KEYCLOAKX_CHART } from "./chart";
import { clientShapes, realmClients, type OidcClientCredentials } from "./clients";
import { identityMetricsEndpoints, type MetricsEndpoint } from "./metrics";
import { PlatformRealm } from "./realm";
import { IDENTITY_SERVICE } from "./service";
import { IDENTITY_CLIENTS, mfaRequired, type IdentityClient, type IdentitySettings } from "./settings";
import { AUTOMATION_CLIENT_ID, BREAK_GLASS_ADMIN, identityValues, KEYCLOAK_HOST_PREFIX, KEYCLOAK_SECRETS } from "./values";

export interface IdentityArgs {
  context: PlatformContext;
  /** `services.identity`, parsed from stack config (secret fields are Pulumi secrets). */
  settings: IdentitySettings;
  /** GitLab instance: its OIDC client's callback. */
  gitlabUrl: string;
  /** Mount path of Vault's OIDC auth method: its client's callback. */
  vaultOidcPath: string;
}

/**
 * The platform's identity provider: Keycloak (keycloakx chart) with the platform realm, MFA, and one
 * OIDC client per tool, configured through @pulumi/keycloak; or, by config, an external issuer whose
 * clients the operator registered. Other components read `issuer` and `clients` to trust it.
 */
export class Identity extends pulumi.ComponentResource {
  public readonly provider: IdentitySettings["provider"];
  /** OIDC issuer URL every tool trusts. */
  public readonly issuer: string;
  /** Credentials per tool; a tool without an entry keeps its local login. */
  public readonly clients: Partial<Record<IdentityClient, OidcClientCredentials>>;
  /** Realm groups of platform operators. */
  public readonly adminGroups: readonly string[];
  /** Whether the realm requires a second factor for every human (known only for the in-cluster realm). */
  public readonly mfaRequired: boolean;
  /** Keycloak only: the realm (team groups are created in it) and the automation-identity provider. */
  public readonly realm?: { id: pulumi.Output<string>; provider: keycloak.Provider };
  public readonly namespace?: pulumi.Output<string>;
  /** Keycloak only: the master realm's break-glass admin, to be sealed in Vault. */
  public readonly breakGlass?: { username: string; password: pulumi.Output<string> };
  public readonly metrics: MetricsEndpoint[];
  /** `services.identity.developerProdSecrets`. */
  public readonly developerProdSecrets: boolean;

  constructor(name: string, args: IdentityArgs, opts?: pulumi.ComponentResourceOptions) {
    super("delivery-platform:platform:Identity", name, {}, opts);
    const { context, settings } = args;
    this.provider = settings.provider;
    this.adminGroups = settings.adminGroups;
    this.metrics = [];
    this.developerProdSecrets = settings.developerProdSecrets;

    if (settings.provider === "external" && settings.external) {
      this.issuer = settings.external.issuer;
      this.mfaRequired = false;
      this.clients = Object.fromEntries(
        IDENTITY_CLIENTS.flatMap((tool) => {
          const client = settings.external?.clients[tool];
          return client
            ? [[tool, { clientId: client.clientId, ...(client.clientSecret ? { clientSecret: client.clientSecret } : {}) }]]
            : [];
        }),
      );
      this.registerOutputs({ issuer: this.issuer });
      return;
    }

    const child = { parent: this };
    const ns = namespace(
      `${name}-namespace`,
      { name: IDENTITY_SERVICE.namespace, podSecurity: "restricted", labels: { "platform.delivery/service": IDENTITY_SERVICE.namespace } },
      child,
    );
    this.namespace = ns.metadata.name;
    const password = (suffix: string) => new random.RandomPassword(`${name}-${suffix}`, { length: 40, special: false }, { parent: this });
    const automationSecret = password("automation-client-secret");
    const breakGlassPassword = password("break-glass-admin-password");
    const b = KEYCLOAK_SECRETS.bootstrap;
    const bootstrap = new k8s.core.v1.Secret(
      `${name}-bootstrap`,
      {
        metadata: { name: b.name, namespace: ns.metadata.name },
        type: "Opaque",
        stringData: {
          [b.clientId]: AUTOMATION_CLIENT_ID,
          [b.clientSecret]: pulumi.secret(automationSecret.result),
          [b.username]: BREAK_GLASS_ADMIN,
          [b.password]: pulumi.secret(breakGlassPassword.result),
        },
      },
      child,
    );
    const database =
      settings.database.kind === "external"
        ? new k8s.core.v1.Secret(
            `${name}-database`,
            {
              metadata: { name: KEYCLOAK_SECRETS.database.name, namespace: ns.metadata.name },
              type: "Opaque",
              stringData: { [KEYCLOAK_SECRETS.database.key]: pulumi.secret(settings.database.password) },
            },
            child,
          )
        : undefined;

    const release = pinnedRelease(
      `${name}-release`,
      {
        pin: KEYCLOAKX_CHART,
        versionOverride: settings.chartVersion,
        releaseName: KEYCLOAK_RELEASE,
        namespace: ns.metadata.name,
        values: pulumi
          .output(context.clusterIssuer)
          .apply((clusterIssuer) => identityValues({ ...context, clusterIssuer }, settings, context.profile)),
        overrides: settings.values,
      },
      // The embedded dev database lives in the pod; with an external one the release holds no data itself.
      { parent: this, dependsOn: [bootstrap, ...(database ? [database] : [])] },
    );

    const url = `https://${hostFor(context, KEYCLOAK_HOST_PREFIX)}`;
    // The automation identity: the master-realm service-account client created at first start.
    const provider = new keycloak.Provider(
      `${name}-provider`,
      {
        url,
        realm: "master",
        clientId: AUTOMATION_CLIENT_ID,
        clientSecret: pulumi.secret(automationSecret.result),
        // Keycloak answers before the ingress certificate exists on a fresh cluster.
        initialLogin: false,
        tlsInsecureSkipVerify: context.profile === "dev",
      },
      { parent: this, dependsOn: [release] },
    );
    const realm = new PlatformRealm(
      `${name}-platform`,
      { settings, mfaRequired: mfaRequired(context.profile, settings), domain: context.domain },
      { parent: this, provider },
    );
    const kc = { parent: this, provider };
    for (const group of settings.adminGroups)
      new keycloak.Group(
        `${name}-group-${group}`,
        { realmId: realm.realmId, name: group, description: "Platform operators", attributes: { "platform.delivery/role": "admin" } },
        kc,
      );

    this.issuer = `${url}/realms/${settings.realm}`;
    this.mfaRequired = mfaRequired(context.profile, settings);
    this.clients = realmClients(
      `${name}-client`,
      { realmId: realm.realmId, shapes: clientShapes(context, args.gitlabUrl, args.vaultOidcPath) },
      { parent: this, provider },
    );
    this.realm = { id: realm.realmId, provider };
    this.breakGlass = { username: BREAK_GLASS_ADMIN, password: pulumi.secret(breakGlassPassword.result) };
    this.metrics = identityMetricsEndpoints(ns.metadata.name);
    this.registerOutputs({ issuer: this.issuer, namespace: this.namespace, metrics: this.metrics });
  }
}
