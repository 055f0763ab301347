// Alerts reach someone and Grafana/VictoriaLogs are replicated where the prod profile promises HA.
import { parse } from "yaml";
import { alertingSettings } from "../../components/platform/victoria-metrics/alerting-settings";
import { alertmanagerConfig } from "../../components/platform/victoria-metrics/alertmanager-config";
import { victoriaLogsIngestUrls } from "../../components/platform/victoria-logs/values";
import type { PlanDocument, PlanResource } from "../../plan/plan-document";
import { configSchema } from "../../stacks/config/schema";
import { examplePlan } from "../helpers/example-plans";
import { inputAt } from "../helpers/plan-component";

let prod: PlanDocument;
let dev: PlanDocument;
beforeAll(async () => {
  [prod, dev] = await Promise.all([examplePlan("prod"), examplePlan("dev")]);
});

const releaseOf = (plan: PlanDocument, chart: string): PlanResource =>
  plan.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart)!;
const named = (plan: PlanDocument, name: string) => plan.resources.find((r) => r.name === name);

describe("Alertmanager receivers", () => {
  const alerting = alertingSettings.parse({
    receivers: [
      { kind: "slack", name: "team", channel: "#alerts" },
      { kind: "pagerduty", name: "oncall" },
      {
        kind: "email",
        name: "mail",
        to: "ops@example.test",
        from: "am@example.test",
        smarthost: "smtp.example.test:587",
        authUsername: "am",
      },
      { kind: "webhook", name: "hook" },
    ],
    criticalReceiver: "oncall",
  });

  it("renders every receiver with its secret read from the mounted Secret, never inline", () => {
    const config = parse(alertmanagerConfig(alerting)) as { route: Record<string, unknown>; receivers: Record<string, unknown>[] };
    expect(config.receivers).toEqual([
      {
        name: "team",
        slack_configs: [{ api_url_file: "/etc/vm/secrets/alertmanager-receivers/team-url", channel: "#alerts", send_resolved: true }],
      },
      {
        name: "oncall",
        pagerduty_configs: [{ routing_key_file: "/etc/vm/secrets/alertmanager-receivers/oncall-routingKey", send_resolved: true }],
      },
      {
        name: "mail",
        email_configs: [
          {
            to: "ops@example.test",
            from: "am@example.test",
            smarthost: "smtp.example.test:587",
            require_tls: true,
            send_resolved: true,
            auth_username: "am",
            auth_password_file: "/etc/vm/secrets/alertmanager-receivers/mail-password",
          },
        ],
      },
      { name: "hook", webhook_configs: [{ url_file: "/etc/vm/secrets/alertmanager-receivers/hook-url", send_resolved: true }] },
    ]);
    // Everything to the first receiver; critical alerts to PagerDuty as well.
    expect(config.route).toMatchObject({
      receiver: "team",
      routes: [{ matchers: ['severity="critical"'], receiver: "oncall", continue: true }, { receiver: "team" }],
    });
  });

  it("refuses duplicate names and routes to unknown receivers", () => {
    const result = alertingSettings.safeParse({
      receivers: [
        { kind: "webhook", name: "a" },
        { kind: "webhook", name: "a" },
      ],
      criticalReceiver: "b",
    });
    expect(result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([
      "receivers.1.name: duplicate receiver 'a'",
      "criticalReceiver: names no receiver (known: a, a)",
    ]);
  });

  it("wires the prod plan: config Secret, receivers synced from Vault and mounted", () => {
    const stack = releaseOf(prod, "victoria-metrics-k8s-stack");
    expect(inputAt(stack, "values.alertmanager.spec.configSecret")).toBe("alertmanager-config");
    expect(inputAt(stack, "values.alertmanager.spec.secrets")).toEqual(["alertmanager-receivers"]);
    const receivers = named(prod, "victoria-metrics-alertmanager-receivers")!;
    expect(inputAt(receivers, "spec.dataFrom")).toEqual([{ extract: { key: "platform/services/alertmanager" } }]);
    expect(inputAt(receivers, "spec.secretStoreRef")).toEqual({ kind: "ClusterSecretStore", name: "vault" });
  });

  const prodConfig = (victoriaMetrics: Record<string, unknown>) => {
    const result = configSchema(new Set(["gitlab", "services"])).safeParse({
      environment: "prod",
      domain: "platform.example.test",
      cluster: { context: "kind-test" },
      gitlab: { url: "https://gitlab.example.test", parentGroup: "apps" },
      services: { victoriaMetrics },
    });
    return result.success
      ? []
      : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).filter((p) => p.startsWith("services.victoriaMetrics"));
  };

  it("requires receivers and Grafana's external database in prod, naming the key", () => {
    expect(prodConfig({})).toEqual([
      "services.victoriaMetrics.alerting.receivers: required in prod: alerts would go nowhere; add a receiver (slack, pagerduty, email or webhook) and put its secret in Vault (docs/services/observability.md)",
      "services.victoriaMetrics.grafana.database.kind: prod runs two Grafana replicas, which need a shared database: set kind 'postgres' with host, user and a secret password",
    ]);
    expect(
      prodConfig({
        alerting: { receivers: [{ kind: "pagerduty", name: "oncall" }] },
        grafana: { database: { kind: "postgres", host: "db.example.test:5432", user: "grafana", password: "p4ss" } },
      }),
    ).toEqual([]);
  });
});

describe("HA where the prod profile promises it", () => {
  it("runs two Grafana replicas on PostgreSQL in prod, its password from a Secret; one on SQLite in dev", () => {
    const values = (plan: PlanDocument) => inputAt(releaseOf(plan, "victoria-metrics-k8s-stack"), "values.grafana") as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(values(prod)).toMatchObject({
      replicas: 2,
      envFromSecret: "grafana-database",
      persistence: { enabled: false },
      "grafana.ini": {
        database: { type: "postgres", host: "grafana-db.postgres.example.com:5432", name: "grafana", user: "grafana", ssl_mode: "require" },
      },
    });
    // The password reaches Grafana only from the Secret: nothing secret in the values, no password in grafana.ini.
    expect(JSON.stringify(values(prod))).not.toContain("[secret]");
    expect(JSON.stringify(values(prod)["grafana.ini"])).not.toMatch(/password/i);
    const secret = named(prod, "victoria-metrics-grafana-database")!;
    expect(secret.type).toBe("kubernetes:core/v1:Secret");
    expect(secret.secretPaths).toEqual(["stringData"]);
    expect(secret.inputs.stringData).toBe("[secret]");
    expect(values(dev)).toMatchObject({ replicas: 1 });
  });

  it("runs two VictoriaLogs replicas in prod and ships every log line to both", () => {
    const server = releaseOf(prod, "victoria-logs-single");
    expect(inputAt(server, "values.server.replicaCount")).toBe(2);
    expect(inputAt(server, "values.podDisruptionBudget")).toEqual({ enabled: true, maxUnavailable: 1 });
    const collector = releaseOf(prod, "victoria-logs-collector");
    expect(inputAt(collector, "values.remoteWrite")).toEqual([
      { url: "http://victoria-logs-0.victoria-logs.logging.svc:9428" },
      { url: "http://victoria-logs-1.victoria-logs.logging.svc:9428" },
    ]);
    expect(victoriaLogsIngestUrls({ profile: "dev" }, "logging")).toEqual(["http://victoria-logs-0.victoria-logs.logging.svc:9428"]);
    expect(inputAt(releaseOf(dev, "victoria-logs-single"), "values.server.replicaCount")).toBe(1);
  });
});
