import { JSONLINE_INGEST_PATH, LEDGER_LOG_SOURCES } from "../../shared/release-record";
import { embeddedYaml } from "./embedded-yaml";

/**
 * Argo CD sync events for the release ledger (docs/release-ledger.md): the notifications controller
 * POSTs one JSON line per event to each VictoriaLogs replica's JSON-lines endpoint
 * (docs.victoriametrics.com/victorialogs/data-ingestion: `/insert/jsonline`, `_time_field`, and "If
 * multiple remoteWrite entries..." does not apply here, so every replica gets its own webhook service:
 * the replicas are independent stores). Argo CD keeps only its last ten syncs per Application; these
 * lines are what the ledger joins on (app, env, revision, time, phase, images) beyond that.
 *
 * Services, templates and triggers follow argoproj/argo-cd v3.4.4 docs/operator-manual/notifications
 * (services/webhook.md: `service.webhook.<name>` url and headers; templates `webhook.<name>.{method,
 * path, body}`; the catalog's on-sync-succeeded, on-sync-failed, on-health-degraded, on-deployed).
 * Applications are named `<app>-<env>` in AppProject `<app>` (app-names.ts), so env is the name minus
 * the project prefix (sprig `trimPrefix`, available in notification templates).
 */

export const SYNC_EVENT_SERVICE_PREFIX = "release-ledger";
export const SYNC_EVENT_TRIGGERS = ["ledger-sync-succeeded", "ledger-sync-failed", "ledger-health-degraded", "ledger-deployed"] as const;

const ENV = '{{trimPrefix (printf "%s-" .app.spec.project) .app.metadata.name}}';

// `phase` is a template pipeline: a field (`.app.status.operationState.phase`) or a string literal.
const body = (phase: string, withOperation: boolean): string =>
  [
    `{"source":"${LEDGER_LOG_SOURCES.argocd}","kind":"sync"`,
    '"app":{{toJson .app.spec.project}}',
    `"env":{{toJson (${ENV.slice(2, -2)})}}`,
    withOperation
      ? '"revision":{{toJson .app.status.operationState.syncResult.revision}}'
      : '"revision":{{toJson .app.status.sync.revision}}',
    // Without a time field VictoriaLogs stamps the line on arrival (health changes carry none).
    ...(withOperation ? ['"time":{{toJson .app.status.operationState.finishedAt}}'] : []),
    `"phase":{{toJson ${phase}}}`,
    '"health":{{toJson .app.status.health.status}}',
    '"images":{{toJson .app.status.summary.images}}',
    `"message":{{toJson (printf "%s %s %s" .app.metadata.name ${phase} .app.status.sync.revision)}}}`,
  ].join(",");

interface EventKind {
  trigger: (typeof SYNC_EVENT_TRIGGERS)[number];
  template: string;
  description: string;
  when: string;
  phase: string;
  withOperation: boolean;
}

const EVENTS: readonly EventKind[] = [
  {
    trigger: "ledger-sync-succeeded",
    template: "ledger-sync-succeeded",
    description: "Application syncing has succeeded",
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded']",
    phase: ".app.status.operationState.phase",
    withOperation: true,
  },
  {
    trigger: "ledger-sync-failed",
    template: "ledger-sync-failed",
    description: "Application syncing has failed",
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
    phase: ".app.status.operationState.phase",
    withOperation: true,
  },
  {
    trigger: "ledger-health-degraded",
    template: "ledger-health-degraded",
    description: "Application has degraded",
    when: "app.status.health.status == 'Degraded'",
    phase: '"Degraded"',
    withOperation: false,
  },
  {
    trigger: "ledger-deployed",
    template: "ledger-deployed",
    description: "Application is synced and healthy (a restore after a degradation)",
    when: "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
    phase: '"Healthy"',
    withOperation: false,
  },
];

/** argocd-notifications-cm entries for the sync events, one webhook service per VictoriaLogs replica. */
export function syncEventValues(ingestUrls: readonly string[]): {
  notifiers: Record<string, string>;
  templates: Record<string, string>;
  triggers: Record<string, string>;
  subscription?: { recipients: string[]; triggers: string[] };
} {
  if (ingestUrls.length === 0) return { notifiers: {}, templates: {}, triggers: {} };
  const services = ingestUrls.map((_, i) => `${SYNC_EVENT_SERVICE_PREFIX}-${i}`);
  const notifiers = Object.fromEntries(
    ingestUrls.map((url, i) => [
      `service.webhook.${services[i]}`,
      embeddedYaml({ url: url.replace(/\/+$/, ""), headers: [{ name: "Content-Type", value: "application/stream+json" }] }),
    ]),
  );
  const templates = Object.fromEntries(
    EVENTS.map((event) => [
      `template.${event.template}`,
      embeddedYaml({
        message: `{{.app.metadata.name}}: ${event.description}`,
        webhook: Object.fromEntries(
          services.map((service) => [
            service,
            { method: "POST", path: JSONLINE_INGEST_PATH, body: body(event.phase, event.withOperation) },
          ]),
        ),
      }),
    ]),
  );
  const triggers = Object.fromEntries(
    EVENTS.map((event) => [
      `trigger.${event.trigger}`,
      embeddedYaml([
        {
          description: event.description,
          when: event.when,
          send: [event.template],
          // One line per revision and outcome; a later degradation of the same revision is a new event.
          oncePer: "app.status.operationState?.syncResult?.revision",
        },
      ]),
    ]),
  );
  return { notifiers, templates, triggers, subscription: { recipients: services, triggers: [...SYNC_EVENT_TRIGGERS] } };
}
