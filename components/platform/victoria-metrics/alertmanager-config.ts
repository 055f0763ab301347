import { stringify } from "yaml";
import type { AlertingSettings, Receiver } from "./alerting-settings";

/** The Secret External Secrets fills with the receivers' credentials; the operator mounts it. */
export const RECEIVER_SECRET = "alertmanager-receivers";
/** Where VMAlertmanager mounts `spec.secrets` (operator: SecretsDir = /etc/vm/secrets, one folder per Secret). */
export const RECEIVER_SECRET_DIR = `/etc/vm/secrets/${RECEIVER_SECRET}`;
/** Vault KV path (under the platform services' folder the `vault` ClusterSecretStore reads). */
export const RECEIVER_VAULT_PATH = "platform/services/alertmanager";

/** The Vault key each receiver's secret lives under, `<name>-<field>` (none for e-mail without authentication). */
export function receiverSecretKey(receiver: Receiver): string | undefined {
  switch (receiver.kind) {
    case "slack":
    case "webhook":
      return `${receiver.name}-url`;
    case "pagerduty":
      return `${receiver.name}-routingKey`;
    case "email":
      return receiver.authUsername === undefined ? undefined : `${receiver.name}-password`;
  }
}

const file = (key: string) => `${RECEIVER_SECRET_DIR}/${key}`;

/** One receiver, with its secret by file (Alertmanager v0.32.1 docs/configuration.md: `*_file` options). */
function receiverConfig(receiver: Receiver): Record<string, unknown> {
  const key = receiverSecretKey(receiver);
  switch (receiver.kind) {
    case "slack":
      return { name: receiver.name, slack_configs: [{ api_url_file: file(key!), channel: receiver.channel, send_resolved: true }] };
    case "pagerduty":
      return { name: receiver.name, pagerduty_configs: [{ routing_key_file: file(key!), send_resolved: true }] };
    case "webhook":
      return { name: receiver.name, webhook_configs: [{ url_file: file(key!), send_resolved: true }] };
    case "email":
      return {
        name: receiver.name,
        email_configs: [
          {
            to: receiver.to,
            from: receiver.from,
            smarthost: receiver.smarthost,
            require_tls: true,
            send_resolved: true,
            ...(key === undefined ? {} : { auth_username: receiver.authUsername, auth_password_file: file(key) }),
          },
        ],
      };
  }
}

/**
 * `alertmanager.yaml`: every alert to the default receiver, critical ones to the critical receiver
 * as well. Holds no secret (receivers read theirs from files), but is stored as the operator's
 * `configSecret` like any Alertmanager config.
 */
export function alertmanagerConfig(alerting: AlertingSettings): string {
  const first = alerting.receivers[0];
  if (first === undefined) throw new Error("alertmanagerConfig: no receivers");
  const defaultReceiver = alerting.defaultReceiver ?? first.name;
  const critical = alerting.criticalReceiver;
  return stringify(
    {
      route: {
        receiver: defaultReceiver,
        group_by: ["alertname", "namespace"],
        group_wait: "30s",
        group_interval: "5m",
        repeat_interval: "4h",
        // A matching child route takes the alert from its parent; `continue` lets the catch-all after it match too.
        ...(critical && critical !== defaultReceiver
          ? { routes: [{ matchers: ['severity="critical"'], receiver: critical, continue: true }, { receiver: defaultReceiver }] }
          : {}),
      },
      receivers: alerting.receivers.map(receiverConfig),
    },
    { lineWidth: 0 },
  );
}
