import type * as pulumi from "@pulumi/pulumi";
import { embeddedYaml } from "./embedded-yaml";
import type { ArgoCdSettings } from "./settings";
import { syncEventValues } from "./sync-events";

/** The Secret the notifications controller resolves `$<key>` references from (chart default name). */
export const NOTIFICATIONS_SECRET = "argocd-notifications-secret";

/** Service name of the generic webhook; also its subscription recipient. */
export const WEBHOOK_SERVICE = "platform";

/** Keys in argocd-notifications-secret. */
export const NOTIFICATION_SECRET_KEYS = { webhookAuthorization: "webhook-authorization", slackToken: "slack-token" } as const;

/** Triggers every configured target is subscribed to. */
export const PLATFORM_TRIGGERS = ["on-sync-failed", "on-health-degraded"] as const;

type NotificationSettings = ArgoCdSettings["notifications"];

const appLink = "{{.context.argocdUrl}}/applications/{{.app.metadata.name}}";

const webhookBody = (event: string, detail: string) =>
  `{"app": {{toJson .app.metadata.name}}, "project": {{toJson .app.spec.project}}, "event": "${event}", "detail": {{toJson ${detail}}}, "url": "${appLink}"}`;

const template = (message: string, event: string, detail: string) =>
  embeddedYaml({ message, webhook: { [WEBHOOK_SERVICE]: { method: "POST", body: webhookBody(event, detail) } } });

/**
 * argocd-notifications-cm content: triggers and templates (conditions follow
 * the upstream notifications catalog) and, per configured target, its service
 * and a subscription of all apps. Secrets appear only as `$<key>` references.
 */
export function notificationValues(settings: NotificationSettings, syncEventUrls: readonly string[] = []): Record<string, unknown> {
  // The release ledger's sync events (sync-events.ts), next to the configured targets.
  const ledger = syncEventValues(syncEventUrls);
  const notifiers: Record<string, string> = {};
  const recipients: string[] = [];
  if (settings.webhook) {
    const headers = [
      { name: "Content-Type", value: "application/json" },
      ...(settings.webhook.authorization ? [{ name: "Authorization", value: `$${NOTIFICATION_SECRET_KEYS.webhookAuthorization}` }] : []),
    ];
    notifiers[`service.webhook.${WEBHOOK_SERVICE}`] = embeddedYaml({ url: settings.webhook.url, headers });
    recipients.push(WEBHOOK_SERVICE);
  }
  if (settings.slack) {
    notifiers["service.slack"] = embeddedYaml({ token: `$${NOTIFICATION_SECRET_KEYS.slackToken}` });
    recipients.push(`slack:${settings.slack.channel}`);
  }
  return {
    notifiers: { ...notifiers, ...ledger.notifiers },
    subscriptions: [
      ...(recipients.length > 0 ? [{ recipients, triggers: [...PLATFORM_TRIGGERS] }] : []),
      ...(ledger.subscription ? [ledger.subscription] : []),
    ],
    triggers: {
      ...ledger.triggers,
      "trigger.on-sync-failed": embeddedYaml([
        {
          description: "Application syncing has failed",
          when: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
          send: ["app-sync-failed"],
          oncePer: "app.status.operationState?.syncResult?.revision",
        },
      ]),
      "trigger.on-health-degraded": embeddedYaml([
        {
          description: "Application has degraded",
          when: "app.status.health.status == 'Degraded'",
          send: ["app-health-degraded"],
          oncePer: "app.status.operationState?.syncResult?.revision",
        },
      ]),
    },
    templates: {
      ...ledger.templates,
      "template.app-sync-failed": template(
        `Sync of {{.app.metadata.name}} failed at {{.app.status.operationState.finishedAt}}: {{.app.status.operationState.message}}\n${appLink}?operation=true\n`,
        "sync-failed",
        ".app.status.operationState.message",
      ),
      "template.app-health-degraded": template(
        `{{.app.metadata.name}} is degraded.\n${appLink}\n`,
        "health-degraded",
        ".app.status.health.status",
      ),
    },
  };
}

/** argocd-notifications-secret content: the tokens the services reference. */
export function notificationSecretData(settings: NotificationSettings): Record<string, pulumi.Output<string>> {
  return {
    ...(settings.webhook?.authorization ? { [NOTIFICATION_SECRET_KEYS.webhookAuthorization]: settings.webhook.authorization } : {}),
    ...(settings.slack ? { [NOTIFICATION_SECRET_KEYS.slackToken]: settings.slack.token } : {}),
  };
}
