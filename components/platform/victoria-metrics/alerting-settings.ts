import { z } from "zod";
import type { SecretField } from "../service-settings";

const RECEIVER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const receiverName = z
  .string()
  .max(40)
  .regex(RECEIVER_NAME, "must be a lower-case name such as oncall (letters, digits, '-')")
  .meta({ description: "Receiver name; also the prefix of its keys in Vault (platform/services/alertmanager)." });

const HOST_PORT = /^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?:\d{1,5}$/;

/**
 * One Alertmanager receiver. Its secret (Slack webhook URL, PagerDuty routing key, SMTP password,
 * webhook URL) is never in the stack config: it is read from Vault, key `<name>-<field>` of
 * `platform/services/alertmanager`, synced by External Secrets and mounted for Alertmanager's
 * `*_file` options (alertmanager-config.ts).
 */
export const receiverSchema = z.discriminatedUnion("kind", [
  z
    .strictObject({
      kind: z.literal("slack").meta({ description: "Slack incoming webhook; Vault key `<name>-url`." }),
      name: receiverName,
      channel: z
        .string()
        .regex(/^#[a-z0-9_-]+$/, "must be a channel such as #platform-alerts")
        .meta({ description: "Slack channel." }),
    })
    .meta({ description: "Slack." }),
  z
    .strictObject({
      kind: z.literal("pagerduty").meta({ description: "PagerDuty Events API v2; Vault key `<name>-routingKey`." }),
      name: receiverName,
    })
    .meta({ description: "PagerDuty." }),
  z
    .strictObject({
      kind: z.literal("email").meta({ description: "E-mail through an SMTP relay; Vault key `<name>-password` when authUsername is set." }),
      name: receiverName,
      to: z.email("must be an e-mail address").meta({ description: "Recipient." }),
      from: z.email("must be an e-mail address").meta({ description: "Sender." }),
      smarthost: z.string().regex(HOST_PORT, "must be host:port, such as smtp.example.com:587").meta({ description: "SMTP relay." }),
      authUsername: z.string().min(1).optional().meta({ description: "SMTP user, if the relay authenticates." }),
    })
    .meta({ description: "E-mail." }),
  z
    .strictObject({
      kind: z.literal("webhook").meta({ description: "Generic webhook (Alertmanager JSON); Vault key `<name>-url`." }),
      name: receiverName,
    })
    .meta({ description: "Webhook." }),
]);

export type Receiver = z.output<typeof receiverSchema>;

/** `services.victoriaMetrics.alerting`. */
export const alertingSettings = z
  .strictObject({
    receivers: z.array(receiverSchema).default([]).meta({ description: "Where alerts go. Required in prod." }),
    defaultReceiver: receiverName.optional().meta({ description: "Receiver of every alert; default: the first receiver." }),
    criticalReceiver: receiverName
      .optional()
      .meta({ description: "Receiver of `severity: critical` alerts as well (for example PagerDuty)." }),
  })
  .superRefine((alerting, ctx) => {
    const names = alerting.receivers.map((r) => r.name);
    names.forEach((name, i) => {
      if (names.indexOf(name) < i)
        ctx.addIssue({ code: "custom", path: ["receivers", i, "name"], message: `duplicate receiver '${name}'` });
    });
    for (const key of ["defaultReceiver", "criticalReceiver"] as const) {
      const name = alerting[key];
      if (name !== undefined && !names.includes(name))
        ctx.addIssue({ code: "custom", path: [key], message: `names no receiver (known: ${names.join(", ") || "none"})` });
    }
  })
  .prefault({})
  .meta({ description: "Alertmanager receivers and routing; their secrets come from Vault through External Secrets." });

export type AlertingSettings = z.output<typeof alertingSettings>;

/** `services.victoriaMetrics.grafana`: where Grafana keeps users, sessions and dashboards saved in the UI. */
export const grafanaSettings = (secret: SecretField) =>
  z
    .strictObject({
      database: z
        .discriminatedUnion("kind", [
          z.strictObject({
            kind: z.literal("embedded").meta({ description: "SQLite on a volume: one replica only (not in prod)." }),
          }),
          z.strictObject({
            kind: z.literal("postgres").meta({ description: "An external PostgreSQL: lets Grafana run two replicas (required in prod)." }),
            host: z
              .string()
              .regex(HOST_PORT, "must be host:port, such as grafana-db.example.com:5432")
              .meta({ description: "PostgreSQL host:port." }),
            name: z.string().min(1).default("grafana").meta({ description: "Database (create it, empty, before the first install)." }),
            user: z.string().min(1).meta({ description: "PostgreSQL user." }),
            password: secret(
              "services.victoriaMetrics.grafana.database.password",
              "Password of that user; delivered to Grafana as GF_DATABASE_PASSWORD from a Kubernetes Secret.",
            ),
            sslMode: z.enum(["disable", "require", "verify-ca", "verify-full"]).default("require").meta({ description: "libpq sslmode." }),
          }),
        ])
        .prefault({ kind: "embedded" })
        .meta({ description: "Grafana's database." }),
    })
    .prefault({})
    .meta({ description: "Grafana." });

export type GrafanaSettings = z.output<ReturnType<typeof grafanaSettings>>;
