import * as pulumi from "@pulumi/pulumi";
import * as vault from "@pulumi/vault";
import { BREAK_GLASS_PATH } from "../vault/oidc-auth";
import { vmRule } from "../victoria-metrics/operator-resources";

/** One tool's emergency credential: the local account that still works while the identity provider is down. */
export interface BreakGlassCredential {
  /** Tool key; the Vault entry is `<kv>/platform/break-glass/<tool>`. */
  tool: string;
  username: string;
  password: pulumi.Output<string>;
  /** What it opens, for the entry's metadata and the runbook. */
  opens: string;
}

export interface BreakGlassArgs {
  kvMountPath: pulumi.Input<string>;
  credentials: readonly BreakGlassCredential[];
  /** Where the alert on reads lives (the VictoriaMetrics namespace and the release that installs VMRule). */
  alerting?: { namespace: pulumi.Input<string>; crdRelease: pulumi.Resource };
}

/**
 * LogsQL over Vault's JSON audit log (stdout, collected into VictoriaLogs): every successful read of
 * a break-glass entry, by path and by who read it. Vault's audit device logs request.path,
 * request.operation and auth.display_name (website/content/docs/audit/index.mdx).
 */
export const BREAK_GLASS_READ_QUERY =
  `kubernetes.pod_namespace:="vault" "${BREAK_GLASS_PATH}/" | unpack_json | ` +
  `filter type:="response" and request.operation:="read" and request.path:"${BREAK_GLASS_PATH}/" | ` +
  "stats by (request.path, auth.display_name) count() as reads";

export const BREAK_GLASS_ALERT = "BreakGlassCredentialRead";

/**
 * The break-glass credentials, sealed in Vault only (no ExternalSecret, no CI role and no team policy
 * reaches `platform/break-glass/*`; the operators' break-glass-reader policy does), and an alert on
 * every read. Using one is an incident: docs/runbooks/break-glass.md (use, review, rotation).
 */
export class BreakGlass extends pulumi.ComponentResource {
  public readonly paths: pulumi.Output<string>[];

  constructor(name: string, args: BreakGlassArgs, opts: pulumi.ComponentResourceOptions & { provider: vault.Provider }) {
    super("delivery-platform:platform:BreakGlass", name, {}, opts);
    const v = { parent: this, provider: opts.provider };
    this.paths = args.credentials.map(
      (credential) =>
        new vault.kv.SecretV2(
          `${name}-${credential.tool}`,
          {
            mount: args.kvMountPath,
            name: `${BREAK_GLASS_PATH}/${credential.tool}`,
            dataJson: pulumi.secret(
              pulumi
                .output(credential.password)
                .apply((password) => JSON.stringify({ username: credential.username, password, opens: credential.opens })),
            ),
            // Every version is kept for review after an incident; rotation writes a new one.
            customMetadata: { maxVersions: 0, data: { owner: "platform-team", runbook: "docs/runbooks/break-glass.md" } },
          },
          // The only copy outside Pulumi state: losing it loses the way in while the identity provider is down.
          { ...v, protect: true },
        ).path,
    );
    if (args.alerting)
      vmRule(
        `${name}-alert`,
        {
          name: "platform-break-glass",
          namespace: args.alerting.namespace,
          labels: { "platform.delivery/monitoring": "platform" },
          spec: {
            groups: [
              {
                name: "platform-break-glass",
                type: "vlogs",
                interval: "1m",
                rules: [
                  {
                    alert: BREAK_GLASS_ALERT,
                    expr: BREAK_GLASS_READ_QUERY,
                    labels: { severity: "critical" },
                    annotations: {
                      summary: "A break-glass credential was read from Vault",
                      description:
                        '{{ index $labels "auth.display_name" }} read {{ index $labels "request.path" }}: follow docs/runbooks/break-glass.md (review, rotate).',
                    },
                  },
                ],
              },
            ],
          },
        },
        { parent: this, dependsOn: [args.alerting.crdRelease] },
      );
    this.registerOutputs({ paths: this.paths });
  }
}
